// IR v10: operations newer than opset7 are written in their older form when it is equivalent.
#include "emit/ir_writer.hpp"
#include "emit/legacy_ops.hpp"
#include "emit_test_utils.hpp"

#include <doctest/doctest.h>
#include <pugixml.hpp>

using namespace mo;
using mo::test::attrs;
using mo::test::Ints;
using mo::test::TempDir;

namespace {
using mo::test::legacy_rules;

// What --ir_version 10 does: the legacy rules, then the writer.
void write_v10(Graph& g, const std::filesystem::path& xml) {
    ir::apply_legacy_forms(g, legacy_rules());
    ir::write_ir(g, xml, {.ir_version = 10});
}

pugi::xml_node only_layer_of_type(const pugi::xml_document& doc, const char* type) {
    pugi::xml_node found;
    int count = 0;
    for (auto l : doc.child("net").child("layers").children("layer"))
        if (std::string(l.attribute("type").value()) == type) {
            found = l;
            ++count;
        }
    REQUIRE(count == 1);
    return found;
}

Attributes maxpool8_attrs(Ints dilations) {
    return attrs({{"kernel", Ints{2, 2}},
                  {"strides", Ints{2, 2}},
                  {"dilations", std::move(dilations)},
                  {"pads_begin", Ints{0, 0}},
                  {"pads_end", Ints{0, 0}},
                  {"rounding_type", std::string("floor")},
                  {"auto_pad", std::string("explicit")},
                  {"index_element_type", std::string("i64")},
                  {"axis", std::int64_t{0}}});
}
} // namespace

TEST_CASE("v10: Softmax-8 becomes SoftMax-1 with a non-negative axis") {
    auto build = [](Graph& g) {
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2, 5});
        Node& s = g.add("Softmax", 8, {x.output(0)}, attrs({{"axis", std::int64_t{-1}}}), "sm");
        g.add_result(s.output(0), "y");
    };
    Graph g;
    build(g);
    TempDir dir;
    write_v10(g, dir / "m.xml");
    pugi::xml_document doc;
    REQUIRE(doc.load_file((dir / "m.xml").c_str()));
    const pugi::xml_node l = only_layer_of_type(doc, "SoftMax");
    CHECK(std::string(l.attribute("version").value()) == "opset1");
    CHECK(std::string(l.attribute("name").value()) == "sm");
    CHECK(l.child("data").attribute("axis").as_int() == 1); // -1 of rank 2

    // IR v11 keeps the newer op as it is.
    Graph g11;
    build(g11);
    ir::write_ir(g11, dir / "m11.xml", {});
    pugi::xml_document doc11;
    REQUIRE(doc11.load_file((dir / "m11.xml").c_str()));
    const pugi::xml_node l11 = only_layer_of_type(doc11, "Softmax");
    CHECK(std::string(l11.attribute("version").value()) == "opset8");
    CHECK(l11.child("data").attribute("axis").as_int() == -1);

    // Without a known rank a negative axis cannot be made non-negative.
    Graph h;
    Node& y = h.add_parameter("y", ElementType::f32, PartialShape::dynamic());
    Node& t = h.add("Softmax", 8, {y.output(0)}, attrs({{"axis", std::int64_t{-1}}}), "sm2");
    h.add_result(t.output(0), "z");
    CHECK_THROWS_WITH_AS(
        write_v10(h, dir / "bad.xml"),
        "cannot write node 'sm2' in IR v10: Softmax-8 has an opset1 form only with "
        "axis >= 0 or an input of known rank",
        Error);
    CHECK_FALSE(std::filesystem::exists(dir / "bad.xml"));
}

TEST_CASE("v10: MaxPool-8 with unused indices and unit dilations becomes MaxPool-1") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{1, 1, 4, 4});
    Node& p = g.add("MaxPool", 8, {x.output(0)}, maxpool8_attrs({1, 1}), "pool");
    g.add_result(p.output(0), "y");
    TempDir dir;
    write_v10(g, dir / "m.xml");
    pugi::xml_document doc;
    REQUIRE(doc.load_file((dir / "m.xml").c_str()));
    const pugi::xml_node l = only_layer_of_type(doc, "MaxPool");
    CHECK(std::string(l.attribute("version").value()) == "opset1");
    // MaxPool-1's attributes only, in its spec order; one output port.
    const std::string xml = test::read_file(dir / "m.xml");
    CHECK(
        xml.find(
            R"(<data strides="2,2" pads_begin="0,0" pads_end="0,0" kernel="2,2" rounding_type="floor" auto_pad="explicit" />)") !=
        std::string::npos);
    int outputs = 0;
    for (auto port : l.child("output").children("port")) {
        ++outputs;
        CHECK(port.attribute("id").as_int() == 1);
    }
    CHECK(outputs == 1);

    SUBCASE("the indices output is used") {
        Graph h;
        Node& y = h.add_parameter("y", ElementType::f32, PartialShape{1, 1, 4, 4});
        Node& q = h.add("MaxPool", 8, {y.output(0)}, maxpool8_attrs({1, 1}), "pool8");
        h.add_result(q.output(0), "v");
        h.add_result(q.output(1), "i");
        CHECK_THROWS_WITH_AS(write_v10(h, dir / "bad.xml"),
                             "cannot write node 'pool8' in IR v10: MaxPool-8 has an opset1 form "
                             "only with its indices output unused and dilations all 1",
                             Error);
    }
    SUBCASE("dilations other than 1") {
        Graph h;
        Node& y = h.add_parameter("y", ElementType::f32, PartialShape{1, 1, 8, 8});
        Node& q = h.add("MaxPool", 8, {y.output(0)}, maxpool8_attrs({2, 2}), "dilated");
        h.add_result(q.output(0), "v");
        CHECK_THROWS_WITH_AS(write_v10(h, dir / "bad.xml"), doctest::Contains("'dilated'"), Error);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "bad.xml"));
    CHECK_FALSE(std::filesystem::exists(dir / "bad.bin"));
}

TEST_CASE("v10: Gather-8 with constant non-negative indices becomes Gather-7") {
    auto build = [](Graph& g, std::vector<std::int64_t> indices) {
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape{4, 3});
        Node& i = g.add_const(Tensor::from_vector<std::int64_t>({2}, indices), "indices");
        Node& a = g.add_const(Tensor::scalar<std::int64_t>(0), "axis");
        Node& gather = g.add("Gather", 8, {x.output(0), i.output(0), a.output(0)},
                             attrs({{"batch_dims", std::int64_t{0}}}), "gather");
        g.add_result(gather.output(0), "y");
    };
    TempDir dir;
    Graph ok;
    build(ok, {3, 0});
    write_v10(ok, dir / "m.xml");
    pugi::xml_document doc;
    REQUIRE(doc.load_file((dir / "m.xml").c_str()));
    const pugi::xml_node l = only_layer_of_type(doc, "Gather");
    CHECK(std::string(l.attribute("version").value()) == "opset7");
    CHECK(l.child("data").attribute("batch_dims").as_int() == 0);

    // Negative indices (constant or not) are made non-negative in the graph (runtime issue,
    // item 6): Select(i < 0, i + 4, i), then Gather-7.
    Graph negative;
    build(negative, {-1, 0});
    write_v10(negative, dir / "neg.xml");
    pugi::xml_document neg;
    REQUIRE(neg.load_file((dir / "neg.xml").c_str()));
    CHECK(std::string(only_layer_of_type(neg, "Gather").attribute("version").value()) == "opset7");
    CHECK(std::string(only_layer_of_type(neg, "Select").attribute("version").value()) == "opset1");

    // Without a known rank of the data there is no dimension to add.
    Graph unknown;
    Node& x = unknown.add_parameter("x", ElementType::f32, PartialShape::dynamic());
    Node& i = unknown.add_parameter("i", ElementType::i64, PartialShape{2});
    Node& a = unknown.add_const(Tensor::scalar<std::int64_t>(0), "axis");
    Node& gather = unknown.add("Gather", 8, {x.output(0), i.output(0), a.output(0)},
                               attrs({{"batch_dims", std::int64_t{0}}}), "gather");
    unknown.add_result(gather.output(0), "y");
    CHECK_THROWS_WITH_AS(write_v10(unknown, dir / "bad.xml"),
                         "cannot write node 'gather' in IR v10: Gather-8 has an opset7 form only "
                         "with a data input of known rank",
                         Error);
    CHECK_FALSE(std::filesystem::exists(dir / "bad.xml"));
}

TEST_CASE("v10: an op newer than opset7 without an older form stops the conversion") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{1, 2, 8});
    Node& size = g.add_const(Tensor::from_vector<std::int64_t>({1}, {4}), "size");
    Node& p = g.add("AdaptiveAvgPool", 8, {x.output(0), size.output(0)}, {}, "adaptive");
    g.add_result(p.output(0), "y");
    TempDir dir;
    CHECK_THROWS_WITH_AS(write_v10(g, dir / "m.xml"),
                         "cannot write node 'adaptive' in IR v10: AdaptiveAvgPool-8 is newer than "
                         "opset7 and has no older equivalent (use IR v11)",
                         Error);
    CHECK(dir.entries().empty());
    ir::write_ir(g, dir / "m.xml", {}); // fine in v11
    CHECK(std::filesystem::exists(dir / "m.xml"));
}

TEST_CASE("ir_form leaves opset1..7 ops and IR v11 alone") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2, 5});
    Node& s = g.add("Softmax", 8, {x.output(0)}, attrs({{"axis", std::int64_t{1}}}), "sm");
    Node& r = g.add("Relu", 1, {s.output(0)}, {}, "relu");
    CHECK(ir::ir_form(r, 10).opset == 1);
    CHECK(ir::ir_form(r, 10).type == "Relu");
    CHECK(ir::ir_form(s, 11).opset == 8);
    // The legacy rules replace the Softmax-8 (r reads the new node).
    ir::apply_legacy_forms(g, legacy_rules());
    const ir::IrForm legacy = ir::ir_form(r.producer(0), 10);
    CHECK(legacy.type == "SoftMax");
    CHECK(legacy.opset == 1);
    CHECK(legacy.attrs.get_int("axis") == 1);
    CHECK(legacy.outputs == 1);
}
