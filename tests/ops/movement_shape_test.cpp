// Reshape, Squeeze, Unsqueeze, ShapeOf: shape inference (static, partial, errors) and kernels.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

namespace {
Node& reshape(Graph& g, Output data, Output target, bool special_zero) {
    return g.add("Reshape", 1, {data, target}, attrs({{"special_zero", special_zero}}));
}
} // namespace

TEST_CASE("Reshape: special_zero copies dimensions and -1 is inferred (spec examples)") {
    Graph g;
    // Example 2: [2,5,5,24] with [0,-1,4] -> [2,150,4].
    Node& a = reshape(g, param(g, ElementType::f32, PartialShape{2, 5, 5, 24}), i64s(g, {0, -1, 4}),
                      true);
    CHECK(a.output_shape(0) == PartialShape{2, 150, 4});
    CHECK(a.output_type(0) == ElementType::f32);
    // Example 3: [2,2,3] with [0,0,1,-1] -> [2,2,1,3].
    Node& b = reshape(g, param(g, ElementType::f32, PartialShape{2, 2, 3}),
                      i64s(g, {0, 0, 1, -1}), true);
    CHECK(b.output_shape(0) == PartialShape{2, 2, 1, 3});
    // Example 4 and 5: [3,1,1] with [-1,0] and [0,-1] -> [3,1].
    Node& c = reshape(g, param(g, ElementType::f32, PartialShape{3, 1, 1}), i64s(g, {-1, 0}), true);
    CHECK(c.output_shape(0) == PartialShape{3, 1});
    Node& d = reshape(g, param(g, ElementType::f32, PartialShape{3, 1, 1}), i64s(g, {0, -1}), true);
    CHECK(d.output_shape(0) == PartialShape{3, 1});
    // Example 1: special_zero=false keeps 0 as a size: [2,5,5,0] with [0,4] -> [0,4].
    Node& e = reshape(g, param(g, ElementType::f32, PartialShape{2, 5, 5, 0}), i64s(g, {0, 4}),
                      false);
    CHECK(e.output_shape(0) == PartialShape{0, 4});
}

TEST_CASE("Reshape kernel keeps the data in order under the new shape") {
    Graph g;
    Node& r = reshape(g, iota_f32(g, {2, 3}), i64s(g, {3, -1}), false);
    CHECK(r.output_shape(0) == PartialShape{3, 2});
    CHECK(shape_of(g, r.output(0)) == Shape{3, 2});
    CHECK(floats(g, r.output(0)) == std::vector<float>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("Reshape with a dynamic dimension copied by special_zero still infers -1") {
    Graph g;
    Node& r = reshape(g, param(g, ElementType::f32, PartialShape{-1, 3, 4}), i64s(g, {0, -1}), true);
    CHECK(r.output_shape(0) == PartialShape{-1, 12});
    Node& s = reshape(g, param(g, ElementType::f32, PartialShape{-1, 3, 4}), i64s(g, {-1, 4}), true);
    CHECK(s.output_shape(0) == PartialShape{-1, 4});
}

TEST_CASE("Reshape errors name both shapes") {
    Graph g;
    auto data = param(g, ElementType::f32, PartialShape{2, 3});
    const std::string counts = error_of([&] { reshape(g, data, i64s(g, {4, 2}), false); });
    CHECK(counts.find("[2,3]") != std::string::npos);
    CHECK(counts.find("[4,2]") != std::string::npos);
    const std::string split = error_of([&] { reshape(g, data, i64s(g, {4, -1}), false); });
    CHECK(split.find("[2,3]") != std::string::npos);
    CHECK(split.find("[4,-1]") != std::string::npos);
    CHECK(error_of([&] { reshape(g, data, i64s(g, {-1, -1}), false); }).find("more than one -1") !=
          std::string::npos);
    CHECK(error_of([&] { reshape(g, data, i64s(g, {0, 0, 0, -1}), true); }).find("0 at index 2") !=
          std::string::npos);
    CHECK(!error_of([&] { reshape(g, data, i64s(g, {-2, 3}), false); }).empty());
}

TEST_CASE("Reshape with a non-constant target has the target's length as rank") {
    Graph g;
    auto target = param(g, ElementType::i64, PartialShape{3});
    Node& r = reshape(g, param(g, ElementType::f32, PartialShape{2, 3}), target, true);
    CHECK(r.output_shape(0) == PartialShape{-1, -1, -1});
    auto unknown = param(g, ElementType::i64, PartialShape{-1});
    Node& u = reshape(g, param(g, ElementType::f32, PartialShape{2, 3}), unknown, true);
    CHECK(!u.output_shape(0).rank_known());
}

TEST_CASE("a PyTorch-style ShapeOf->Gather->Unsqueeze->Concat->Reshape chain folds") {
    auto build = [](Graph& g, PartialShape input) {
        auto x = param(g, ElementType::f32, std::move(input));
        Node& shape = g.add("ShapeOf", 3, {x}, attrs({{"output_type", std::string("i64")}}));
        Node& batch = g.add("Gather", 8, {shape.output(0), i64_scalar(g, 0), i64_scalar(g, 0)},
                            attrs({{"batch_dims", std::int64_t{0}}}));
        Node& unsq = g.add("Unsqueeze", 1, {batch.output(0), i64s(g, {0})});
        Node& cat = g.add("Concat", 1, {unsq.output(0), i64s(g, {-1})},
                          attrs({{"axis", std::int64_t{0}}}));
        return &g.add("Reshape", 1, {x, cat.output(0)}, attrs({{"special_zero", false}}));
    };
    Graph g;
    CHECK(build(g, PartialShape{2, 3, 4})->output_shape(0) == PartialShape{2, 12});
    Graph h;
    CHECK(build(h, PartialShape{-1, 3, 4})->output_shape(0) == PartialShape{-1, -1});
}

TEST_CASE("Squeeze removes given or all unit dimensions") {
    Graph g;
    // Spec example 1: [1,3,1,2] with [0,2] -> [3,2]; negative axes count from the end.
    Node& a = g.add("Squeeze", 1, {param(g, ElementType::f32, PartialShape{1, 3, 1, 2}), i64s(g, {0, -2})});
    CHECK(a.output_shape(0) == PartialShape{3, 2});
    // Spec example 2: [1] with [0] -> scalar.
    Node& b = g.add("Squeeze", 1, {iota_f32(g, {1}), i64s(g, {0})});
    CHECK(b.output_shape(0) == PartialShape(Shape{}));
    CHECK(floats(g, b.output(0)) == std::vector<float>{0});
    // No axes: every 1 goes.
    Node& c = g.add("Squeeze", 1, {iota_f32(g, {1, 2, 1, 3})});
    CHECK(c.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, c.output(0)) == std::vector<float>{0, 1, 2, 3, 4, 5});
    // A dynamic dimension may be 1: without axes the rank is unknown.
    Node& d = g.add("Squeeze", 1, {param(g, ElementType::f32, PartialShape{1, -1})});
    CHECK(!d.output_shape(0).rank_known());
    CHECK(!error_of([&] {
               g.add("Squeeze", 1, {param(g, ElementType::f32, PartialShape{1, 3}), i64s(g, {1})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("Squeeze", 1, {param(g, ElementType::f32, PartialShape{1, 3}), i64s(g, {2})});
           }).empty());
}

TEST_CASE("Unsqueeze inserts unit dimensions at output positions") {
    Graph g;
    // Spec example 1: [2,3] with [0,3] -> [1,2,3,1].
    Node& a = g.add("Unsqueeze", 1, {iota_f32(g, {2, 3}), i64s(g, {0, 3})});
    CHECK(a.output_shape(0) == PartialShape{1, 2, 3, 1});
    CHECK(floats(g, a.output(0)) == std::vector<float>{0, 1, 2, 3, 4, 5});
    // Spec example 2: scalar with [0] -> [1].
    Node& b = g.add("Unsqueeze", 1, {f32s(g, {}, {7}), i64s(g, {0})});
    CHECK(b.output_shape(0) == PartialShape{1});
    // Negative axes count from the end of the output: [2,3] with [-1] -> [2,3,1].
    Node& c = g.add("Unsqueeze", 1, {param(g, ElementType::f32, PartialShape{2, 3}), i64_scalar(g, -1)});
    CHECK(c.output_shape(0) == PartialShape{2, 3, 1});
    CHECK(!error_of([&] { g.add("Unsqueeze", 1, {iota_f32(g, {2}), i64s(g, {0, 0})}); }).empty());
    CHECK(!error_of([&] { g.add("Unsqueeze", 1, {iota_f32(g, {2}), i64s(g, {3})}); }).empty());
    Node& d = g.add("Unsqueeze", 1, {param(g, ElementType::f32, PartialShape{2, 3}),
                                     param(g, ElementType::i64, PartialShape{2})});
    CHECK(d.output_shape(0) == PartialShape{-1, -1, -1, -1});
}

TEST_CASE("ShapeOf reports the shape with the requested type") {
    Graph g;
    Node& a = g.add("ShapeOf", 1, {iota_f32(g, {2, 3, 4})});
    CHECK(a.output_type(0) == ElementType::i64);
    CHECK(a.output_shape(0) == PartialShape{3});
    CHECK(int64s(g, a.output(0)) == Ints{2, 3, 4});
    Node& b = g.add("ShapeOf", 3, {iota_f32(g, {5})}, attrs({{"output_type", std::string("i32")}}));
    CHECK(b.output_type(0) == ElementType::i32);
    CHECK(value(g, b.output(0)).type() == ElementType::i32);
    Node& c = g.add("ShapeOf", 3, {param(g, ElementType::f32, PartialShape::dynamic())});
    CHECK(c.output_shape(0) == PartialShape{-1});
    // The kernel itself (not the graph's shortcut for static shapes).
    const Tensor scalar = Tensor::scalar<float>(1.f);
    auto out = evaluate_node(a, std::span<const Tensor>(&scalar, 1));
    CHECK(out.at(0).shape() == Shape{0});
    CHECK(!error_of([&] {
               g.add("ShapeOf", 3, {iota_f32(g, {1})}, attrs({{"output_type", std::string("f32")}}));
           }).empty());
}
