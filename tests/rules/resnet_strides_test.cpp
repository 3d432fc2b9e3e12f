// The ResNet strides optimisation of the shipped library on ResNet v1 blocks (Caffe layout: the
// downsampling block's 1x1 convolutions carry the stride, and both read the previous block's
// output). The stride must end in the previous block's 3x3 convolution, with one pooling on its
// shortcut, and the results must not change.
#include "engine/eval/evaluator.hpp"
#include "engine/rules/parse.hpp"
#include "engine/rules/rules.hpp"
#include "engine/rules/test_graph.hpp"
#include "tests/rules/rules_test_utils.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace mo::rules;
using testing::count_type;
using testing::graph_from;
using testing::library;

namespace {

std::string conv(const std::string& name, const std::string& in, const std::string& w, int stride,
                 int pad) {
    const std::string s = std::to_string(stride), p = std::to_string(pad);
    return name + " = Convolution(" + in + ", " + w + ", strides=[" + s + ", " + s +
           "], pads_begin=[" + p + ", " + p + "], pads_end=[" + p + ", " + p +
           "], dilations=[1, 1], auto_pad=\"explicit\")";
}

// res2c (identity block on s) then res3a (downsampling block), biases as separate Adds.
std::vector<std::string> resnet_v1_blocks() {
    return {
        "x = Parameter(f32, [1, 8, 7, 7], low=-1, high=1)",
        "s = Relu(x)",
        // res2c: 1x1 -> 3x3 -> 1x1, plus the shortcut s
        "wa = Const(f32, [4, 8, 1, 1], random)",
        conv("ca", "s", "wa", 1, 0),
        "ba = Const(f32, [1, 4, 1, 1], random)",
        "aa = Add(ca, ba)",
        "ra = Relu(aa)",
        "wb = Const(f32, [4, 4, 3, 3], random)",
        conv("res2c_branch2b", "ra", "wb", 1, 1),
        "bb = Const(f32, [1, 4, 1, 1], random)",
        "ab = Add(res2c_branch2b, bb)",
        "rb = Relu(ab)",
        "wc = Const(f32, [8, 4, 1, 1], random)",
        conv("cc", "rb", "wc", 1, 0),
        "bc = Const(f32, [1, 8, 1, 1], random)",
        "ac = Add(cc, bc)",
        "res2c = Add(s, ac)",
        "res2c_relu = Relu(res2c)",
        // res3a: branch1 and branch2a are 1x1 stride 2 convolutions of res2c_relu
        "w1 = Const(f32, [16, 8, 1, 1], random)",
        conv("res3a_branch1", "res2c_relu", "w1", 2, 0),
        "b1 = Const(f32, [1, 16, 1, 1], random)",
        "a1 = Add(res3a_branch1, b1)",
        "w2a = Const(f32, [4, 8, 1, 1], random)",
        conv("res3a_branch2a", "res2c_relu", "w2a", 2, 0),
        "b2a = Const(f32, [1, 4, 1, 1], random)",
        "a2a = Add(res3a_branch2a, b2a)",
        "r2a = Relu(a2a)",
        "w2b = Const(f32, [4, 4, 3, 3], random)",
        conv("c2b", "r2a", "w2b", 1, 1),
        "r2b = Relu(c2b)",
        "w2c = Const(f32, [16, 4, 1, 1], random)",
        conv("c2c", "r2b", "w2c", 1, 0),
        "res3a = Add(a1, c2c)",
        "out = Relu(res3a)",
        "Result(out)",
    };
}

const mo::Node* find(const mo::Graph& g, const std::string& name) {
    for (const mo::Node* n : g.topological_order())
        if (n->name == name) return n;
    return nullptr;
}

std::vector<std::int64_t> strides_of(const mo::Graph& g, const std::string& name) {
    const mo::Node* n = find(g, name);
    REQUIRE_MESSAGE(n, name);
    return n->attrs.get_ints("strides");
}

std::vector<mo::EvalOutput> run(const mo::Graph& g) {
    mo::Tensor x(mo::ElementType::f32, mo::Shape{1, 8, 7, 7});
    for (std::int64_t i = 0; i < x.size(); ++i)
        x.mutable_data<float>()[i] = static_cast<float>((i * 37 % 29) - 14) / 9.0f;
    return mo::evaluate(g, {{"x", x}});
}

} // namespace

TEST_CASE("the stride of ResNet v1's downsampling block moves into the previous 3x3 convolution") {
    const RuleSet rules = library();
    TestGraph before = graph_from(resnet_v1_blocks());
    TestGraph after = graph_from(resnet_v1_blocks());
    const RewriteReport report = apply_rules(*after.graph, rules);
    CHECK(report.warnings.empty());

    using S = std::vector<std::int64_t>;
    CHECK(strides_of(*after.graph, "res2c_branch2b") == S{2, 2});
    CHECK(strides_of(*after.graph, "res3a_branch1") == S{1, 1});
    CHECK(strides_of(*after.graph, "res3a_branch2a") == S{1, 1});
    CHECK(strides_of(*after.graph, "cc") == S{1, 1});
    CHECK(strides_of(*after.graph, "ca") == S{1, 1}); // s also feeds the shortcut
    // The shortcut input of res2c is subsampled by the one pooling left, which reads s.
    REQUIRE(count_type(*after.graph, "MaxPool") == 1);
    const mo::Node* sum = find(*after.graph, "res2c");
    REQUIRE(sum);
    const mo::Node* pool = nullptr;
    for (const mo::Output& in : sum->inputs())
        if (in.node->type() == "MaxPool") pool = in.node;
    REQUIRE(pool);
    CHECK(pool->producer(0).name == "s");
    // The moved nodes keep their names and now have the lower resolution.
    CHECK(find(*after.graph, "res2c_relu")->output_shape(0).to_string() == "[1,8,4,4]");

    const auto a = run(*before.graph);
    const auto b = run(*after.graph);
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    REQUIRE(a[0].value.shape() == b[0].value.shape());
    for (std::int64_t i = 0; i < a[0].value.size(); ++i)
        CHECK(b[0].value.value_as_double(i) ==
              doctest::Approx(a[0].value.value_as_double(i)).epsilon(1e-4));
}

TEST_CASE("--disable_resnet_optimization (tag resnet) leaves the strides where they are") {
    const RuleSet rules = library();
    TestGraph g = graph_from(resnet_v1_blocks());
    RewriteOptions off;
    off.disabled_tags = {"resnet"};
    apply_rules(*g.graph, rules, off);
    using S = std::vector<std::int64_t>;
    CHECK(strides_of(*g.graph, "res2c_branch2b") == S{1, 1});
    CHECK(strides_of(*g.graph, "res3a_branch1") == S{2, 2});
    CHECK(strides_of(*g.graph, "res3a_branch2a") == S{2, 2});
    CHECK(count_type(*g.graph, "MaxPool") == 0);
}

TEST_CASE("a downsampling block whose input also feeds a stride-1 convolution is left alone") {
    // ResNet v1.5 (torchvision): the 1x1 stride-2 downsample shares its input with conv1.
    const RuleSet rules = library();
    TestGraph g = graph_from({
        "x = Parameter(f32, [1, 8, 6, 6])",
        "r = Relu(x)",
        "w1 = Const(f32, [4, 8, 1, 1], random)",
        conv("conv1", "r", "w1", 1, 0),
        "wd = Const(f32, [16, 8, 1, 1], random)",
        conv("downsample", "r", "wd", 2, 0),
        "Result(conv1)",
        "Result(downsample)",
    });
    apply_rules(*g.graph, rules);
    using S = std::vector<std::int64_t>;
    CHECK(strides_of(*g.graph, "downsample") == S{2, 2});
    CHECK(strides_of(*g.graph, "conv1") == S{1, 1});
    CHECK(count_type(*g.graph, "MaxPool") == 0);
}
