// Translation of ONNX ops into opset ops: types, versions, attributes, port wiring.
#include "engine/core/error.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

using namespace mo;
using namespace mo::test;
namespace fe = mo::onnx_fe;

namespace {

using Ints = std::vector<std::int64_t>;

std::unique_ptr<Graph> load(const ModelBuilder& m) {
    TempDir dir;
    return fe::load_model(m.save(dir));
}

// The constant feeding input i of n.
Tensor const_input(const Node& n, std::size_t i) {
    const Node& p = n.producer(i);
    REQUIRE_MESSAGE(p.is_const(), "input " << i << " of " << n.describe() << " is a " << p.type());
    return p.value;
}

// The one node of `type` that consumes `out`.
Node& consumer_of(Output out, const std::string& type) {
    for (const Input& in : out.node->consumers(out.index))
        if (in.node->type() == type) return *in.node;
    throw std::runtime_error("no " + type + " consumer");
}

} // namespace

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

TEST_CASE("onnx ops: Split, Squeeze, Unsqueeze: attributes before opset 13, inputs after") {
    {
        ModelBuilder m(11);
        m.input("x", {6, 1, 2});
        m.node("Split", {"x"}, {"a", "b"}, {attr_ints("split", {2, 4})}, "split");
        m.node("Squeeze", {"x"}, {"sq"}, {attr_ints("axes", {1})}, "sq");
        m.node("Unsqueeze", {"x"}, {"us"}, {attr_ints("axes", {0})}, "us");
        for (const char* o : {"a", "b", "sq", "us"}) m.output(o);
        auto g = load(m);
        Node& split = only_node(*g, "VariadicSplit");
        CHECK(const_input(split, 1).to_int64s() == Ints{0});
        CHECK(const_input(split, 2).to_int64s() == Ints{2, 4});
        CHECK(split.port(0).names == std::vector<std::string>{"a"});
        CHECK(split.port(1).names == std::vector<std::string>{"b"});
        CHECK(const_input(only_node(*g, "Squeeze"), 1).to_int64s() == Ints{1});
        CHECK(const_input(only_node(*g, "Unsqueeze"), 1).to_int64s() == Ints{0});
    }
    {
        ModelBuilder m(13);
        m.input("x", {6, 1, 2});
        m.initializer(typed_int64s("lengths", {2}, {3, 3}));
        m.initializer(typed_int64s("axes", {1}, {1}));
        m.node("Split", {"x", "lengths"}, {"a", "b"}, {}, "vsplit");
        m.node("Split", {"x"}, {"p", "q", "r"}, {}, "split3");
        m.node("Squeeze", {"x", "axes"}, {"sq"}, {}, "sq");
        m.node("Squeeze", {"x"}, {"sq_all"}, {}, "sq_all");
        m.node("Unsqueeze", {"x", "axes"}, {"us"}, {}, "us");
        for (const char* o : {"a", "b", "p", "q", "r", "sq", "sq_all", "us"}) m.output(o);
        auto g = load(m);
        Node& vsplit = only_node(*g, "VariadicSplit");
        CHECK(vsplit.producer(2).name == "lengths");
        Node& split = only_node(*g, "Split");
        CHECK(split.attrs.get_int("num_splits") == 3);
        CHECK(split.output_count() == 3);
        CHECK(split.port(2).names == std::vector<std::string>{"r"});
        std::map<std::string, Node*> sq;
        for (Node* n : nodes_of(*g, "Squeeze")) sq[n->name] = n;
        CHECK(sq.at("sq")->producer(1).name == "axes");
        CHECK(sq.at("sq_all")->input_count() == 1);
        CHECK(only_node(*g, "Unsqueeze").producer(1).name == "axes");
    }
}

TEST_CASE("onnx ops: ReduceSum axes move to an input at 13, the other reductions at 18") {
    {
        ModelBuilder m(13);
        m.input("x", {2, 3, 4});
        m.initializer(typed_int64s("axes", {1}, {1}));
        m.node("ReduceSum", {"x", "axes"}, {"s"}, {attr_int("keepdims", 0)}, "sum");
        m.node("ReduceMean", {"x"}, {"m"}, {attr_ints("axes", {-1})}, "mean");
        m.node("ReduceMax", {"x"}, {"mx"}, {}, "max_all");
        m.node("ReduceL2", {"x"}, {"l2"}, {attr_ints("axes", {0})}, "l2");
        for (const char* o : {"s", "m", "mx", "l2"}) m.output(o);
        auto g = load(m);
        Node& sum = only_node(*g, "ReduceSum");
        CHECK(sum.producer(1).name == "axes");
        CHECK(sum.attrs.get_bool("keep_dims") == false);
        Node& mean = only_node(*g, "ReduceMean");
        CHECK(const_input(mean, 1).to_int64s() == Ints{-1});
        CHECK(mean.attrs.get_bool("keep_dims") == true);
        CHECK(const_input(only_node(*g, "ReduceMax"), 1).to_int64s() == Ints{0, 1, 2});
        CHECK(only_node(*g, "ReduceL2").opset() == 4);
    }
    {
        ModelBuilder m(18);
        m.input("x", {2, 3});
        m.initializer(typed_int64s("axes", {1}, {0}));
        m.node("ReduceMean", {"x", "axes"}, {"m"}, {}, "mean");
        m.output("m");
        CHECK(only_node(*load(m), "ReduceMean").producer(1).name == "axes");
    }
}

TEST_CASE("onnx ops: Pad as attributes (opset 2) and as inputs (opset 11)") {
    {
        ModelBuilder m(2);
        m.input("x", {1, 2, 3, 3});
        m.node("Pad", {"x"}, {"y"},
               {attr_ints("pads", {0, 0, 1, 2, 0, 0, 3, 4}), attr_float("value", 1.5f)}, "pad");
        m.output("y");
        auto g = load(m);
        Node& pad = only_node(*g, "Pad");
        CHECK(pad.attrs.get_string("pad_mode") == "constant");
        CHECK(const_input(pad, 1).to_int64s() == Ints{0, 0, 1, 2});
        CHECK(const_input(pad, 2).to_int64s() == Ints{0, 0, 3, 4});
        CHECK(const_input(pad, 3).value_as_double(0) == 1.5);
    }
    {
        ModelBuilder m(11);
        m.input("x", {1, 2, 3, 3});
        m.initializer(typed_int64s("pads", {8}, {0, 0, 1, 1, 0, 0, 1, 1}));
        m.node("Pad", {"x", "pads"}, {"y"}, {attr_string("mode", "reflect")}, "pad");
        m.output("y");
        auto g = load(m);
        Node& pad = only_node(*g, "Pad");
        CHECK(pad.attrs.get_string("pad_mode") == "reflect");
        CHECK(const_input(pad, 1).to_int64s() == Ints{0, 0, 1, 1});
        CHECK(pad.input_count() == 3);
    }
}

TEST_CASE("onnx ops: Slice -> StridedSlice with masks for untouched axes") {
    ModelBuilder m(13);
    m.input("x", {4, 5, 6});
    m.initializer(typed_int64s("starts", {2}, {1, -1}));
    m.initializer(typed_int64s("ends", {2}, {std::numeric_limits<std::int64_t>::max(), 0}));
    m.initializer(typed_int64s("axes", {2}, {0, 2}));
    m.initializer(typed_int64s("steps", {2}, {1, -2}));
    m.node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"}, {}, "slice");
    m.output("y");
    auto g = load(m);
    Node& ss = only_node(*g, "StridedSlice");
    CHECK(ss.name == "slice");
    CHECK(const_input(ss, 1).to_int64s() == Ints{1, 0, -1});
    CHECK(const_input(ss, 2).to_int64s() == Ints{0, 0, 0});
    CHECK(const_input(ss, 3).to_int64s() == Ints{1, 1, -2});
    CHECK(ss.attrs.get_ints("begin_mask") == Ints{0, 1, 0});
    CHECK(ss.attrs.get_ints("end_mask") == Ints{1, 1, 0});

    ModelBuilder old(9);
    old.input("x", {4, 5});
    old.node("Slice", {"x"}, {"y"},
             {attr_ints("starts", {1}), attr_ints("ends", {3}), attr_ints("axes", {1})}, "s");
    old.output("y");
    auto g2 = load(old);
    Node& s2 = only_node(*g2, "StridedSlice");
    CHECK(const_input(s2, 1).to_int64s() == Ints{0, 1});
    CHECK(const_input(s2, 2).to_int64s() == Ints{0, 3});
    CHECK(s2.attrs.get_ints("begin_mask") == Ints{1, 0});
}

TEST_CASE("onnx ops: Clip -> Clamp with constant bounds, else Maximum/Minimum") {
    {
        ModelBuilder m(6);
        m.input("x", {3});
        m.node("Clip", {"x"}, {"y"}, {attr_float("min", 0.f), attr_float("max", 6.f)}, "relu6");
        m.output("y");
        auto g = load(m); // keep the graph alive while its nodes are inspected
        Node& c = only_node(*g, "Clamp");
        CHECK(c.attrs.get_float("min") == 0.0);
        CHECK(c.attrs.get_float("max") == 6.0);
        CHECK(c.name == "relu6");
    }
    {
        ModelBuilder m(11);
        m.input("x", {3}).input("hi", {});
        m.initializer(raw_floats("lo", {}, {-1.f}));
        m.node("Clip", {"x", "lo"}, {"y"}, {}, "c1");
        m.node("Clip", {"x", "lo", "hi"}, {"z"}, {}, "c2");
        m.output("y").output("z");
        auto g = load(m);
        Node& c = only_node(*g, "Clamp");
        CHECK(c.attrs.get_float("min") == -1.0);
        CHECK(c.attrs.get_float("max") == doctest::Approx(std::numeric_limits<float>::max()));
        Node& mx = only_node(*g, "Maximum");
        Node& mn = only_node(*g, "Minimum");
        CHECK(mn.input(0).node == &mx);
        CHECK(mn.producer(1).name == "hi");
        CHECK(mn.name == "c2");
    }
}

TEST_CASE("onnx ops: variadic Sum/Mean/Max become chains") {
    ModelBuilder m(13);
    m.input("a", {2}).input("b", {2}).input("c", {2});
    m.node("Sum", {"a", "b", "c"}, {"s"}, {}, "sum");
    m.node("Mean", {"a", "b", "c"}, {"m"}, {}, "mean");
    m.node("Max", {"a"}, {"x"}, {}, "max1");
    m.output("s").output("m").output("x");
    auto g = load(m);
    CHECK(nodes_of(*g, "Add").size() == 4);
    Node& div = only_node(*g, "Divide");
    CHECK(div.name == "mean");
    CHECK(const_input(div, 1).value_as_double(0) == 3.0);
    CHECK(only_node(*g, "onnx.Identity").name == "max1");
}

TEST_CASE("onnx ops: Resize and Upsample -> Interpolate-4") {
    {
        ModelBuilder m(13);
        m.input("x", {1, 3, 4, 4});
        m.initializer(raw_floats("scales", {4}, {1.f, 1.f, 2.f, 2.f}));
        m.node("Resize", {"x", "", "scales"}, {"y"},
               {attr_string("mode", "linear"),
                attr_string("coordinate_transformation_mode", "align_corners")},
               "rs");
        m.output("y");
        auto g = load(m);
        Node& in = only_node(*g, "Interpolate");
        CHECK(in.opset() == 4);
        CHECK(in.attrs.get_string("mode") == "linear_onnx");
        CHECK(in.attrs.get_string("shape_calculation_mode") == "scales");
        CHECK(in.attrs.get_string("coordinate_transformation_mode") == "align_corners");
        CHECK(const_input(in, 2).to_doubles() == std::vector<double>{1, 1, 2, 2});
        CHECK(const_input(in, 1).to_int64s() == Ints{1, 3, 8, 8});
    }
    {
        ModelBuilder m(9);
        m.input("x", {1, 3, 4, 4});
        m.initializer(raw_floats("scales", {4}, {1.f, 1.f, 2.f, 3.f}));
        m.node("Upsample", {"x", "scales"}, {"y"}, {}, "up");
        m.output("y");
        auto g = load(m);
        Node& in = only_node(*g, "Interpolate");
        CHECK(in.attrs.get_string("mode") == "nearest");
        CHECK(in.attrs.get_string("coordinate_transformation_mode") == "asymmetric");
        CHECK(in.attrs.get_string("nearest_mode") == "floor");
    }
    {
        ModelBuilder m(13);
        m.input("x", {1, 3, 4, 4});
        m.initializer(typed_int64s("sizes", {4}, {1, 3, 5, 7}));
        m.node("Resize", {"x", "", "", "sizes"}, {"y"}, {}, "rs");
        m.output("y");
        auto g = load(m);
        Node& in = only_node(*g, "Interpolate");
        CHECK(in.attrs.get_string("shape_calculation_mode") == "sizes");
        CHECK(in.producer(1).name == "sizes");
        CHECK(in.attrs.get_string("nearest_mode") == "round_prefer_floor");
    }
}

TEST_CASE("onnx ops: Dropout keeps the data path; its mask is all true") {
    ModelBuilder m(11);
    m.input("x", {2, 3});
    m.node("Dropout", {"x"}, {"y", "mask"}, {attr_float("ratio", 0.3f)}, "drop");
    m.output("y").output("mask");
    auto g = load(m);
    Node& d = only_node(*g, "onnx.Dropout");
    CHECK(d.opset() == 0);
    CHECK(d.attrs.get_float("ratio") == doctest::Approx(0.3));
    REQUIRE(d.output_count() == 1);
    CHECK(d.output_type(0) == ElementType::f32);
    CHECK(d.output_shape(0) == PartialShape({2, 3}));
    Node& mask = only_node(*g, "Broadcast");
    CHECK(mask.output_type(0) == ElementType::boolean);
    CHECK(mask.output_shape(0) == PartialShape({2, 3}));
    CHECK(mask.port(0).names == std::vector<std::string>{"mask"});
    CHECK(const_input(mask, 0).value_as_double(0) == 1.0);

    ModelBuilder training(13);
    training.input("x", {2, 3});
    training.initializer(raw_floats("ratio", {}, {0.5f}));
    onnx::TensorProto on;
    on.set_name("on");
    on.set_data_type(onnx::TensorProto_DataType_BOOL);
    on.add_int32_data(1);
    training.initializer(on);
    training.node("Dropout", {"x", "ratio", "on"}, {"y"}, {}, "random");
    training.output("y");
    CHECK_THROWS_WITH_AS(load(training), doctest::Contains("training mode"), mo::Error);
}

TEST_CASE("onnx ops: activations that need constants") {
    ModelBuilder m(13);
    m.input("x", {2, 3});
    m.node("LeakyRelu", {"x"}, {"l"}, {attr_float("alpha", 0.1f)}, "leaky");
    m.node("HardSigmoid", {"x"}, {"h"}, {}, "hs");
    m.node("Selu", {"x"}, {"s"}, {}, "selu");
    m.output("l").output("h").output("s");
    auto g = load(m);
    Node& p = only_node(*g, "PRelu");
    CHECK(p.name == "leaky");
    CHECK(const_input(p, 1).shape() == Shape{1});
    CHECK(const_input(p, 1).value_as_double(0) == doctest::Approx(0.1));
    Node& hs = only_node(*g, "HardSigmoid");
    CHECK(const_input(hs, 1).value_as_double(0) == doctest::Approx(0.2));
    CHECK(const_input(hs, 2).value_as_double(0) == doctest::Approx(0.5));
    Node& selu = only_node(*g, "Selu");
    CHECK(const_input(selu, 1).value_as_double(0) == doctest::Approx(1.6732632));
    CHECK(const_input(selu, 2).value_as_double(0) == doctest::Approx(1.0507010));
}

TEST_CASE("onnx ops: Gather, ArgMax, Transpose, Concat, Mod, TopK") {
    ModelBuilder m(13);
    m.input("x", {4, 5}).input("i", {2}, onnx::TensorProto_DataType_INT64);
    m.initializer(typed_int64s("pos", {2}, {0, 3}));
    m.initializer(typed_int64s("neg", {1}, {-1}));
    m.initializer(typed_int64s("k", {1}, {2}));
    m.node("Gather", {"x", "pos"}, {"g1"}, {attr_int("axis", 1)}, "g_pos");
    m.node("Gather", {"x", "neg"}, {"g2"}, {}, "g_neg");
    m.node("Gather", {"x", "i"}, {"g3"}, {}, "g_dyn");
    m.node("ArgMax", {"x"}, {"am"}, {attr_int("axis", 1), attr_int("keepdims", 0)}, "argmax");
    m.node("Transpose", {"x"}, {"t"}, {}, "tr");
    m.node("Concat", {"x", "x"}, {"c"}, {attr_int("axis", -1)}, "cat");
    m.node("Mod", {"x", "x"}, {"fm"}, {attr_int("fmod", 1)}, "fmod");
    m.node("Mod", {"i", "i"}, {"im"}, {}, "imod");
    m.node("TopK", {"x", "k"}, {"tv", "ti"}, {attr_int("largest", 0)}, "topk");
    for (const char* o : {"g1", "g2", "g3", "am", "t", "c", "fm", "im", "tv", "ti"}) m.output(o);
    auto g = load(m);
    std::map<std::string, Node*> gathers;
    for (Node* n : nodes_of(*g, "Gather")) gathers[n->name] = n;
    CHECK(gathers.at("g_pos")->opset() == 1);
    CHECK(const_input(*gathers.at("g_pos"), 2).to_int64s() == Ints{1});
    CHECK(gathers.at("g_neg")->opset() == 8);
    CHECK(gathers.at("g_dyn")->opset() == 8);
    Node& sq = only_node(*g, "Squeeze");
    CHECK(sq.name == "argmax");
    std::map<std::string, Node*> topks;
    for (Node* n : nodes_of(*g, "TopK")) topks[n->name] = n;
    Node& am = sq.producer(0);
    CHECK(am.attrs.get_string("mode") == "max");
    CHECK(sq.input(0).index == 1);
    CHECK(const_input(sq, 1).to_int64s() == Ints{1});
    Node& tk = *topks.at("topk");
    CHECK(tk.attrs.get_string("mode") == "min");
    CHECK(tk.attrs.get_string("sort") == "value");
    CHECK(const_input(tk, 1).shape().empty()); // K as a scalar
    CHECK(const_input(tk, 1).to_int64s() == Ints{2});
    CHECK(tk.port(1).names == std::vector<std::string>{"ti"});
    CHECK(const_input(only_node(*g, "Transpose"), 1).to_int64s() == Ints{1, 0});
    CHECK(only_node(*g, "Concat").attrs.get_int("axis") == -1);
    CHECK(only_node(*g, "Mod").name == "fmod");
    CHECK(only_node(*g, "FloorMod").name == "imod");
}

TEST_CASE("onnx ops: legacy broadcast of Add before opset 7") {
    ModelBuilder m(6);
    m.input("x", {2, 3, 4, 5}).input("b", {3});
    m.node("Add", {"x", "b"}, {"y"}, {attr_int("broadcast", 1), attr_int("axis", 1)}, "add");
    m.output("y");
    auto g = load(m);
    Node& un = only_node(*g, "Unsqueeze");
    CHECK(const_input(un, 1).to_int64s() == Ints{1, 2});
    CHECK(only_node(*g, "Add").input(1).node == &un);
}

TEST_CASE("onnx ops: translation errors name the node") {
    ModelBuilder m(11);
    m.input("x", {1, 2, 3, 3});
    m.node("Resize", {"x", "", ""}, {"y"}, {}, "bad_resize");
    m.output("y");
    TempDir dir;
    try {
        fe::load_model(m.save(dir));
        FAIL("expected an error");
    } catch (const Error& e) {
        const std::string msg = e.what();
        CHECK(msg.find("node 'bad_resize'") != std::string::npos);
        CHECK(msg.find("scales or sizes") != std::string::npos);
    }
    ModelBuilder u(13);
    u.input("x", {4});
    u.node("TopK", {"x", "k_missing"}, {"v", "i"}, {}, "tk");
    u.output("v");
    try {
        fe::load_model(u.save(dir, "u.onnx"));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("'k_missing' is not produced") != std::string::npos);
    }
}
