#include "cli/conversion_steps.hpp"
#include "engine/core/error.hpp"
#include "helpers.hpp"

using namespace mo;
using namespace mo::test;

namespace {
// x[?,3,?,?] -> Convolution (1x1, 3->2) -> Result; y[?,4] -> Relu -> Result.
struct DynamicModel {
    Graph g;
    Node* x;
    Node* y;
    Node* conv;
    DynamicModel() {
        const auto dyn = PartialShape::kDynamic;
        x = &g.add_parameter("x", ElementType::f32, PartialShape({dyn, 3, dyn, dyn}));
        y = &g.add_parameter("y", ElementType::f32, PartialShape({dyn, 4}));
        Node& w = g.add_const(ramp({2, 3, 1, 1}), "w");
        conv = &g.add("Convolution", 1, {x->output(0), w.output(0)}, conv_attrs(), "conv");
        g.add_result(conv->output(0), "conv/sink");
        g.add_result(g.add("Relu", 1, {y->output(0)}, {}, "act").output(0), "act/sink");
    }
};
} // namespace

TEST_CASE("--input_shape sets the inputs in model order and shape inference follows") {
    DynamicModel m;
    cli::apply_cuts_and_shapes(m.g, args({"--input_shape", "[1,3,5,6],(2,4)"}));
    CHECK(m.x->output_shape(0) == PartialShape({1, 3, 5, 6}));
    CHECK(m.y->output_shape(0) == PartialShape({2, 4}));
    CHECK(m.conv->output_shape(0) == PartialShape({1, 2, 5, 6}));
    CHECK(m.x->attrs.get_string("element_type") == "f32");
}

TEST_CASE("--input_shape follows the --input order") {
    DynamicModel m;
    cli::apply_cuts_and_shapes(m.g, args({"--input", "y,x", "--input_shape", "[3,4],[1,3,2,2]"}));
    CHECK(m.y->output_shape(0) == PartialShape({3, 4}));
    CHECK(m.conv->output_shape(0) == PartialShape({1, 2, 2, 2}));
}

TEST_CASE("shapes and types in --input") {
    DynamicModel m;
    cli::apply_cuts_and_shapes(m.g, args({"--input", "x[1 3 8 8]{f32},y[1 4]"}));
    CHECK(m.conv->output_shape(0) == PartialShape({1, 2, 8, 8}));
}

TEST_CASE("--batch sets dimension 0 of every input") {
    DynamicModel m;
    cli::apply_cuts_and_shapes(m.g, args({"-b", "8"}));
    CHECK(m.x->output_shape(0)[0] == 8);
    CHECK(m.y->output_shape(0) == PartialShape({8, 4}));
    CHECK(m.conv->output_shape(0)[0] == 8);
}

TEST_CASE("--batch errors") {
    SUBCASE("rank 0") {
        Graph g;
        Node& s = g.add_parameter("scalar", ElementType::f32, PartialShape(Shape{}));
        g.add_result(g.add("Relu", 1, {s.output(0)}, {}, "r").output(0));
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(g, args({"--batch", "2"})),
                             doctest::Contains("--batch: input 'scalar' has shape []"), Error);
    }
    SUBCASE("not a number") {
        DynamicModel m;
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(m.g, args({"--batch", "0"})),
                             doctest::Contains("--batch must be a positive integer"), Error);
    }
    SUBCASE("with --input_shape") {
        DynamicModel m;
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(
                                 m.g, args({"--batch", "2", "--input_shape", "[1,3,2,2],[1,4]"})),
                             doctest::Contains("give only one of them"), Error);
    }
}

TEST_CASE("a shape that contradicts the model names the node where it fails") {
    DynamicModel m;
    // 5 channels into a convolution whose weights take 3.
    CHECK_THROWS_WITH_AS(
        cli::apply_cuts_and_shapes(m.g, args({"--input_shape", "[1,5,4,4],[1,4]"})),
        doctest::Contains("Convolution 'conv'"), InferenceError);
}

TEST_CASE("--input_shape count must match the inputs") {
    DynamicModel m;
    CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(m.g, args({"--input_shape", "[1,3,4,4]"})),
                         doctest::Contains("1 shapes but the model has 2 inputs"), Error);
    CHECK_THROWS_WITH_AS(
        cli::apply_cuts_and_shapes(m.g, args({"--input", "x", "--input_shape", "[1,3,4,4],[1,4]"})),
        doctest::Contains("2 shapes for the 1 inputs of --input"), Error);
}

TEST_CASE("--static_shape needs static inputs and folds ShapeOf") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({PartialShape::kDynamic, 6}));
    Node& shape = g.add("ShapeOf", 3, {x.output(0)}, {}, "shape");
    g.add_result(shape.output(0), "shape/sink");
    CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(g, args({"--static_shape"})),
                         doctest::Contains("--static_shape: input 'x' has shape [?,6]"), Error);
    cli::apply_cuts_and_shapes(g, args({"--static_shape", "--input_shape", "[2,6]"}));
    CHECK(count_type(g, "ShapeOf") == 0);
    auto out = outputs_of(g, {{"x", ramp({2, 6})}});
    CHECK(out.begin()->second.to_int64s() == std::vector<std::int64_t>{2, 6});
}

TEST_CASE("new input shapes flow through framework ops that pass their input on") {
    // x -> onnx.Dropout (no OpDef: not inferable) -> Relu -> Result. The Dropout's outputs had
    // x's shape, so after --input_shape they still have it and the rules can remove the node.
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 4}));
    Node& drop = g.add("onnx.Dropout", 0, {x.output(0)}, {}, "drop", 2);
    drop.set_output(0, ElementType::f32, PartialShape({1, 4}));
    drop.set_output(1, ElementType::boolean, PartialShape({1, 4}));
    Node& relu = g.add("Relu", 1, {drop.output(0)}, {}, "relu");
    g.add_result(relu.output(0));
    cli::apply_cuts_and_shapes(g, args({"--input_shape", "[3,4]"}));
    CHECK(drop.output_shape(0) == PartialShape({3, 4}));
    CHECK(drop.output_type(1) == ElementType::boolean); // the mask keeps its own type
    CHECK(drop.output_shape(1) == PartialShape({3, 4}));
    CHECK(relu.output_shape(0) == PartialShape({3, 4}));
}
