// IR v10 is written with static, non-zero dims only; otherwise one line names the node, the input
// that leaves it dynamic and the flag that fixes it, and no file is left behind.
#include "emit/ir_writer.hpp"
#include "emit_test_utils.hpp"
#include "engine/core/error.hpp"

#include <doctest/doctest.h>
#include <pugixml.hpp>

using namespace mo;
using mo::test::attrs;
using mo::test::TempDir;

namespace {

const Attributes kI64 = attrs({{"output_type", std::string("i64")}});
const Attributes kNoSpecialZero = attrs({{"special_zero", false}});

// The message write_ir gives for IR v10; checks that nothing was written.
std::string v10_error(const Graph& g) {
    TempDir dir;
    std::string message;
    try {
        ir::write_ir(g, dir / "m.xml", {.ir_version = 10});
    } catch (const Error& e) {
        message = e.what();
    }
    CHECK(dir.entries().empty());
    return message;
}

std::string dims_of_output(const std::filesystem::path& xml, const char* layer_name) {
    pugi::xml_document doc;
    REQUIRE(doc.load_file(xml.c_str()));
    const pugi::xml_node layer =
        doc.child("net").child("layers").find_child_by_attribute("layer", "name", layer_name);
    REQUIRE(layer);
    std::string dims;
    for (auto d : layer.child("output").child("port").children("dim"))
        dims += (dims.empty() ? "" : ",") + std::string(d.text().get());
    return dims;
}

} // namespace

TEST_CASE("v10: a shape that arrives as a model input is refused, naming node, input and flag") {
    Graph g;
    Node& x = g.add_parameter("data", ElementType::f32, PartialShape{2, 3, 4});
    Node& shape = g.add_parameter("shape", ElementType::i64, PartialShape{2});
    Node& r = g.add("Reshape", 1, {x.output(0), shape.output(0)}, kNoSpecialZero, "reshaped");
    g.add_result(r.output(0), "y");
    CHECK(v10_error(g) ==
          "cannot write node 'reshaped' in IR v10: Reshape output 0 has shape [?,?], and IR v10 "
          "needs static dims; input 1 depends on model input 'shape', not known at conversion: "
          "freeze with --input \"shape->VALUE\" (or use IR v11)");

    // IR v11 describes the dynamic dims.
    TempDir dir;
    ir::write_ir(g, dir / "m.xml", {});
    CHECK(dims_of_output(dir / "m.xml", "reshaped") == "-1,-1");
}

TEST_CASE("v10: every model input a Range's length depends on is named, its start included") {
    Graph g;
    Node& start = g.add_parameter("start", ElementType::i64, PartialShape(Shape{}));
    Node& limit = g.add_parameter("limit", ElementType::i64, PartialShape(Shape{}));
    Node& delta = g.add_parameter("delta", ElementType::i64, PartialShape(Shape{}));
    Node& r = g.add("Range", 4, {start.output(0), limit.output(0), delta.output(0)}, kI64, "range");
    g.add_result(r.output(0), "y");
    CHECK(v10_error(g) ==
          "cannot write node 'range' in IR v10: Range output 0 has shape [?], and IR v10 needs "
          "static dims; inputs 0, 1, 2 depend on model inputs 'start', 'limit', 'delta', not known "
          "at conversion: freeze with --input \"start->VALUE,limit->VALUE,delta->VALUE\" (or use "
          "IR v11)");
}

TEST_CASE("v10: a shape computed from static shapes (ShapeOf chain) is resolved and written") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{6, 4});
    Node& like = g.add_parameter("like", ElementType::f32, PartialShape{3, 8});
    Node& s = g.add("ShapeOf", 3, {like.output(0)}, kI64, "like_shape");
    Node& r = g.add("Reshape", 1, {x.output(0), s.output(0)}, kNoSpecialZero, "reshaped");
    g.add_result(r.output(0), "y");
    TempDir dir;
    ir::write_ir(g, dir / "m.xml", {.ir_version = 10});
    CHECK(dims_of_output(dir / "m.xml", "reshaped") == "3,8");
}

TEST_CASE("v10: a model input of dynamic shape is refused with --input_shape as the fix") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{-1, 3});
    Node& relu = g.add("Relu", 1, {x.output(0)}, {}, "relu");
    g.add_result(relu.output(0), "y");
    CHECK(v10_error(g) == "cannot write node 'x' in IR v10: model input 'x' has shape [?,3], and "
                          "IR v10 needs static dims: give it one with --input_shape or --input "
                          "\"x[...]\"");
}

TEST_CASE("v10: zero-size dimensions are refused, at the model input or where they appear") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{3, 0, 5});
    g.add_result(g.add("Relu", 1, {x.output(0)}, {}, "relu").output(0), "y");
    CHECK(v10_error(g) ==
          "cannot write node 'x' in IR v10: model input 'x' has shape [3,0,5] with a zero-size "
          "dimension, which IR v10 readers reject (give another shape with --input_shape, or use "
          "IR v11)");

    // A zero-size Const feeding a node whose own output is fine.
    Graph k;
    Node& a = k.add_parameter("a", ElementType::f32, PartialShape{2});
    Node& e = k.add_const(Tensor::from_vector<float>({0}, {}), "nothing");
    Node& cat =
        k.add("Concat", 1, {a.output(0), e.output(0)}, attrs({{"axis", std::int64_t{0}}}), "cat");
    k.add_result(cat.output(0), "y");
    CHECK(v10_error(k) == "cannot write node 'nothing' in IR v10: Const output 0 has shape [0] "
                          "with a zero-size dimension, which IR v10 readers reject (use IR v11)");
    TempDir dir;
    ir::write_ir(k, dir / "m.xml", {});
    CHECK(dims_of_output(dir / "m.xml", "cat") == "2");
}
