// The shipped rule library: it loads, every rule has tests, and they all pass and verify.
#include "engine/eval/evaluator.hpp"
#include "engine/rules/parse.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rules.hpp"
#include "engine/rules/test_graph.hpp"
#include "tests/rules/rules_test_utils.hpp"

#include <algorithm>
#include <set>

#include <doctest/doctest.h>

#include <iostream>
#include <sstream>

using namespace mo::rules;
using testing::graph_from;
using testing::library;

TEST_CASE("the shipped rule library passes its embedded tests") {
    const RuleSet rules = library();
    CHECK(rules.size() >= 10);
    std::ostringstream out;
    const int failures = run_rule_tests(rules, out);
    if (failures) std::cerr << out.str();
    CHECK(failures == 0);
}

TEST_CASE("every shipped rule preserves results on random inputs") {
    const RuleSet rules = library();
    std::ostringstream out;
    const int failures = verify_rules(rules, out);
    if (failures) std::cerr << out.str();
    CHECK(failures == 0);
}

TEST_CASE("the JSON form of the library loads back to the same rules") {
    const RuleSet rules = library();
    const RuleSet again = load_rule_text(rules_to_json(rules), "library.rules.json");
    REQUIRE(again.size() == rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i)
        CHECK(again.rules[i]->name == rules.rules[i]->name);
    std::ostringstream out;
    CHECK(run_rule_tests(again, out) == 0);
}

namespace {
std::vector<std::string> op_types(const mo::Graph& g) {
    std::vector<std::string> out;
    for (const mo::Node* n : g.topological_order())
        if (n->type() != "Const") out.push_back(n->type());
    return out;
}

const std::vector<std::string> kConvBnBlock = {
    "x = Parameter(f32, [1, 3, 6, 6])",
    "w = Const(f32, [4, 3, 3, 3], random)",
    "c = Convolution(x, w, strides=[1, 1], pads_begin=[1, 1], pads_end=[1, 1], dilations=[1, 1], "
    "auto_pad=\"explicit\")",
    "g = Const(f32, [4], random(0.5, 2))",
    "b = Const(f32, [4], random)",
    "m = Const(f32, [4], random)",
    "v = Const(f32, [4], random(0.5, 2))",
    "bn = BatchNormInference(c, g, b, m, v, epsilon=0.001)",
    "r = Relu(bn)",
    "f = Const(i64, [2], [1, 144])",
    "flat = Reshape(r, f, special_zero=false)",
    "k = Const(f32, [144, 5], random)",
    "mm = MatMul(flat, k, transpose_a=false, transpose_b=false)",
    "bias = Const(f32, [5], random)",
    "out = Add(mm, bias)",
    "Result(out)",
};
} // namespace

TEST_CASE("the full library folds BatchNorm into the convolution and keeps MatMul + Add") {
    const RuleSet rules = library();
    TestGraph before = graph_from(kConvBnBlock);
    TestGraph after = graph_from(kConvBnBlock);
    const RewriteReport report = apply_rules(*after.graph, rules);
    CHECK(report.warnings.empty());
    CHECK(op_types(*after.graph) == std::vector<std::string>{"Parameter", "Convolution", "Add",
                                                             "Relu", "Reshape", "MatMul", "Add",
                                                             "Result"});
    // Same results on random data.
    std::map<std::string, mo::Tensor> inputs;
    mo::Tensor x(mo::ElementType::f32, mo::Shape{1, 3, 6, 6});
    for (std::int64_t i = 0; i < x.size(); ++i)
        x.mutable_data<float>()[i] = static_cast<float>((i * 37 % 23) - 11) / 7.0f;
    inputs["x"] = x;
    const auto a = mo::evaluate(*before.graph, inputs);
    const auto b = mo::evaluate(*after.graph, inputs);
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    for (std::int64_t i = 0; i < a[0].value.size(); ++i)
        CHECK(b[0].value.value_as_double(i) ==
              doctest::Approx(a[0].value.value_as_double(i)).epsilon(1e-4));

    // --disable_fusing (tag "fusion") leaves the BatchNorm alone.
    TestGraph unfused = graph_from(kConvBnBlock);
    RewriteOptions off;
    off.disabled_tags = {"fusion"};
    apply_rules(*unfused.graph, rules, off);
    const auto types = op_types(*unfused.graph);
    CHECK(std::count(types.begin(), types.end(), "BatchNormInference") == 1);
}

TEST_CASE("the library removes every Dropout and Identity") {
    const RuleSet rules = library();
    TestGraph g =
        graph_from({"x = Parameter(f32, [2, 3])", "d = onnx.Dropout(x)", "i = onnx.Identity(d)",
                    "r = Relu(i)", "d2 = onnx.Dropout(r)", "Result(d2)"});
    apply_rules(*g.graph, rules);
    CHECK(op_types(*g.graph) == std::vector<std::string>{"Parameter", "Relu", "Result"});
}

TEST_CASE("the library's tag groups exist for the command-line switches") {
    const RuleSet rules = library();
    std::set<std::string> tags;
    for (const auto& r : rules.rules) tags.insert(r->tags.begin(), r->tags.end());
    for (const char* t :
         {"cleanup", "fusion", "gfusion", "resnet", "removal", "linear", "activation"})
        CHECK_MESSAGE(tags.count(t) == 1, t);
}
