// The ONNX reader: file errors, tensors of every storage, names, inputs/outputs, attributes.
#include "engine/core/error.hpp"
#include "frontends/onnx/graph_builder.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

using namespace mo;
using namespace mo::test;
namespace fe = mo::onnx_fe;

namespace {

std::string error_of(const std::filesystem::path& path) {
    try {
        fe::load_model(path);
    } catch (const Error& e) {
        return e.what();
    }
    return "<no error>";
}

// A model "y = Relu(x)" with x [1, 3].
ModelBuilder relu_model(int opset = 13) {
    ModelBuilder m(opset);
    m.input("x", {1, 3});
    m.node("Relu", {"x"}, {"y"}, {}, "relu1");
    m.output("y");
    return m;
}

} // namespace

TEST_CASE("onnx reader: a missing file is a one-line error naming it") {
    TempDir dir;
    const auto path = dir / "nothere.onnx";
    const std::string msg = error_of(path);
    CHECK(msg.find(path.string()) != std::string::npos);
    CHECK(msg.find("no such file") != std::string::npos);
    CHECK(msg.find('\n') == std::string::npos);
}

TEST_CASE("onnx reader: garbage bytes, an empty file and a truncated protobuf are rejected") {
    TempDir dir;
    write_file(dir / "garbage.onnx",
               std::string("\xff\xff\xff\xff garbage, not a model \x01\x02", 28));
    const std::string garbage = error_of(dir / "garbage.onnx");
    CHECK(garbage.find((dir / "garbage.onnx").string()) != std::string::npos);
    CHECK(garbage.find("not an ONNX model") != std::string::npos);

    write_file(dir / "empty.onnx", "");
    CHECK(error_of(dir / "empty.onnx").find("empty file") != std::string::npos);

    ModelBuilder m = relu_model();
    m.initializer(raw_floats("w", {64}, std::vector<float>(64, 1.0f)));
    const std::string bytes = m.proto().SerializeAsString();
    write_file(dir / "cut.onnx", bytes.substr(0, bytes.size() / 2));
    const std::string cut = error_of(dir / "cut.onnx");
    CHECK(cut.find((dir / "cut.onnx").string()) != std::string::npos);
    CHECK(cut.find("truncated") != std::string::npos);

    onnx::ModelProto no_graph;
    no_graph.set_ir_version(7);
    write_file(dir / "nograph.onnx", no_graph.SerializeAsString());
    CHECK(error_of(dir / "nograph.onnx").find("no graph") != std::string::npos);
}

TEST_CASE("onnx reader: inputs become Parameters, outputs Results, names are kept") {
    TempDir dir;
    ModelBuilder m;
    m.input("x", {-1, 3, 224, -1});
    m.input("unranked", {}, onnx::TensorProto_DataType_INT64, /*no_shape=*/true);
    m.node("Relu", {"x"}, {"r"}, {}, "relu1");
    m.node("Relu", {"r"}, {"y"}, {}, ""); // no name: named after its output
    m.output("y");
    m.output("unranked");
    auto g = fe::load_model(m.save(dir));

    REQUIRE(g->parameters().size() == 2);
    Node& x = *g->parameters()[0];
    CHECK(x.name == "x");
    CHECK(x.output_type(0) == ElementType::f32);
    CHECK(x.output_shape(0) == PartialShape({-1, 3, 224, -1}));
    CHECK(x.port(0).names == std::vector<std::string>{"x"});
    Node& u = *g->parameters()[1];
    CHECK(u.output_type(0) == ElementType::i64);
    CHECK_FALSE(u.output_shape(0).rank_known());

    auto relus = nodes_of(*g, "Relu");
    REQUIRE(relus.size() == 2);
    CHECK(relus[0]->opset() == 1);
    CHECK(relus[0]->name == "relu1");
    CHECK(relus[0]->port(0).names == std::vector<std::string>{"r"});
    CHECK(relus[1]->name == "y");
    CHECK(relus[1]->input(0).node == relus[0]);

    REQUIRE(g->results().size() == 2);
    CHECK(g->results()[0]->name == "y/sink_port_0");
    CHECK(g->results()[0]->input(0).node == relus[1]);
    CHECK(g->results()[1]->input(0).node == &u);
}

TEST_CASE("onnx reader: nodes out of topological order are sorted") {
    TempDir dir;
    ModelBuilder m;
    m.input("x", {2});
    m.node("Neg", {"a"}, {"b"}, {}, "second");
    m.node("Abs", {"x"}, {"a"}, {}, "first");
    m.output("b");
    auto g = fe::load_model(m.save(dir));
    CHECK(only_node(*g, "Negative").input(0).node == &only_node(*g, "Abs"));
}

TEST_CASE("onnx reader: raw_data initializers share memory with the parsed model") {
    TempDir dir;
    ModelBuilder m;
    m.input("x", {1, 4});
    m.initializer(raw_floats("w", {1, 4}, {1.5f, -2.0f, 3.25f, 4.0f}));
    m.node("Add", {"x", "w"}, {"y"}, {}, "add");
    m.output("y");
    auto g = fe::load_model(m.save(dir));
    Node& c = only_node(*g, "Const");
    CHECK(c.name == "w");
    CHECK(c.port(0).names == std::vector<std::string>{"w"});
    CHECK(c.value.shape() == Shape{1, 4});
    CHECK_FALSE(c.value.writable()); // borrowed, not copied
    const auto v = c.value.data<float>();
    CHECK(std::vector<float>(v.begin(), v.end()) == std::vector<float>{1.5f, -2.0f, 3.25f, 4.0f});
    CHECK(only_node(*g, "Add").input(1).node == &c);
}

TEST_CASE("onnx reader: the borrowed weights point into the ModelProto's raw_data") {
    ModelBuilder m;
    m.input("x", {1000});
    std::vector<float> w(1000);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i) * 0.5f;
    m.initializer(raw_floats("w", {1000}, w));
    m.node("Mul", {"x", "w"}, {"y"});
    m.output("y");
    auto model = std::make_shared<onnx::ModelProto>(m.proto());
    const std::string& raw = model->graph().initializer(0).raw_data();
    std::weak_ptr<onnx::ModelProto> watch = model;
    auto g = fe::build_graph(model, ".");
    model.reset();
    CHECK_FALSE(watch.expired()); // the graph's tensors keep the model alive
    Node& c = only_node(*g, "Const");
    CHECK(static_cast<const void*>(c.value.raw()) == static_cast<const void*>(raw.data()));
    CHECK(c.value.data<float>()[999] == 499.5f);
    g.reset();
    CHECK(watch.expired());
}

TEST_CASE("onnx reader: typed-field initializers of every element type") {
    TempDir dir;
    ModelBuilder m;
    m.input("x", {1});
    auto add = [&](const std::string& name, int type, auto fill) {
        onnx::TensorProto t;
        t.set_name(name);
        t.set_data_type(type);
        t.add_dims(2);
        fill(t);
        m.initializer(t);
        m.node("Identity", {name}, {name + "_out"});
        m.output(name + "_out");
    };
    add("f32", onnx::TensorProto_DataType_FLOAT, [](auto& t) {
        t.add_float_data(1.5f);
        t.add_float_data(-2.f);
    });
    add("f64", onnx::TensorProto_DataType_DOUBLE, [](auto& t) {
        t.add_double_data(0.25);
        t.add_double_data(8);
    });
    // f16 bits of 1.0 (0x3C00) and -2.0 (0xC000) live in int32_data.
    add("f16", onnx::TensorProto_DataType_FLOAT16, [](auto& t) {
        t.add_int32_data(0x3C00);
        t.add_int32_data(0xC000);
    });
    // bf16 bits of 1.0 (0x3F80) and 3.0 (0x4040).
    add("bf16", onnx::TensorProto_DataType_BFLOAT16, [](auto& t) {
        t.add_int32_data(0x3F80);
        t.add_int32_data(0x4040);
    });
    add("i8", onnx::TensorProto_DataType_INT8, [](auto& t) {
        t.add_int32_data(-128);
        t.add_int32_data(127);
    });
    add("i16", onnx::TensorProto_DataType_INT16, [](auto& t) {
        t.add_int32_data(-300);
        t.add_int32_data(300);
    });
    add("i32", onnx::TensorProto_DataType_INT32, [](auto& t) {
        t.add_int32_data(-70000);
        t.add_int32_data(5);
    });
    add("i64", onnx::TensorProto_DataType_INT64, [](auto& t) {
        t.add_int64_data(-(std::int64_t{1} << 40));
        t.add_int64_data(7);
    });
    add("u8", onnx::TensorProto_DataType_UINT8, [](auto& t) {
        t.add_int32_data(255);
        t.add_int32_data(1);
    });
    add("u16", onnx::TensorProto_DataType_UINT16, [](auto& t) {
        t.add_int32_data(65535);
        t.add_int32_data(2);
    });
    add("u32", onnx::TensorProto_DataType_UINT32, [](auto& t) {
        t.add_uint64_data(4000000000u);
        t.add_uint64_data(3);
    });
    add("u64", onnx::TensorProto_DataType_UINT64, [](auto& t) {
        t.add_uint64_data(std::uint64_t{1} << 63);
        t.add_uint64_data(4);
    });
    add("bool", onnx::TensorProto_DataType_BOOL, [](auto& t) {
        t.add_int32_data(1);
        t.add_int32_data(0);
    });
    auto g = fe::load_model(m.save(dir));

    std::map<std::string, Tensor> consts;
    for (Node* n : nodes_of(*g, "Const")) consts[n->name] = n->value;
    REQUIRE(consts.size() == 13);
    CHECK(consts["f32"].data<float>()[1] == -2.0f);
    CHECK(consts["f64"].data<double>()[0] == 0.25);
    CHECK(consts["f16"].type() == ElementType::f16);
    CHECK(consts["f16"].value_as_double(0) == 1.0);
    CHECK(consts["f16"].value_as_double(1) == -2.0);
    CHECK(consts["bf16"].type() == ElementType::bf16);
    CHECK(consts["bf16"].value_as_double(1) == 3.0);
    CHECK(consts["i8"].data<std::int8_t>()[0] == -128);
    CHECK(consts["i16"].data<std::int16_t>()[0] == -300);
    CHECK(consts["i32"].data<std::int32_t>()[0] == -70000);
    CHECK(consts["i64"].data<std::int64_t>()[0] == -(std::int64_t{1} << 40));
    CHECK(consts["u8"].data<std::uint8_t>()[0] == 255);
    CHECK(consts["u16"].data<std::uint16_t>()[0] == 65535);
    CHECK(consts["u32"].data<std::uint32_t>()[0] == 4000000000u);
    CHECK(consts["u64"].data<std::uint64_t>()[0] == (std::uint64_t{1} << 63));
    CHECK(consts["bool"].data<bool>()[0] == true);
    CHECK(consts["bool"].data<bool>()[1] == false);
    // Identity keeps the input's description on its output.
    for (Node* id : nodes_of(*g, "onnx.Identity")) {
        CHECK(id->opset() == 0);
        CHECK(id->output_type(0) == id->input_type(0));
        CHECK(id->output_shape(0) == PartialShape({2}));
    }
}

TEST_CASE("onnx reader: raw_data of f16 and int64 initializers") {
    TempDir dir;
    ModelBuilder m;
    m.input("x", {1});
    onnx::TensorProto h;
    h.set_name("h");
    h.set_data_type(onnx::TensorProto_DataType_FLOAT16);
    h.add_dims(3);
    const std::uint16_t bits[3] = {0x3C00, 0x4000, 0xBC00}; // 1, 2, -1
    h.set_raw_data(std::string(reinterpret_cast<const char*>(bits), sizeof bits));
    m.initializer(h);
    onnx::TensorProto i;
    i.set_name("i");
    i.set_data_type(onnx::TensorProto_DataType_INT64);
    i.add_dims(2);
    const std::int64_t ints[2] = {-5, 1LL << 50};
    i.set_raw_data(std::string(reinterpret_cast<const char*>(ints), sizeof ints));
    m.initializer(i);
    m.node("Identity", {"h"}, {"ho"});
    m.node("Identity", {"i"}, {"io"});
    m.output("ho").output("io");
    auto g = fe::load_model(m.save(dir));
    std::map<std::string, Tensor> consts;
    for (Node* n : nodes_of(*g, "Const")) consts[n->name] = n->value;
    CHECK(consts["h"].to_doubles() == std::vector<double>{1.0, 2.0, -1.0});
    CHECK(consts["i"].to_int64s() == std::vector<std::int64_t>{-5, 1LL << 50});
}

TEST_CASE("onnx reader: bad initializers are reported by name") {
    TempDir dir;
    ModelBuilder m;
    m.input("x", {4});
    m.initializer(raw_floats("w", {4}, {1.f, 2.f})); // 8 bytes for 4 floats
    m.node("Add", {"x", "w"}, {"y"}, {}, "add");
    m.output("y");
    const std::string msg = error_of(m.save(dir));
    CHECK(msg.find("initializer 'w'") != std::string::npos);
    CHECK(msg.find("raw_data holds 8 bytes") != std::string::npos);

    ModelBuilder s;
    s.input("x", {1});
    onnx::TensorProto str;
    str.set_name("s");
    str.set_data_type(onnx::TensorProto_DataType_STRING);
    str.add_dims(1);
    str.add_string_data("hello");
    s.initializer(str);
    s.node("Identity", {"s"}, {"y"});
    s.output("y");
    CHECK(error_of(s.save(dir, "s.onnx")).find("unsupported data type STRING") !=
          std::string::npos);
}

TEST_CASE("onnx reader: external data with offsets, relative to the model's directory") {
    TempDir dir;
    std::filesystem::create_directories(dir / "weights");
    // 8 bytes of padding, then 3 floats for "a", then 2 int64 for "b".
    std::string blob(8, '\0');
    const float a[3] = {0.5f, -1.0f, 7.0f};
    blob.append(reinterpret_cast<const char*>(a), sizeof a);
    blob.append(4, '\0');
    const std::int64_t b[2] = {11, -12};
    blob.append(reinterpret_cast<const char*>(b), sizeof b);
    write_file(dir / "weights" / "data.bin", blob);

    auto external = [](const std::string& name, int type, std::int64_t dim, std::size_t offset,
                       std::size_t length) {
        onnx::TensorProto t;
        t.set_name(name);
        t.set_data_type(type);
        t.add_dims(dim);
        t.set_data_location(onnx::TensorProto_DataLocation_EXTERNAL);
        auto kv = [&](const char* k, const std::string& v) {
            auto* e = t.add_external_data();
            e->set_key(k);
            e->set_value(v);
        };
        kv("location", "weights/data.bin");
        kv("offset", std::to_string(offset));
        kv("length", std::to_string(length));
        return t;
    };
    ModelBuilder m;
    m.input("x", {3});
    m.initializer(external("a", onnx::TensorProto_DataType_FLOAT, 3, 8, 12));
    m.initializer(external("b", onnx::TensorProto_DataType_INT64, 2, 24, 16));
    m.node("Add", {"x", "a"}, {"y"});
    m.node("Identity", {"b"}, {"bo"});
    m.output("y").output("bo");
    auto g = fe::load_model(m.save(dir));
    std::map<std::string, Tensor> consts;
    for (Node* n : nodes_of(*g, "Const")) consts[n->name] = n->value;
    CHECK(consts["a"].to_doubles() == std::vector<double>{0.5, -1.0, 7.0});
    CHECK_FALSE(consts["a"].writable()); // mapped, not copied
    CHECK(consts["b"].to_int64s() == std::vector<std::int64_t>{11, -12});

    // A range past the end of the file, and a missing file, are errors naming the tensor.
    ModelBuilder bad;
    bad.input("x", {3});
    bad.initializer(external("a", onnx::TensorProto_DataType_FLOAT, 3, 40, 12));
    bad.node("Add", {"x", "a"}, {"y"});
    bad.output("y");
    const std::string past = error_of(bad.save(dir, "bad.onnx"));
    CHECK(past.find("tensor 'a'") != std::string::npos);
    CHECK(past.find("outside") != std::string::npos);
    std::filesystem::remove(dir / "weights" / "data.bin");
    CHECK(error_of(dir / "model.onnx").find("not found") != std::string::npos);
}

TEST_CASE("onnx reader: unsupported ops, foreign domains and sub-graphs name the node") {
    TempDir dir;
    {
        ModelBuilder m(11);
        m.input("x", {1});
        m.node("FancyOp", {"x"}, {"y"}, {}, "fancy");
        m.output("y");
        const std::string msg = error_of(m.save(dir, "a.onnx"));
        CHECK(msg.find("node 'fancy': unsupported ONNX operation 'FancyOp' (opset 11)") !=
              std::string::npos);
    }
    {
        ModelBuilder m;
        m.input("x", {1});
        m.node("FusedConv", {"x"}, {"y"}, {}, "fused").set_domain("com.microsoft");
        m.output("y");
        const std::string msg = error_of(m.save(dir, "b.onnx"));
        CHECK(msg.find("node 'fused'") != std::string::npos);
        CHECK(msg.find("com.microsoft") != std::string::npos);
    }
    {
        ModelBuilder m;
        m.input("c", {}, onnx::TensorProto_DataType_BOOL);
        onnx::AttributeProto branch;
        branch.set_name("then_branch");
        branch.set_type(onnx::AttributeProto_AttributeType_GRAPH);
        branch.mutable_g()->set_name("then");
        auto& n = m.node("If", {"c"}, {"y"}, {}, "cond");
        *n.add_attribute() = branch;
        m.output("y");
        const std::string msg = error_of(m.save(dir, "c.onnx"));
        CHECK(msg.find("node 'cond': op If has a sub-graph, which is not supported yet") !=
              std::string::npos);
    }
    {
        ModelBuilder m;
        m.input("x", {1});
        m.node("Relu", {"nowhere"}, {"y"}, {}, "r");
        m.output("y");
        CHECK(error_of(m.save(dir, "d.onnx")).find("input 'nowhere' is not produced") !=
              std::string::npos);
    }
}

TEST_CASE("onnx reader: attribute kinds and attribute errors") {
    TempDir dir;
    // Constant covers TENSOR / FLOAT / FLOATS / INT / INTS.
    ModelBuilder m;
    m.node("Constant", {}, {"t"}, {attr_tensor("value", raw_floats("", {2}, {3.f, 4.f}))}, "ct");
    m.node("Constant", {}, {"f"}, {attr_float("value_float", 2.5f)}, "cf");
    m.node("Constant", {}, {"fs"}, {attr_floats("value_floats", {1.f, 2.f})}, "cfs");
    m.node("Constant", {}, {"i"}, {attr_int("value_int", 9)}, "ci");
    m.node("Constant", {}, {"is"}, {attr_ints("value_ints", {4, 5, 6})}, "cis");
    for (const char* o : {"t", "f", "fs", "i", "is"}) m.output(o);
    auto g = fe::load_model(m.save(dir));
    std::map<std::string, Tensor> consts;
    for (Node* n : nodes_of(*g, "Const")) consts[n->name] = n->value;
    CHECK(consts["ct"].to_doubles() == std::vector<double>{3, 4});
    CHECK(consts["cf"].shape().empty());
    CHECK(consts["cf"].value_as_double(0) == 2.5);
    CHECK(consts["cfs"].to_doubles() == std::vector<double>{1, 2});
    CHECK(consts["ci"].to_int64s() == std::vector<std::int64_t>{9});
    CHECK(consts["cis"].to_int64s() == std::vector<std::int64_t>{4, 5, 6});
    CHECK(consts["cis"].type() == ElementType::i64);

    // STRING and STRINGS: Einsum's equation is a STRING; a wrong kind is a clear error.
    ModelBuilder e;
    e.input("a", {2, 3}).input("b", {3, 4});
    e.node("Einsum", {"a", "b"}, {"y"}, {attr_string("equation", "ij,jk->ik")}, "es");
    e.output("y");
    auto ge = fe::load_model(e.save(dir, "e.onnx"));
    CHECK(only_node(*ge, "Einsum").attrs.get_string("equation") == "ij,jk->ik");

    ModelBuilder w;
    w.input("x", {1, 2});
    w.node("Concat", {"x", "x"}, {"y"}, {attr_strings("axis", {"one"})}, "cat");
    w.output("y");
    const std::string msg = error_of(w.save(dir, "w.onnx"));
    CHECK(msg.find("node 'cat': attribute 'axis' is a STRINGS, expected an INT") !=
          std::string::npos);

    ModelBuilder r;
    r.input("x", {1, 2, 4, 4});
    r.node("DepthToSpace", {"x"}, {"y"}, {}, "d2s");
    r.output("y");
    CHECK(error_of(r.save(dir, "r.onnx"))
              .find("node 'd2s': required attribute 'blocksize' is missing") != std::string::npos);
}

TEST_CASE("load_tensor_file: reads a TensorProto file, errors name the file") {
    TempDir dir;
    onnx::TensorProto t = raw_floats("input_0", {2, 2}, {1.f, 2.f, 3.f, 4.f});
    write_file(dir / "input_0.pb", t.SerializeAsString());
    auto [name, value] = fe::load_tensor_file(dir / "input_0.pb");
    CHECK(name == "input_0");
    CHECK(value.shape() == Shape{2, 2});
    CHECK(value.to_doubles() == std::vector<double>{1, 2, 3, 4});

    write_file(dir / "bad.pb", std::string("\x0a\xff\xff\xff", 4));
    try {
        fe::load_tensor_file(dir / "bad.pb");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find((dir / "bad.pb").string()) != std::string::npos);
    }
}

TEST_CASE("load_tensor_file: ONNX's own test data") {
    const std::filesystem::path p =
        "/usr/share/libonnx-testdata/data/node/test_relu/test_data_set_0/input_0.pb";
    if (!std::filesystem::exists(p)) return;
    auto [name, value] = fe::load_tensor_file(p);
    CHECK(name == "x");
    CHECK(value.type() == ElementType::f32);
    CHECK(value.shape() == Shape{3, 4, 5});
}
