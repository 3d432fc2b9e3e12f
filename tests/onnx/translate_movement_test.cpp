// Translation of ONNX ops into opset ops, continued: movement (Split, Squeeze, Pad, Slice,
// Gather, ...), reductions, Clip, variadic ops, Resize, Dropout, activations, errors.
#include "translate_helpers.hpp"

using namespace mo;
using namespace mo::test;
namespace fe = mo::onnx_fe;

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
