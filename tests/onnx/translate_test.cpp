// Translation of ONNX ops into opset ops: types, versions, attributes, port wiring (the table,
// convolutions, pooling, normalization, shapes, Softmax; translate_movement_test.cpp has the rest).
#include "translate_helpers.hpp"

using namespace mo;
using namespace mo::test;
namespace fe = mo::onnx_fe;

TEST_CASE("onnx ops: one-to-one mappings from the table") {
    const std::vector<std::pair<std::string, std::pair<std::string, int>>> unary = {
        {"Abs", {"Abs", 1}},     {"Acos", {"Acos", 1}},        {"Acosh", {"Acosh", 3}},
        {"Asin", {"Asin", 1}},   {"Asinh", {"Asinh", 3}},      {"Atan", {"Atan", 1}},
        {"Atanh", {"Atanh", 3}}, {"Ceil", {"Ceiling", 1}},     {"Cos", {"Cos", 1}},
        {"Cosh", {"Cosh", 1}},   {"Erf", {"Erf", 1}},          {"Exp", {"Exp", 1}},
        {"Floor", {"Floor", 1}}, {"Log", {"Log", 1}},          {"Neg", {"Negative", 1}},
        {"Relu", {"Relu", 1}},   {"Sigmoid", {"Sigmoid", 1}},  {"Sign", {"Sign", 1}},
        {"Sin", {"Sin", 1}},     {"Sinh", {"Sinh", 1}},        {"Sqrt", {"Sqrt", 1}},
        {"Tan", {"Tan", 1}},     {"Tanh", {"Tanh", 1}},        {"Softplus", {"SoftPlus", 4}},
        {"Mish", {"Mish", 4}},   {"HardSwish", {"HSwish", 4}}, {"Round", {"Round", 5}},
    };
    for (const auto& [onnx_op, target] : unary) {
        CAPTURE(onnx_op);
        ModelBuilder m;
        m.input("x", {2, 3});
        m.node(onnx_op, {"x"}, {"y"}, {}, "n");
        m.output("y");
        auto g = load(m);
        Node& n = only_node(*g, target.first);
        CHECK(n.opset() == target.second);
        CHECK(n.name == "n");
        CHECK(n.port(0).names == std::vector<std::string>{"y"});
    }
    const std::vector<std::pair<std::string, std::string>> binary = {
        {"Add", "Add"},
        {"Sub", "Subtract"},
        {"Mul", "Multiply"},
        {"Div", "Divide"},
        {"Pow", "Power"},
        {"Equal", "Equal"},
        {"Greater", "Greater"},
        {"Less", "Less"},
        {"GreaterOrEqual", "GreaterEqual"},
        {"LessOrEqual", "LessEqual"},
        {"PRelu", "PRelu"},
        {"MatMul", "MatMul"}};
    for (const auto& [onnx_op, target] : binary) {
        CAPTURE(onnx_op);
        ModelBuilder m;
        m.input("a", {2, 2}).input("b", {2, 2});
        m.node(onnx_op, {"a", "b"}, {"y"});
        m.output("y");
        auto g = load(m);
        Node& n = only_node(*g, target);
        CHECK(n.input(0).node->name == "a");
        CHECK(n.input(1).node->name == "b");
    }
    for (const auto& [onnx_op, target] : std::vector<std::pair<std::string, std::string>>{
             {"And", "LogicalAnd"}, {"Or", "LogicalOr"}, {"Xor", "LogicalXor"}}) {
        ModelBuilder m;
        m.input("a", {2}, onnx::TensorProto_DataType_BOOL)
            .input("b", {2}, onnx::TensorProto_DataType_BOOL);
        m.node(onnx_op, {"a", "b"}, {"y"});
        m.output("y");
        CHECK(only_node(*load(m), target).opset() == 1);
    }
}

TEST_CASE("onnx ops: table attributes are renamed and defaulted") {
    ModelBuilder m;
    m.input("x", {1, 8, 2, 2}).input("seq", {1}, onnx::TensorProto_DataType_INT64);
    m.node("Elu", {"x"}, {"e"}, {}, "elu");
    m.node("SpaceToDepth", {"x"}, {"s"}, {attr_int("blocksize", 2)}, "s2d");
    m.node("ReverseSequence", {"x", "seq"}, {"r"},
           {attr_int("time_axis", 1), attr_int("batch_axis", 0)}, "rs");
    m.node("CumSum", {"x", "seq"}, {"c"}, {attr_int("reverse", 1)}, "cs");
    m.node("Expand", {"x", "seq"}, {"b"}, {}, "ex");
    for (const char* o : {"e", "s", "r", "c", "b"}) m.output(o);
    auto g = load(m);
    CHECK(only_node(*g, "Elu").attrs.get_float("alpha") == 1.0);
    Node& s2d = only_node(*g, "SpaceToDepth");
    CHECK(s2d.attrs.get_int("block_size") == 2);
    CHECK(s2d.attrs.get_string("mode") == "blocks_first");
    Node& rs = only_node(*g, "ReverseSequence");
    CHECK(rs.attrs.get_int("seq_axis") == 1);
    CHECK(rs.attrs.get_int("batch_axis") == 0);
    Node& cs = only_node(*g, "CumSum");
    CHECK(cs.opset() == 3);
    CHECK(cs.attrs.get_bool("reverse") == true);
    CHECK(cs.attrs.get_bool("exclusive") == false);
    Node& ex = only_node(*g, "Broadcast");
    CHECK(ex.opset() == 3);
    CHECK(ex.attrs.get_string("mode") == "bidirectional");
}

TEST_CASE("onnx ops: Conv becomes Convolution plus a per-channel bias") {
    ModelBuilder m(11);
    m.input("x", {1, 2, 5, 5});
    m.initializer(raw_floats("w", {4, 2, 3, 3}, std::vector<float>(72, 0.5f)));
    m.initializer(raw_floats("b", {4}, {1.f, 2.f, 3.f, 4.f}));
    m.node("Conv", {"x", "w", "b"}, {"y"},
           {attr_ints("kernel_shape", {3, 3}), attr_ints("strides", {2, 1}),
            attr_ints("pads", {1, 0, 1, 2})},
           "conv1");
    m.output("y");
    auto g = load(m);
    Node& conv = only_node(*g, "Convolution");
    CHECK(conv.opset() == 1);
    CHECK(conv.attrs.get_ints("strides") == Ints{2, 1});
    CHECK(conv.attrs.get_ints("pads_begin") == Ints{1, 0});
    CHECK(conv.attrs.get_ints("pads_end") == Ints{1, 2});
    CHECK(conv.attrs.get_ints("dilations") == Ints{1, 1});
    CHECK(conv.attrs.get_string("auto_pad") == "explicit");
    CHECK(conv.producer(1).name == "w");
    Node& add = consumer_of(conv.output(0), "Add");
    CHECK(add.name == "conv1");
    CHECK(add.port(0).names == std::vector<std::string>{"y"});
    const Tensor bias = const_input(add, 1);
    CHECK(bias.shape() == Shape{1, 4, 1, 1});
    CHECK(bias.to_doubles() == std::vector<double>{1, 2, 3, 4});
}

TEST_CASE("onnx ops: grouped Conv reshapes the weights to [G, O/G, I/G, k...]") {
    ModelBuilder m(11);
    m.input("x", {1, 4, 5, 5});
    std::vector<float> w(6 * 2 * 3 * 3);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i);
    m.initializer(raw_floats("w", {6, 2, 3, 3}, w));
    m.node("Conv", {"x", "w"}, {"y"}, {attr_int("group", 2), attr_string("auto_pad", "SAME_UPPER")},
           "gconv");
    m.output("y");
    auto g = load(m);
    Node& conv = only_node(*g, "GroupConvolution");
    CHECK(conv.name == "gconv");
    CHECK(conv.attrs.get_string("auto_pad") == "same_upper");
    const Tensor k = const_input(conv, 1);
    CHECK(k.shape() == Shape{2, 3, 2, 3, 3});
    CHECK(k.value_as_double(107) == 107.0); // same element order
    CHECK(nodes_of(*g, "Add").empty());
}

TEST_CASE("onnx ops: ConvTranspose") {
    ModelBuilder m(11);
    m.input("x", {1, 4, 3, 3});
    m.initializer(raw_floats("w", {4, 3, 3, 3}, std::vector<float>(108, 1.f)));
    m.node("ConvTranspose", {"x", "w"}, {"y"},
           {attr_ints("strides", {2, 2}), attr_ints("output_padding", {1, 1}),
            attr_ints("pads", {1, 1, 1, 1})},
           "deconv");
    m.output("y");
    auto g = load(m);
    Node& d = only_node(*g, "ConvolutionBackpropData");
    CHECK(d.attrs.get_ints("output_padding") == Ints{1, 1});
    CHECK(d.attrs.get_ints("pads_begin") == Ints{1, 1});
    CHECK(d.input_count() == 2);
}

TEST_CASE("onnx ops: Gemm is MatMul with alpha, beta and C") {
    ModelBuilder m(11);
    m.input("a", {3, 4}).input("b", {5, 4}).input("c", {5});
    m.node("Gemm", {"a", "b", "c"}, {"y"},
           {attr_float("alpha", 2.f), attr_float("beta", 0.5f), attr_int("transB", 1)}, "fc");
    m.output("y");
    auto g = load(m);
    Node& mm = only_node(*g, "MatMul");
    CHECK(mm.attrs.get_bool("transpose_a") == false);
    CHECK(mm.attrs.get_bool("transpose_b") == true);
    auto muls = nodes_of(*g, "Multiply");
    REQUIRE(muls.size() == 2);
    CHECK(const_input(*muls[0], 1).value_as_double(0) == 2.0);
    CHECK(muls[0]->input(0).node == &mm);
    CHECK(const_input(*muls[1], 1).value_as_double(0) == 0.5);
    CHECK(muls[1]->producer(0).name == "c");
    Node& add = only_node(*g, "Add");
    CHECK(add.name == "fc");
    CHECK(add.input(0).node == muls[0]);
    CHECK(add.input(1).node == muls[1]);
}

TEST_CASE("onnx ops: BatchNormalization -> BatchNormInference-5") {
    ModelBuilder m(9);
    m.input("x", {1, 2, 3, 3});
    for (const char* n : {"s", "b", "mean", "var"}) m.initializer(raw_floats(n, {2}, {1.f, 2.f}));
    m.node("BatchNormalization", {"x", "s", "b", "mean", "var"}, {"y"},
           {attr_float("epsilon", 1e-3f)}, "bn");
    m.output("y");
    auto g = load(m);
    Node& bn = only_node(*g, "BatchNormInference");
    CHECK(bn.opset() == 5);
    CHECK(bn.attrs.get_float("epsilon") == doctest::Approx(1e-3));
    const char* order[] = {"x", "s", "b", "mean", "var"};
    for (std::size_t i = 0; i < 5; ++i) CHECK(bn.producer(i).name == order[i]);
}

TEST_CASE("onnx ops: pools") {
    ModelBuilder m(11);
    m.input("x", {1, 2, 8, 8});
    m.node("GlobalAveragePool", {"x"}, {"gap"}, {}, "gap");
    m.node("AveragePool", {"x"}, {"ap"},
           {attr_ints("kernel_shape", {3, 3}), attr_int("count_include_pad", 1),
            attr_int("ceil_mode", 1), attr_ints("pads", {1, 1, 1, 1}),
            attr_ints("strides", {2, 2})},
           "ap");
    m.node("MaxPool", {"x"}, {"mp"}, {attr_ints("kernel_shape", {2, 2})}, "mp");
    m.node("MaxPool", {"x"}, {"mpi", "idx"}, {attr_ints("kernel_shape", {2, 2})}, "mpi");
    m.node("MaxPool", {"x"}, {"mpd"},
           {attr_ints("kernel_shape", {2, 2}), attr_ints("dilations", {2, 2})}, "mpd");
    for (const char* o : {"gap", "ap", "mp", "mpi", "idx", "mpd"}) m.output(o);
    auto g = load(m);
    Node& gap = only_node(*g, "ReduceMean");
    CHECK(gap.name == "gap");
    CHECK(gap.attrs.get_bool("keep_dims") == true);
    CHECK(const_input(gap, 1).to_int64s() == Ints{2, 3});
    Node& ap = only_node(*g, "AvgPool");
    CHECK(ap.attrs.get_bool("exclude-pad") == false);
    CHECK(ap.attrs.get_string("rounding_type") == "ceil");
    CHECK(ap.attrs.get_ints("kernel") == Ints{3, 3});
    CHECK(ap.attrs.get_ints("strides") == Ints{2, 2});
    std::map<std::string, Node*> pools;
    for (Node* p : nodes_of(*g, "MaxPool")) pools[p->name] = p;
    CHECK(pools.at("mp")->opset() == 1);
    CHECK(pools.at("mp")->attrs.get_string("rounding_type") == "floor");
    Node& mpi = *pools.at("mpi");
    CHECK(mpi.opset() == 8);
    REQUIRE(mpi.output_count() == 2);
    CHECK(mpi.port(1).names == std::vector<std::string>{"idx"});
    CHECK(mpi.attrs.get_string("index_element_type") == "i64");
    CHECK(pools.at("mpd")->opset() == 8);
    CHECK(pools.at("mpd")->attrs.get_ints("dilations") == Ints{2, 2});
}

TEST_CASE("onnx ops: Flatten, Shape, Cast, Where, Reshape") {
    ModelBuilder m(13);
    m.input("x", {2, 3, 4}).input("c", {2, 3, 4}, onnx::TensorProto_DataType_BOOL);
    m.initializer(typed_int64s("shape", {2}, {0, -1}));
    m.node("Flatten", {"x"}, {"f"}, {}, "flat");
    m.node("Flatten", {"x"}, {"f2"}, {attr_int("axis", 2)}, "flat2");
    m.node("Shape", {"x"}, {"s"}, {}, "shape");
    m.node("Cast", {"x"}, {"i"}, {attr_int("to", onnx::TensorProto_DataType_INT64)}, "cast");
    m.node("Where", {"c", "x", "x"}, {"w"}, {}, "where");
    m.node("Reshape", {"x", "shape"}, {"r"}, {}, "reshape");
    for (const char* o : {"f", "f2", "s", "i", "w", "r"}) m.output(o);
    auto g = load(m);
    std::map<std::string, Node*> reshapes;
    for (Node* r : nodes_of(*g, "Reshape")) reshapes[r->name] = r;
    CHECK(const_input(*reshapes.at("flat"), 1).to_int64s() == Ints{0, -1});
    CHECK(reshapes.at("flat")->attrs.get_bool("special_zero") == true);
    CHECK(const_input(*reshapes.at("flat2"), 1).to_int64s() == Ints{6, -1});
    CHECK(reshapes.at("reshape")->attrs.get_bool("special_zero") == true);
    CHECK(reshapes.at("reshape")->producer(1).name == "shape");
    Node& shape = only_node(*g, "ShapeOf");
    CHECK(shape.opset() == 3);
    CHECK(shape.attrs.get_string("output_type") == "i64");
    CHECK(only_node(*g, "Convert").attrs.get_string("destination_type") == "i64");
    Node& sel = only_node(*g, "Select");
    CHECK(sel.producer(0).name == "c");
}

TEST_CASE("onnx ops: Softmax before and after opset 13") {
    {
        ModelBuilder m(13);
        m.input("x", {2, 3, 4});
        m.node("Softmax", {"x"}, {"y"}, {}, "sm");
        m.output("y");
        auto g = load(m);
        Node& sm = only_node(*g, "SoftMax");
        CHECK(sm.opset() == 1);
        CHECK(sm.attrs.get_int("axis") == 2);
        CHECK(sm.input(0).node->name == "x");
    }
    { // opset 11, axis 1 of a 3-D input: softmax over the flattened [2, 12].
        ModelBuilder m(11);
        m.input("x", {2, 3, 4});
        m.node("Softmax", {"x"}, {"y"}, {}, "sm");
        m.output("y");
        auto g = load(m);
        Node& sm = only_node(*g, "SoftMax");
        CHECK(sm.attrs.get_int("axis") == 1);
        Node& flat = sm.producer(0);
        CHECK(flat.type() == "Reshape");
        CHECK(const_input(flat, 1).to_int64s() == Ints{0, -1});
        Node& back = consumer_of(sm.output(0), "Reshape");
        CHECK(back.name == "sm");
        CHECK(back.producer(1).type() == "ShapeOf");
    }
    { // opset 11, default axis 1 of a 2-D input: already 2-D, a plain SoftMax.
        ModelBuilder m(11);
        m.input("x", {2, 3});
        m.node("LogSoftmax", {"x"}, {"y"}, {}, "lsm");
        m.output("y");
        auto g = load(m);
        Node& lsm = only_node(*g, "LogSoftmax");
        CHECK(lsm.opset() == 5);
        CHECK(lsm.attrs.get_int("axis") == 1);
        CHECK(nodes_of(*g, "Reshape").empty());
    }
}
