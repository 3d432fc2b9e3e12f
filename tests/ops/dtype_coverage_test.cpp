// Reference kernels cover the element types the ONNX reader produces (f32, f16, i32, i64, u8,
// boolean) wherever the op's spec allows the type: each op runs on the same small values in every
// type, and the results must agree with the f32 run (values 0..3 are exact in every type).
#include "engine/core/graph.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <functional>

using namespace mo;

namespace {

const ElementType kTypes[] = {ElementType::f32, ElementType::f16, ElementType::i32,
                              ElementType::i64, ElementType::u8,  ElementType::boolean};

Tensor filled(ElementType t, Shape s) {
    Tensor x(t, s);
    for (std::int64_t i = 0; i < x.size(); ++i)
        set_value_from_double(x, i, t == ElementType::boolean ? (i % 2) : (i % 3) + 1);
    return x;
}
Output ci(Graph& g, std::vector<std::int64_t> v, bool scalar = false) {
    Shape s = scalar ? Shape{} : Shape{static_cast<std::int64_t>(v.size())};
    return g.add_const(Tensor::from_vector<std::int64_t>(s, v), g.unique_name("c")).output(0);
}
Attributes A(std::initializer_list<std::pair<const char*, AttrValue>> l) {
    Attributes a;
    for (auto& [k, v] : l) a.set(k, v);
    return a;
}

using Build = std::function<Node&(Graph&, Output x, ElementType t)>;

// Runs the op built by `b` on a [2, 3] input of type t; nullopt when the op rejects the type.
std::optional<std::vector<double>> run(const Build& b, ElementType t, std::string& error) {
    try {
        Graph g;
        auto& p = g.add_parameter("x", t, PartialShape({2, 3}));
        Node& n = b(g, p.output(0), t);
        g.add_result(n.output(0), "r");
        return evaluate(g, {{"x", filled(t, {2, 3})}})[0].value.to_doubles();
    } catch (const InferenceError& e) {
        error = e.what(); // the spec does not allow this type: rejected at inference, fine
        return std::nullopt;
    }
}

struct Case {
    const char* name;
    Build build;
    bool numeric_only; // boolean is outside the spec's types
};

} // namespace

TEST_CASE("reference kernels run every element type the spec allows, with equal results") {
    const std::vector<Case> cases = {
        {"Clamp",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Clamp", 1, {x}, A({{"min", 0.0}, {"max", 2.0}}), "n"));
         },
         true},
        {"Convert",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("Convert", 1, {x}, A({{"destination_type", std::string("f32")}}), "n"));
         },
         false},
        {"ConvertTo",
         [](Graph& g, Output x, ElementType t) {
             Node& p = g.add("Convert", 1, {x}, A({{"destination_type", std::string("f32")}}), "a");
             return std::ref(g.add("Convert", 1, {p.output(0)},
                                   A({{"destination_type", std::string(to_string(t))}}), "n"));
         },
         false},
        {"Transpose",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Transpose", 1, {x, ci(g, {1, 0})}, {}, "n"));
         },
         false},
        {"Reshape",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("Reshape", 1, {x, ci(g, {3, 2})}, A({{"special_zero", false}}), "n"));
         },
         false},
        {"Concat",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Concat", 1, {x, x}, A({{"axis", int64_t{0}}}), "n"));
         },
         false},
        {"Gather8",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Gather", 8, {x, ci(g, {1, -1}), ci(g, {1}, true)},
                                   A({{"batch_dims", int64_t{0}}}), "n"));
         },
         false},
        {"GatherElements",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add(
                 "GatherElements", 6,
                 {x, g.add_const(Tensor::from_vector<int64_t>({2, 3}, {0, 1, 0, 1, 0, 1}), "i")
                         .output(0)},
                 A({{"axis", int64_t{0}}}), "n"));
         },
         false},
        {"Squeeze",
         [](Graph& g, Output x, ElementType) {
             Node& u = g.add("Unsqueeze", 1, {x, ci(g, {0})}, {}, "u");
             return std::ref(g.add("Squeeze", 1, {u.output(0), ci(g, {0})}, {}, "n"));
         },
         false},
        {"Broadcast3",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Broadcast", 3, {x, ci(g, {2, 2, 3})},
                                   A({{"mode", std::string("bidirectional")}}), "n"));
         },
         false},
        {"Tile",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Tile", 1, {x, ci(g, {2, 1})}, {}, "n"));
         },
         false},
        {"Pad",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Pad", 1, {x, ci(g, {1, 0}), ci(g, {0, 1})},
                                   A({{"pad_mode", std::string("constant")}}), "n"));
         },
         false},
        {"PadEdge",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Pad", 1, {x, ci(g, {1, 0}), ci(g, {0, 1})},
                                   A({{"pad_mode", std::string("reflect")}}), "n"));
         },
         false},
        {"Slice8",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("Slice", 8, {x, ci(g, {0, 1}), ci(g, {2, 3}), ci(g, {1, 1})}, {}, "n"));
         },
         false},
        {"StridedSlice",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("StridedSlice", 1,
                                   {x, ci(g, {0, 1}), ci(g, {2, 3}), ci(g, {1, 1})},
                                   A({{"begin_mask", std::vector<int64_t>{0, 0}},
                                      {"end_mask", std::vector<int64_t>{0, 0}}}),
                                   "n"));
         },
         false},
        {"Select",
         [](Graph& g, Output x, ElementType) {
             Tensor c(ElementType::boolean, {3});
             set_value_from_double(c, 1, 1);
             return std::ref(g.add("Select", 1, {g.add_const(c, "c").output(0), x, x}, {}, "n"));
         },
         false},
        {"TopK3",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("TopK", 3, {x, ci(g, {2}, true)},
                                   A({{"axis", int64_t{1}},
                                      {"mode", std::string("max")},
                                      {"sort", std::string("value")},
                                      {"index_element_type", std::string("i64")}}),
                                   "n"));
         },
         false},
        {"ReduceSum",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("ReduceSum", 1, {x, ci(g, {1})}, A({{"keep_dims", false}}), "n"));
         },
         true},
        {"ReduceMax",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("ReduceMax", 1, {x, ci(g, {1})}, A({{"keep_dims", false}}), "n"));
         },
         true},
        {"ReduceMean",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("ReduceMean", 1, {x, ci(g, {1})}, A({{"keep_dims", false}}), "n"));
         },
         true},
        {"ReduceProd",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("ReduceProd", 1, {x, ci(g, {1})}, A({{"keep_dims", false}}), "n"));
         },
         true},
        {"Split",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("Split", 1, {x, ci(g, {1}, true)}, A({{"num_splits", int64_t{3}}}), "n"));
         },
         false},
        {"VariadicSplit",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("VariadicSplit", 1, {x, ci(g, {1}, true), ci(g, {1, 2})}, {}, "n"));
         },
         false},
        {"ShapeOf",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("ShapeOf", 3, {x}, A({{"output_type", std::string("i64")}}), "n"));
         },
         false},
        {"NonZero",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("NonZero", 3, {x}, A({{"output_type", std::string("i64")}}), "n"));
         },
         false},
        {"Reverse",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("Reverse", 1, {x, ci(g, {1})}, A({{"mode", std::string("index")}}), "n"));
         },
         false},
        {"CumSum",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("CumSum", 3, {x, ci(g, {1}, true)},
                                   A({{"exclusive", false}, {"reverse", false}}), "n"));
         },
         true},
        {"ScatterElementsUpdate",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add(
                 "ScatterElementsUpdate", 3,
                 {x, g.add_const(Tensor::from_vector<int64_t>({1, 3}, {1, 0, 1}), "i").output(0),
                  g.add("Slice", 8, {x, ci(g, {0}), ci(g, {1}), ci(g, {1})}, {}, "s").output(0),
                  ci(g, {0}, true)},
                 {}, "n"));
         },
         false},
        {"ScatterNDUpdate",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add(
                 "ScatterNDUpdate", 3,
                 {x, g.add_const(Tensor::from_vector<int64_t>({1, 1}, {1}), "i").output(0),
                  g.add("Slice", 8, {x, ci(g, {0}), ci(g, {1}), ci(g, {1})}, {}, "s").output(0)},
                 {}, "n"));
         },
         false},
        {"Equal",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Equal", 1, {x, x}, {}, "n"));
         },
         false},
        {"Less",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Less", 1, {x, x}, {}, "n"));
         },
         false},
        {"NotEqual",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("NotEqual", 1, {x, x}, {}, "n"));
         },
         false},
        {"Maximum",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Maximum", 1, {x, x}, {}, "n"));
         },
         true},
        {"MatMul",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("MatMul", 1, {x, x},
                                   A({{"transpose_a", false}, {"transpose_b", true}}), "n"));
         },
         false},
        {"Einsum",
         [](Graph& g, Output x, ElementType) {
             return std::ref(
                 g.add("Einsum", 7, {x, x}, A({{"equation", std::string("ij,kj->ik")}}), "n"));
         },
         false},
        {"Range4",
         [](Graph& g, Output x, ElementType t) {
             (void)x;
             Tensor a(t, {}), b(t, {}), c(t, {});
             set_value_from_double(b, 0, 3);
             set_value_from_double(c, 0, 1);
             return std::ref(g.add("Range", 4,
                                   {g.add_const(a, "a").output(0), g.add_const(b, "b").output(0),
                                    g.add_const(c, "c").output(0)},
                                   A({{"output_type", std::string(to_string(t))}}), "n"));
         },
         true},
        {"OneHot",
         [](Graph& g, Output x, ElementType t) {
             (void)x;
             Tensor on(t, {}), off(t, {});
             set_value_from_double(on, 0, 1);
             return std::ref(
                 g.add("OneHot", 1,
                       {ci(g, {0, 2}), ci(g, {3}, true), g.add_const(on, "on").output(0),
                        g.add_const(off, "off").output(0)},
                       A({{"axis", int64_t{-1}}}), "n"));
         },
         false},
        {"Roll",
         [](Graph& g, Output x, ElementType) {
             return std::ref(g.add("Roll", 7, {x, ci(g, {1}), ci(g, {1})}, {}, "n"));
         },
         false},
    };
    for (const auto& c : cases) {
        const std::string op = c.name;
        CAPTURE(op);
        std::string error;
        const auto reference = run(c.build, ElementType::f32, error);
        REQUIRE_MESSAGE(reference, error);
        for (ElementType t : kTypes) {
            const std::string type = std::string(to_string(t));
            CAPTURE(type);
            if (t == ElementType::boolean) {
                const auto got = run(c.build, t, error);
                // Numeric-only ops must reject boolean at inference, never fail in the kernel.
                if (c.numeric_only)
                    CHECK_FALSE(got);
                else
                    CHECK_MESSAGE(got, error);
                continue;
            }
            const auto got = run(c.build, t, error);
            REQUIRE_MESSAGE(got, error);
            CHECK(*got == *reference);
        }
    }
}
