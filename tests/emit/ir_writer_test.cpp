#include "emit/ir_writer.hpp"
#include "emit_test_utils.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <pugixml.hpp>

using namespace mo;
using mo::test::attrs;
using mo::test::Ints;
using mo::test::TempDir;

namespace {

// input[1,3,8,8] -> Convolution(w[4,3,3,3], stride 2, pad 1) -> MaxPool(2x2, ceil) -> Result.
// Conv output: (8 + 1 + 1 - 3) / 2 + 1 = 4; pool output: ceil((4 - 2) / 2) + 1 = 2.
struct ConvNet {
    Graph g;
    Node* input;
    Node* weights;
    Node* conv;
    Node* pool;
    Node* result;

    explicit ConvNet(PartialShape input_shape = {1, 3, 8, 8}) {
        input = &g.add_parameter("input", ElementType::f32, std::move(input_shape));
        input->port(0).names = {"input"};
        std::vector<float> w(4 * 3 * 3 * 3);
        for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i) * 0.5f;
        weights = &g.add_const(Tensor::from_vector<float>({4, 3, 3, 3}, w), "conv/weights");
        conv = &g.add("Convolution", 1, {input->output(0), weights->output(0)},
                      attrs({{"strides", Ints{2, 2}},
                             {"dilations", Ints{1, 1}},
                             {"pads_begin", Ints{1, 1}},
                             {"pads_end", Ints{1, 1}},
                             {"auto_pad", std::string("explicit")}}),
                      "conv");
        conv->port(0).names = {"conv_out", "b,c"};
        pool = &g.add("MaxPool", 1, {conv->output(0)},
                      attrs({{"kernel", Ints{2, 2}},
                             {"strides", Ints{2, 2}},
                             {"pads_begin", Ints{0, 0}},
                             {"pads_end", Ints{0, 0}},
                             {"rounding_type", std::string("ceil")},
                             {"auto_pad", std::string("explicit")}}),
                      "pool");
        pool->port(0).names = {"pool_out"};
        result = &g.add_result(pool->output(0), "pool_out/sink_port_0");
    }
};

pugi::xml_node layer_by_name(const pugi::xml_document& doc, const char* name) {
    return doc.child("net").child("layers").find_child_by_attribute("layer", "name", name);
}

std::string dims_of(pugi::xml_node port) {
    std::string s;
    for (pugi::xml_node d : port.children("dim"))
        s += std::string(s.empty() ? "" : ",") + d.child_value();
    return s;
}

void load(pugi::xml_document& doc, const std::filesystem::path& p) {
    REQUIRE(doc.load_file(p.c_str()));
}

} // namespace

TEST_CASE("IR v11: golden attribute spelling and order of data") {
    ConvNet net;
    TempDir dir;
    ir::write_ir(net.g, dir / "model.xml", {});
    const std::string xml = test::read_file(dir / "model.xml");

    // Spec spelling; order = the op's attribute order in its spec.
    CHECK(xml.find(R"(<data shape="1,3,8,8" element_type="f32" />)") != std::string::npos);
    CHECK(xml.find(R"(<data element_type="f32" shape="4,3,3,3" offset="0" size="432" />)") !=
          std::string::npos);
    CHECK(
        xml.find(
            R"(<data strides="2,2" pads_begin="1,1" pads_end="1,1" dilations="1,1" auto_pad="explicit" />)") !=
        std::string::npos);
    CHECK(
        xml.find(
            R"(<data strides="2,2" pads_begin="0,0" pads_end="0,0" kernel="2,2" rounding_type="ceil" auto_pad="explicit" />)") !=
        std::string::npos);
    CHECK(xml.rfind(R"(<?xml version="1.0"?>)", 0) == 0);

    pugi::xml_document doc;
    load(doc, dir / "model.xml");
    const pugi::xml_node net_node = doc.child("net");
    CHECK(std::string(net_node.attribute("name").value()) == "model");
    CHECK(std::string(net_node.attribute("version").value()) == "11");

    // Layers: ids 0..N-1 in topological order, type, opset version, friendly name.
    const char* expected[][3] = {{"input", "Parameter", "opset1"},
                                 {"conv/weights", "Const", "opset1"},
                                 {"conv", "Convolution", "opset1"},
                                 {"pool", "MaxPool", "opset1"},
                                 {"pool_out/sink_port_0", "Result", "opset1"}};
    int id = 0;
    for (pugi::xml_node layer : net_node.child("layers").children("layer")) {
        REQUIRE(id < 5);
        CHECK(layer.attribute("id").as_int() == id);
        CHECK(std::string(layer.attribute("name").value()) == expected[id][0]);
        CHECK(std::string(layer.attribute("type").value()) == expected[id][1]);
        CHECK(std::string(layer.attribute("version").value()) == expected[id][2]);
        ++id;
    }
    CHECK(id == 5);
    // Result has neither data nor output.
    CHECK_FALSE(layer_by_name(doc, "pool_out/sink_port_0").child("data"));
    CHECK_FALSE(layer_by_name(doc, "pool_out/sink_port_0").child("output"));
}

TEST_CASE("IR v11: ports numbered inputs first, with precision, dims and escaped names") {
    ConvNet net;
    TempDir dir;
    ir::write_ir(net.g, dir / "model.xml", {});
    pugi::xml_document doc;
    load(doc, dir / "model.xml");

    const pugi::xml_node conv = layer_by_name(doc, "conv");
    std::vector<pugi::xml_node> in, out;
    for (auto p : conv.child("input").children("port")) in.push_back(p);
    for (auto p : conv.child("output").children("port")) out.push_back(p);
    REQUIRE(in.size() == 2);
    REQUIRE(out.size() == 1);
    CHECK(in[0].attribute("id").as_int() == 0);
    CHECK(in[1].attribute("id").as_int() == 1);
    CHECK(out[0].attribute("id").as_int() == 2);
    CHECK(std::string(in[0].attribute("precision").value()) == "FP32");
    CHECK(dims_of(in[0]) == "1,3,8,8");
    CHECK(dims_of(in[1]) == "4,3,3,3");
    CHECK(dims_of(out[0]) == "1,4,4,4");
    CHECK(std::string(out[0].attribute("precision").value()) == "FP32");
    // Names sorted; a comma inside a name escaped as the runtime expects.
    CHECK(std::string(out[0].attribute("names").value()) == "b\\,c,conv_out");

    const pugi::xml_node pool = layer_by_name(doc, "pool");
    CHECK(pool.child("input").child("port").attribute("id").as_int() == 0);
    CHECK(pool.child("output").child("port").attribute("id").as_int() == 1);
    CHECK(dims_of(pool.child("output").child("port")) == "1,4,2,2");
    const pugi::xml_node param = layer_by_name(doc, "input");
    CHECK(param.child("output").child("port").attribute("id").as_int() == 0);
    CHECK(std::string(param.child("output").child("port").attribute("names").value()) == "input");
    // A port without tensor names has no names attribute.
    CHECK_FALSE(
        layer_by_name(doc, "conv/weights").child("output").child("port").attribute("names"));
}

TEST_CASE("IR: edge list connects layer output ports to input ports") {
    ConvNet net;
    TempDir dir;
    ir::write_ir(net.g, dir / "model.xml", {});
    pugi::xml_document doc;
    load(doc, dir / "model.xml");
    std::vector<std::string> edges;
    for (auto e : doc.child("net").child("edges").children("edge"))
        edges.push_back(std::string(e.attribute("from-layer").value()) + ":" +
                        e.attribute("from-port").value() + "->" + e.attribute("to-layer").value() +
                        ":" + e.attribute("to-port").value());
    CHECK(edges == std::vector<std::string>{"0:0->2:0", "1:0->2:1", "2:2->3:0", "3:1->4:0"});
}

TEST_CASE("IR v11 rt_info vs IR v10 meta_data") {
    ConvNet net;
    TempDir dir;
    ir::WriteOptions options;
    options.mo_version = "2022.1-test";
    options.conversion_parameters = {{"input_model", "DIR/model.onnx"}, {"data_type", "FP32"}};
    ir::write_ir(net.g, dir / "v11.xml", options);
    options.ir_version = 10;
    ir::write_ir(net.g, dir / "v10.xml", options);

    pugi::xml_document v11, v10;
    load(v11, dir / "v11.xml");
    load(v10, dir / "v10.xml");
    CHECK(std::string(v11.child("net").attribute("version").value()) == "11");
    CHECK(std::string(v10.child("net").attribute("version").value()) == "10");

    // v11: <rt_info> after <edges>, with MO_version and conversion_parameters (sorted by flag).
    const pugi::xml_node rt = v11.child("net").child("rt_info");
    REQUIRE(rt);
    CHECK(std::string(rt.previous_sibling().name()) == "edges");
    CHECK(std::string(rt.child("MO_version").attribute("value").value()) == "2022.1-test");
    const pugi::xml_node cp = rt.child("conversion_parameters");
    CHECK(std::string(cp.first_child().name()) == "data_type");
    CHECK(std::string(cp.child("data_type").attribute("value").value()) == "FP32");
    CHECK(std::string(cp.child("input_model").attribute("value").value()) == "DIR/model.onnx");
    CHECK_FALSE(v11.child("net").child("meta_data"));

    // v10: OpenVINO 2021's <meta_data><MO_version/><cli_parameters>...</cli_parameters>.
    const pugi::xml_node meta = v10.child("net").child("meta_data");
    REQUIRE(meta);
    CHECK(std::string(meta.previous_sibling().name()) == "edges");
    CHECK(std::string(meta.child("MO_version").attribute("value").value()) == "2022.1-test");
    CHECK(
        std::string(meta.child("cli_parameters").child("input_model").attribute("value").value()) ==
        "DIR/model.onnx");
    CHECK_FALSE(v10.child("net").child("rt_info"));
    // v10 input ports carry no precision (as 2021's Model Optimizer wrote them).
    CHECK_FALSE(layer_by_name(v10, "conv").child("input").child("port").attribute("precision"));
    CHECK(layer_by_name(v10, "conv").child("output").child("port").attribute("precision"));
}

TEST_CASE("IR: dynamic dims are ? in the v11 Parameter shape, -1 in port dims; v10 refuses them") {
    ConvNet net(PartialShape{-1, 3, 8, 8});
    TempDir dir;
    ir::write_ir(net.g, dir / "v11.xml", {});
    // IR v10 readers accept static dims only: no file, and a message naming the input and flag.
    CHECK_THROWS_WITH_AS(ir::write_ir(net.g, dir / "v10.xml", {.ir_version = 10}),
                         "cannot write node 'input' in IR v10: model input 'input' has shape "
                         "[?,3,8,8], and IR v10 needs static dims: give it one with --input_shape "
                         "or --input \"input[...]\"",
                         Error);
    pugi::xml_document v11;
    load(v11, dir / "v11.xml");
    CHECK(std::string(layer_by_name(v11, "input").child("data").attribute("shape").value()) ==
          "?,3,8,8");
    CHECK_FALSE(std::filesystem::exists(dir / "v10.xml"));
    CHECK(dims_of(layer_by_name(v11, "input").child("output").child("port")) == "-1,3,8,8");
    CHECK(dims_of(layer_by_name(v11, "pool").child("output").child("port")) == "-1,4,2,2");

    // A dynamic rank: "..." in v11, impossible in v10.
    Graph g;
    Node& p = g.add_parameter("x", ElementType::i64, PartialShape::dynamic());
    g.add_result(p.output(0), "y");
    ir::write_ir(g, dir / "rank.xml", {});
    pugi::xml_document doc;
    load(doc, dir / "rank.xml");
    CHECK(std::string(layer_by_name(doc, "x").child("data").attribute("shape").value()) == "...");
    CHECK(std::string(layer_by_name(doc, "x").child("data").attribute("element_type").value()) ==
          "i64");
    CHECK(
        std::string(
            layer_by_name(doc, "x").child("output").child("port").attribute("precision").value()) ==
        "I64");
    CHECK_THROWS_WITH_AS(ir::write_ir(g, dir / "rank10.xml", {.ir_version = 10}),
                         doctest::Contains("'x'"), Error);
}

TEST_CASE("IR: precisions of element types") {
    Graph g;
    const std::pair<ElementType, const char*> cases[] = {
        {ElementType::f32, "FP32"}, {ElementType::f16, "FP16"},     {ElementType::f64, "FP64"},
        {ElementType::i64, "I64"},  {ElementType::i32, "I32"},      {ElementType::i8, "I8"},
        {ElementType::u8, "U8"},    {ElementType::boolean, "BOOL"}, {ElementType::u16, "U16"}};
    for (const auto& [type, precision] : cases) {
        Node& p = g.add_parameter(std::string(precision), type, PartialShape{2});
        g.add_result(p.output(0), std::string(precision) + "_out");
    }
    TempDir dir;
    ir::write_ir(g, dir / "types.xml", {});
    pugi::xml_document doc;
    load(doc, dir / "types.xml");
    for (const auto& [type, precision] : cases) {
        const pugi::xml_node l = layer_by_name(doc, precision);
        CHECK(std::string(l.child("output").child("port").attribute("precision").value()) ==
              precision);
        CHECK(std::string(l.child("data").attribute("element_type").value()) == to_string(type));
    }
}

TEST_CASE("IR .bin: constants concatenated, aligned, identical ones stored once") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{3});
    Node& a = g.add_const(Tensor::from_vector<std::uint8_t>({3}, {1, 2, 3}), "a");
    Node& b = g.add_const(Tensor::from_vector<float>({3}, {1.f, 2.f, 3.f}), "b");
    Node& c = g.add_const(Tensor::from_vector<float>({3}, {1.f, 2.f, 3.f}), "c"); // same bytes as b
    Node& d = g.add_const(Tensor::from_vector<std::int64_t>({}, {7}), "d");
    Node& s1 = g.add("Add", 1, {x.output(0), b.output(0)}, {}, "s1");
    Node& s2 = g.add("Add", 1, {s1.output(0), c.output(0)}, {}, "s2");
    g.add_result(s2.output(0), "r");
    g.add_result(a.output(0), "ra");
    g.add_result(d.output(0), "rd");

    TempDir dir;
    ir::write_ir(g, dir / "m.xml", {});
    pugi::xml_document doc;
    load(doc, dir / "m.xml");
    auto offset = [&](const char* n) {
        return layer_by_name(doc, n).child("data").attribute("offset").as_ullong();
    };
    auto size = [&](const char* n) {
        return layer_by_name(doc, n).child("data").attribute("size").as_ullong();
    };
    // Layer order: x, a, b, c, d, ... ; a at 0 (3 bytes), b padded to 4, c reuses b, d at 16.
    CHECK(offset("a") == 0);
    CHECK(size("a") == 3);
    CHECK(offset("b") == 4);
    CHECK(size("b") == 12);
    CHECK(offset("c") == 4);
    CHECK(size("c") == 12);
    CHECK(offset("d") == 16);
    CHECK(size("d") == 8);
    CHECK(std::string(layer_by_name(doc, "d").child("data").attribute("shape").value()).empty());

    const std::string bin = test::read_file(dir / "m.bin");
    REQUIRE(bin.size() == 24);
    CHECK(bin.substr(0, 4) == std::string("\x01\x02\x03\x00", 4));
    float f[3];
    std::memcpy(f, bin.data() + 4, 12);
    CHECK(f[0] == 1.f);
    CHECK(f[2] == 3.f);
    std::int64_t seven;
    std::memcpy(&seven, bin.data() + 16, 8);
    CHECK(seven == 7);
}

TEST_CASE("IR writing is deterministic") {
    TempDir dir;
    std::filesystem::create_directories(dir / "a");
    std::filesystem::create_directories(dir / "b");
    ConvNet first;
    ir::write_ir(first.g, dir / "a" / "m.xml", {.conversion_parameters = {{"x", "1"}, {"a", "2"}}});
    ir::write_ir(first.g, dir / "b" / "m.xml", {.conversion_parameters = {{"a", "2"}, {"x", "1"}}});
    ConvNet second; // built again from scratch
    ir::write_ir(second.g, dir / "m.xml", {.conversion_parameters = {{"x", "1"}, {"a", "2"}}});
    const std::string xml = test::read_file(dir / "a" / "m.xml");
    CHECK(xml == test::read_file(dir / "b" / "m.xml"));
    CHECK(xml == test::read_file(dir / "m.xml"));
    CHECK(test::read_file(dir / "a" / "m.bin") == test::read_file(dir / "b" / "m.bin"));
    CHECK(test::read_file(dir / "a" / "m.bin") == test::read_file(dir / "m.bin"));
}

TEST_CASE("IR: repeated friendly names are made unique") {
    Graph g;
    Node& x = g.add_parameter("same", ElementType::f32, PartialShape{2});
    Node& r = g.add("Relu", 1, {x.output(0)}, {}, "same");
    g.add_result(r.output(0), "same");
    TempDir dir;
    ir::write_ir(g, dir / "m.xml", {});
    pugi::xml_document doc;
    load(doc, dir / "m.xml");
    std::vector<std::string> names;
    for (auto l : doc.child("net").child("layers").children("layer"))
        names.push_back(l.attribute("name").value());
    CHECK(names == std::vector<std::string>{"same", "same0", "same1"});
}

TEST_CASE("IR writing is atomic: errors leave no file") {
    TempDir dir;
    SUBCASE("framework-only op") {
        Graph g;
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2});
        Node& drop = g.add("onnx.Dropout", 0, {x.output(0)}, {}, "drop");
        g.add_result(drop.output(0), "y");
        CHECK_THROWS_WITH_AS(
            ir::write_ir(g, dir / "out" / "m.xml", {}),
            "cannot write node 'drop': operation onnx.Dropout has no OpenVINO equivalent", Error);
        CHECK(dir.entries().empty());
    }
    SUBCASE("tensor-valued attribute") {
        Graph g;
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2});
        Node& r = g.add("Relu", 1, {x.output(0)}, attrs({{"value", Tensor(ElementType::f32, {1})}}),
                        "relu");
        g.add_result(r.output(0), "y");
        CHECK_THROWS_WITH_AS(
            ir::write_ir(g, dir / "m.xml", {}),
            doctest::Contains("cannot write node 'relu': attribute 'value' is a tensor"), Error);
        CHECK(dir.entries().empty());
    }
    SUBCASE("output directory cannot be created") {
        ConvNet net;
        test::write_file(dir / "file", "x");
        CHECK_THROWS_WITH_AS(ir::write_ir(net.g, dir / "file" / "sub" / "m.xml", {}),
                             doctest::Contains("cannot create output directory"), Error);
        CHECK(dir.entries() == std::vector<std::string>{"file"});
    }
    SUBCASE("output directory not writable") {
        ConvNet net;
        std::filesystem::create_directories(dir / "ro");
        std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_read |
                                                     std::filesystem::perms::owner_exec);
        if (::geteuid() != 0) { // root ignores permissions
            CHECK_THROWS_WITH_AS(ir::write_ir(net.g, dir / "ro" / "m.xml", {}),
                                 doctest::Contains("cannot write"), Error);
            CHECK(std::filesystem::is_empty(dir / "ro"));
        }
        std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_all);
    }
    SUBCASE("the xml cannot be put in place after the bin was") {
        ConvNet net;
        std::filesystem::create_directories(dir / "m.xml" / "occupied"); // a non-empty directory
        CHECK_THROWS_WITH_AS(ir::write_ir(net.g, dir / "m.xml", {}), doctest::Contains("m.xml"),
                             Error);
        CHECK(dir.entries() == std::vector<std::string>{"m.xml"});
        CHECK(std::filesystem::is_directory(dir / "m.xml"));
    }
    SUBCASE("output directory is created when missing") {
        ConvNet net;
        ir::write_ir(net.g, dir / "x" / "y" / "m.xml", {});
        CHECK(std::filesystem::exists(dir / "x" / "y" / "m.xml"));
        CHECK(std::filesystem::exists(dir / "x" / "y" / "m.bin"));
        CHECK(dir.entries() == std::vector<std::string>{"x"});
    }
}

TEST_CASE("IR: unsupported version and unknown ops are rejected") {
    ConvNet net;
    TempDir dir;
    CHECK_THROWS_WITH_AS(ir::write_ir(net.g, dir / "m.xml", {.ir_version = 9}),
                         doctest::Contains("unsupported IR version 9"), Error);
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2});
    Node& u = g.add("NoSuchOp", 3, {x.output(0)}, {}, "u");
    g.add_result(u.output(0), "y");
    CHECK_THROWS_WITH_AS(ir::write_ir(g, dir / "m.xml", {}),
                         "cannot write node 'u': operation NoSuchOp has no OpenVINO equivalent",
                         Error);
    CHECK(dir.entries().empty());
}
