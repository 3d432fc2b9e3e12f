#include "frontends/ir/ir_reader.hpp"
#include "emit/ir_writer.hpp"
#include "emit/legacy_ops.hpp"
#include "emit_test_utils.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>

using namespace mo;
using mo::test::attrs;
using mo::test::Ints;
using mo::test::TempDir;

namespace {

// x[1,2,6,6] -> Convolution -> Relu -> MaxPool -> Softmax-8 -> Result, plus a Split with two
// Results; one tensor name with a comma.
std::unique_ptr<Graph> build_model() {
    auto g = std::make_unique<Graph>();
    Node& x = g->add_parameter("x", ElementType::f32, PartialShape{1, 2, 6, 6});
    x.port(0).names = {"x", "input,0"};
    std::vector<float> w(3 * 2 * 3 * 3);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = 0.25f * static_cast<float>(i % 7) - 0.5f;
    Node& wc = g->add_const(Tensor::from_vector<float>({3, 2, 3, 3}, w), "w");
    Node& conv = g->add("Convolution", 1, {x.output(0), wc.output(0)},
                        attrs({{"strides", Ints{1, 1}},
                               {"dilations", Ints{1, 1}},
                               {"pads_begin", Ints{0, 0}},
                               {"pads_end", Ints{0, 0}},
                               {"auto_pad", std::string("valid")}}),
                        "conv");
    Node& relu = g->add("Relu", 1, {conv.output(0)}, {}, "relu");
    relu.port(0).names = {"relu"};
    Node& pool = g->add("MaxPool", 1, {relu.output(0)},
                        attrs({{"kernel", Ints{2, 2}},
                               {"strides", Ints{2, 2}},
                               {"pads_begin", Ints{0, 0}},
                               {"pads_end", Ints{0, 0}},
                               {"rounding_type", std::string("floor")},
                               {"auto_pad", std::string("explicit")}}),
                        "pool");
    Node& sm =
        g->add("Softmax", 8, {pool.output(0)}, attrs({{"axis", std::int64_t{-3}}}), "softmax");
    sm.port(0).names = {"prob"};
    Node& axis = g->add_const(Tensor::scalar<std::int64_t>(1), "split_axis");
    Node& split = g->add("Split", 1, {sm.output(0), axis.output(0)},
                         attrs({{"num_splits", std::int64_t{3}}}), "split");
    split.port(0).names = {"part0"};
    split.port(2).names = {"part2"};
    g->add_result(split.output(2), "out_b"); // results in a non-topological order on purpose
    g->add_result(split.output(0), "out_a");
    g->add_result(sm.output(0), "out_prob");
    return g;
}

// The address range of the mapping of `file` in this process, from /proc/self/maps.
bool pointer_in_mapping_of(const void* p, const std::filesystem::path& file) {
    std::ifstream maps("/proc/self/maps");
    const std::string wanted = std::filesystem::canonical(file).string();
    std::string line;
    while (std::getline(maps, line)) {
        if (line.size() < wanted.size() ||
            line.compare(line.size() - wanted.size(), wanted.size(), wanted) != 0)
            continue;
        std::uintptr_t lo = 0, hi = 0;
        char dash = 0;
        std::istringstream in(line);
        in >> std::hex >> lo >> dash >> hi;
        const auto addr = reinterpret_cast<std::uintptr_t>(p);
        if (addr >= lo && addr < hi) return true;
    }
    return false;
}

const Node* node_named(const Graph& g, const std::string& name) {
    for (const Node* n : g.nodes())
        if (n->name == name) return n;
    return nullptr;
}

} // namespace

TEST_CASE("IR round trip: write -> read -> write gives identical bytes") {
    for (int version : {11, 10}) {
        CAPTURE(version);
        TempDir dir;
        std::filesystem::create_directories(dir / "a");
        std::filesystem::create_directories(dir / "b");
        auto g = build_model();
        auto expected = test::op_counts(*g);
        // --ir_version 10 runs the legacy rules before writing.
        if (version == 10) ir::apply_legacy_forms(*g, test::legacy_rules());
        const ir::WriteOptions options{
            .ir_version = version, .conversion_parameters = {{"k", "v"}}, .mo_version = "test"};
        ir::write_ir(*g, dir / "a" / "m.xml", options);
        auto back = ir::read_ir(dir / "a" / "m.xml");
        ir::write_ir(*back, dir / "b" / "m.xml", options);
        CHECK(test::read_file(dir / "a" / "m.xml") == test::read_file(dir / "b" / "m.xml"));
        CHECK(test::read_file(dir / "a" / "m.bin") == test::read_file(dir / "b" / "m.bin"));

        if (version == 10) { // Softmax-8 was written as SoftMax-1
            expected.erase("Softmax");
            expected["SoftMax"] = 1;
        }
        CHECK(test::op_counts(*back) == expected);
        CHECK(back->parameters().size() == 1);
        REQUIRE(back->results().size() == 3);
        // Model outputs keep their order.
        CHECK(back->results()[0]->name == "out_b");
        CHECK(back->results()[1]->name == "out_a");
        CHECK(back->results()[2]->name == "out_prob");
    }
}

TEST_CASE("IR reader restores shapes, types, attributes and tensor names") {
    TempDir dir;
    auto g = build_model();
    ir::write_ir(*g, dir / "m.xml", {});
    auto back = ir::read_ir(dir / "m.xml");

    const Node* x = back->parameters().at(0);
    CHECK(x->name == "x");
    CHECK(x->output_type(0) == ElementType::f32);
    CHECK(x->output_shape(0) == PartialShape{1, 2, 6, 6});
    auto names = x->port(0).names;
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"input,0", "x"});

    const Node* conv = node_named(*back, "conv");
    REQUIRE(conv);
    CHECK(conv->type() == "Convolution");
    CHECK(conv->opset() == 1);
    CHECK(conv->attrs.get_ints("strides") == Ints{1, 1});
    CHECK(conv->attrs.get_string("auto_pad") == "valid");
    CHECK(conv->output_shape(0) == PartialShape{1, 3, 4, 4}); // inference ran: 6 - 3 + 1

    const Node* sm = node_named(*back, "softmax");
    REQUIRE(sm);
    CHECK(sm->opset() == 8);
    CHECK(sm->attrs.get_int("axis") == -3);
    CHECK(sm->port(0).names == std::vector<std::string>{"prob"});
    const Node* split = node_named(*back, "split");
    REQUIRE(split);
    CHECK(split->output_count() == 3);
    CHECK(split->port(2).names == std::vector<std::string>{"part2"});
    CHECK(split->port(1).names.empty());
    CHECK(back->results()[0]->input(0) == Output{const_cast<Node*>(split), 2});
}

TEST_CASE("IR reader: constants share memory with the mapped .bin") {
    TempDir dir;
    auto g = build_model();
    ir::write_ir(*g, dir / "m.xml", {});
    auto back = ir::read_ir(dir / "m.xml");
    const Node* w = node_named(*back, "w");
    REQUIRE(w);
    REQUIRE(w->is_const());
    const Tensor& value = w->value;
    CHECK(value.type() == ElementType::f32);
    CHECK(value.shape() == Shape{3, 2, 3, 3});
    CHECK_FALSE(value.writable());
    CHECK(pointer_in_mapping_of(value.raw(), dir / "m.bin"));
    CHECK(value.equals(node_named(*g, "w")->value));

    // The tensor keeps the mapping alive after the graph is gone.
    Tensor kept = value;
    back.reset();
    CHECK(pointer_in_mapping_of(kept.raw(), dir / "m.bin"));
    CHECK(kept.data<float>()[1] == -0.25f);
}

TEST_CASE("IR reader: attribute strings are typed back") {
    TempDir dir;
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{1, 4, 2, 2});
    Node& a = g.add("Clamp", 1, {x.output(0)}, attrs({{"min", 0.5}, {"max", 6.0}}), "clamp");
    Node& e = g.add("Elu", 1, {a.output(0)}, attrs({{"alpha", 0.125}}), "elu");
    g.add_result(e.output(0), "y");
    ir::write_ir(g, dir / "m.xml", {});
    const std::string xml = test::read_file(dir / "m.xml");
    CHECK(xml.find(R"(<data min="0.5" max="6" />)") != std::string::npos);
    auto back = ir::read_ir(dir / "m.xml");
    const Node* clamp = node_named(*back, "clamp");
    REQUIRE(clamp);
    CHECK(clamp->attrs.get_float("min") == 0.5);
    CHECK(clamp->attrs.get_float("max") == 6.0); // read as int 6, converts
    CHECK(node_named(*back, "elu")->attrs.get_float("alpha") == 0.125);
}

TEST_CASE("IR reader errors name the file and the layer") {
    TempDir dir;
    auto g = build_model();
    ir::write_ir(*g, dir / "m.xml", {});
    const std::string xml = test::read_file(dir / "m.xml");
    const auto expect_error = [&](const std::string& text, const std::string& fragment,
                                  bool keep_bin = true) {
        test::write_file(dir / "bad.xml", text);
        std::filesystem::remove(dir / "bad.bin");
        if (keep_bin) std::filesystem::copy_file(dir / "m.bin", dir / "bad.bin");
        try {
            ir::read_ir(dir / "bad.xml");
            FAIL("no error, expected " << fragment);
        } catch (const Error& e) {
            const std::string what = e.what();
            CHECK_MESSAGE(what.find("bad.xml") != std::string::npos, what);
            CHECK_MESSAGE(what.find(fragment) != std::string::npos, what);
        }
    };
    const auto replaced = [&](const std::string& from, const std::string& to) {
        std::string s = xml;
        const auto at = s.find(from);
        REQUIRE(at != std::string::npos);
        return s.replace(at, from.size(), to);
    };
    expect_error(xml, "layer id=1 ('w', Const): weights: cannot open", false);
    expect_error(replaced(R"(offset="0" size="216")", R"(offset="4000" size="216")"),
                 "layer id=1 ('w', Const): Const data [4000, 4216) lies beyond the end");
    expect_error(replaced(R"(offset="0" size="216")", R"(offset="0" size="10")"),
                 "layer id=1 ('w', Const): Const size 10 is less than the 216 bytes");
    expect_error(replaced(R"(version="11")", R"(version="7")"), "unsupported IR version '7'");
    expect_error(replaced(R"(type="Relu" version="opset1")", R"(type="Relu" version="custom")"),
                 "('relu', Relu): unsupported version 'custom'");
    expect_error(replaced(R"(auto_pad="valid")", R"(auto_pad="sideways")"),
                 "('conv', Convolution)");
    expect_error(replaced(R"(<edge from-layer="0")", R"(<edge from-layer="77")"), "missing layer");
    expect_error(xml.substr(0, xml.size() / 2), "bad XML");
    expect_error("<notnet/>", "no <net>");
    CHECK_THROWS_WITH_AS(ir::read_ir(dir / "missing.xml"), doctest::Contains("missing.xml"), Error);
}

TEST_CASE("IR reader: a hand-written IR v10 in OpenVINO's layout") {
    // The example IR of the OpenVINO IR documentation: type names spelled as the runtime reads
    // them (ReLU), input ports without precision, list attributes with ", ", an attribute the
    // op's spec does not list for this version (output_padding), legacy <meta_data>.
    TempDir dir;
    const std::string xml = R"(<?xml version="1.0" ?>
<net name="model_file_name" version="10">
    <layers>
        <layer id="0" name="input" type="Parameter" version="opset1">
            <data element_type="f32" shape="1,3,32,100"/>
            <output>
                <port id="0" precision="FP32" names="data">
                    <dim>1</dim><dim>3</dim><dim>32</dim><dim>100</dim>
                </port>
            </output>
        </layer>
        <layer id="1" name="conv1/weights" type="Const" version="opset1">
            <data element_type="f32" offset="0" shape="64,3,3,3" size="6912"/>
            <output>
                <port id="1" precision="FP32">
                    <dim>64</dim><dim>3</dim><dim>3</dim><dim>3</dim>
                </port>
            </output>
        </layer>
        <layer id="2" name="conv1" type="Convolution" version="opset1">
            <data auto_pad="same_upper" dilations="1, 1" output_padding="0,0" pads_begin="1,1" pads_end="1,1" strides="1,1"/>
            <input>
                <port id="0"><dim>1</dim><dim>3</dim><dim>32</dim><dim>100</dim></port>
                <port id="1"><dim>64</dim><dim>3</dim><dim>3</dim><dim>3</dim></port>
            </input>
            <output>
                <port id="2" precision="FP32"><dim>1</dim><dim>64</dim><dim>32</dim><dim>100</dim></port>
            </output>
        </layer>
        <layer id="3" name="conv1/activation" type="ReLU" version="opset1">
            <input>
                <port id="0"><dim>1</dim><dim>64</dim><dim>32</dim><dim>100</dim></port>
            </input>
            <output>
                <port id="1" precision="FP32"><dim>1</dim><dim>64</dim><dim>32</dim><dim>100</dim></port>
            </output>
        </layer>
        <layer id="4" name="output" type="Result" version="opset1">
            <input>
                <port id="0"><dim>1</dim><dim>64</dim><dim>32</dim><dim>100</dim></port>
            </input>
        </layer>
    </layers>
    <edges>
        <edge from-layer="0" from-port="0" to-layer="2" to-port="0"/>
        <edge from-layer="1" from-port="1" to-layer="2" to-port="1"/>
        <edge from-layer="2" from-port="2" to-layer="3" to-port="0"/>
        <edge from-layer="3" from-port="1" to-layer="4" to-port="0"/>
    </edges>
    <meta_data>
        <MO_version value="2019.1"/>
        <cli_parameters>
            <data_type value="float"/>
        </cli_parameters>
    </meta_data>
</net>
)";
    test::write_file(dir / "doc.xml", xml);
    test::write_file(dir / "doc.bin", std::string(6912, '\0'));
    auto g = ir::read_ir(dir / "doc.xml");
    CHECK(g->node_count() == 5);
    CHECK(g->parameters().size() == 1);
    CHECK(g->results().size() == 1);
    const Node* relu = node_named(*g, "conv1/activation");
    REQUIRE(relu);
    CHECK(relu->def() != nullptr); // resolved to the registry's spelling of ReLU
    const Node* conv = node_named(*g, "conv1");
    REQUIRE(conv);
    CHECK(conv->attrs.get_ints("dilations") == Ints{1, 1});
    CHECK(conv->output_shape(0) == PartialShape{1, 64, 32, 100}); // same_upper keeps 32x100
    CHECK(g->parameters()[0]->port(0).names == std::vector<std::string>{"data"});
}

TEST_CASE("IR reader: misaligned constant data is copied, not borrowed") {
    // An IR written by another tool may place an f32 constant at an odd offset.
    TempDir dir;
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2});
    Node& c = g.add_const(Tensor::from_vector<float>({2}, {1.5f, -3.f}), "c");
    Node& add = g.add("Add", 1, {x.output(0), c.output(0)}, {}, "add");
    g.add_result(add.output(0), "y");
    ir::write_ir(g, dir / "m.xml", {});
    std::string xml = test::read_file(dir / "m.xml");
    const std::string from = R"(offset="0" size="8")";
    REQUIRE(xml.find(from) != std::string::npos);
    xml.replace(xml.find(from), from.size(), R"(offset="1" size="8")");
    test::write_file(dir / "odd.xml", xml);
    test::write_file(dir / "odd.bin", "\x7f" + test::read_file(dir / "m.bin"));
    auto back = ir::read_ir(dir / "odd.xml");
    const Node* c2 = node_named(*back, "c");
    REQUIRE(c2);
    CHECK(c2->value.writable()); // an owned copy
    CHECK(c2->value.data<float>()[0] == 1.5f);
    CHECK(c2->value.data<float>()[1] == -3.f);
}
