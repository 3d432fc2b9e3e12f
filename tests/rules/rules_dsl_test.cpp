// The rules DSL: load-time errors, matching, rewriting, the JSON form, the driver's guarantees.
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/rules/rules.hpp"
#include "tests/rules/load_error.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

using namespace mo;
using namespace mo::rules;

namespace {

using testing::load_error;

const char* kDropout = R"(
rule RemoveDropout : cleanup [removal]
  "Dropout is the identity at inference."
match
  d = onnx.Dropout(x, rest...)
replace d with x
test "removed" {
  input {
    x = Parameter(f32, [2, 3])
    d = onnx.Dropout(x)
    r = Relu(d)
    Result(r)
  }
  expect {
    x = Parameter(f32, [2, 3])
    r = Relu(x)
    Result(r)
  }
}
)";

} // namespace

TEST_CASE("syntax and type errors are reported with file:line:col at load time") {
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x\nreplace r with x\n")
              .rfind("t.rules:4:1: syntax error", 0) == 0);
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Rellu(x)\nreplace r with x\n") ==
          "t.rules:3:7: unknown operation 'Rellu'");
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x)\nreplace r with y\n") ==
          "t.rules:4:16: unknown name 'y'");
    CHECK(load_error("rule A : cleanup\nmatch\n  c = Convolution(x, w)\nwhere c.stridez == [1, "
                     "1]\nreplace c with x\n") ==
          "t.rules:4:7: unknown attribute 'stridez' of Convolution");
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x, y)\nreplace r with x\n") ==
          "t.rules:3:7: Relu takes 1 inputs, the pattern has 2");
    CHECK(load_error(
              "rule A : cleanup\nmatch\n  r = Relu(x)\nlet\n  k = x * 2\nreplace r with x\n") ==
          "t.rules:5:7: 'x' is not a constant; bind it as `x: const` to compute with it");
    CHECK(load_error(
              "rule A : cleanup\nmatch\n  r = Relu(x)\nwhere frobnicate(x)\nreplace r with x\n") ==
          "t.rules:4:7: unknown function 'frobnicate'");
    CHECK(load_error("rule A : later\nmatch\n  r = Relu(x)\nreplace r with x\n") ==
          "t.rules:1:10: unknown phase 'later' (lower, cleanup, fusion, precision or legacy)");
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x)\nreplace r with Add(x, x, x)\n") ==
          "t.rules:4:16: Add takes 2 inputs, got 3");
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x)\nreplace r with Relu(x, alpha=1)\n") ==
          "t.rules:4:24: unknown attribute 'alpha' of Relu");
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x)\n  s = Relu(x)\nreplace r with x\n")
              .find("t.rules:4:3: pattern 's' is not an input") == 0);
    // Test graphs are checked too.
    CHECK(load_error(
              "rule A : cleanup\nmatch\n  r = Relu(x)\nreplace r with x\ntest \"t\" { input {\n"
              "  x = Parameter(f32, [1])\n  y = Relu(z)\n  Result(y) } }\n") ==
          "t.rules:7:12: unknown node 'z'");
    // Two rules with one name.
    CHECK(load_error("rule A : cleanup\nmatch\n  r = Relu(x)\nreplace r with x\n"
                     "rule A : cleanup\nmatch\n  r = Relu(x)\nreplace r with x\n") ==
          "t.rules:5:6: rule 'A' is already defined at t.rules:1:6");
}

TEST_CASE("Dropout removal keeps the tensor names and sweeps the dead node") {
    const RuleSet rules = load_rule_text(kDropout, "dropout.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2, 3}));
    Node& d = g.add("onnx.Dropout", 0, {x.output(0)}, {}, "drop", 1);
    d.port(0).names = {"dropped"};
    g.add_result(d.output(0), "out");
    const RewriteReport report = apply_rules(g, rules);
    CHECK(report.fired("RemoveDropout") == 1);
    REQUIRE(report.applications.size() == 1);
    CHECK(report.applications[0].root == "drop");
    CHECK(g.node_count() == 2); // Parameter -> Result
    CHECK(g.results()[0]->input(0).node == &x);
    CHECK(x.port(0).names == std::vector<std::string>{"dropped"});
    std::ostringstream out;
    CHECK(run_rule_tests(rules, out) == 0);
}

TEST_CASE("let arithmetic folds BatchNorm into convolution weights (values computed by hand)") {
    const char* text = R"(
rule FoldBN : fusion
match
  c  = Convolution(x, w: const) where uses(c) == 1
  bn = BatchNormInference(c, gamma: const, beta: const, mean: const, var: const)
where opset(bn) >= 5
let
  s = gamma / sqrt(var + bn.epsilon)
replace bn with
  Add(Convolution(x, w * reshape(s, [-1, 1, 1, 1]), c.attrs), reshape(beta - mean * s, [1, -1, 1, 1]))
test "two channels" {
  input {
    x = Parameter(f32, [1, 1, 2, 2])
    w = Const(f32, [2, 1, 1, 1], [1, 2])
    c = Convolution(x, w, strides=[1, 1], pads_begin=[0, 0], pads_end=[0, 0], dilations=[1, 1], auto_pad="explicit")
    bn = BatchNormInference(c, Const(f32, [2], [4, 6]), Const(f32, [2], [1, 1]), Const(f32, [2], [0, 1]), Const(f32, [2], [3, 8]), epsilon=1)
    Result(bn)
  }
}
)";
    // Graph statements only take names: write the constants out.
    std::string fixed = text;
    fixed.replace(
        fixed.find("    bn = BatchNormInference(c, Const"), std::string::npos,
        "    g = Const(f32, [2], [4, 6])\n    b = Const(f32, [2], [1, 1])\n    m = Const(f32, [2], "
        "[0, 1])\n"
        "    v = Const(f32, [2], [3, 8])\n    bn = BatchNormInference(c, g, b, m, v, epsilon=1)\n  "
        "  Result(bn)\n  }\n"
        "  expect {\n    x = Parameter(f32, [1, 1, 2, 2])\n    w = Const(f32, [2, 1, 1, 1], [2, "
        "4])\n"
        "    c = Convolution(x, w, strides=[1, 1], pads_begin=[0, 0], pads_end=[0, 0], "
        "dilations=[1, 1], auto_pad=\"explicit\")\n"
        "    b = Const(f32, [1, 2, 1, 1], [1, -1])\n    a = Add(c, b)\n    Result(a)\n  }\n}\n");
    const RuleSet rules = load_rule_text(fixed, "bn.rules");
    // s = [4/sqrt(4), 6/sqrt(9)] = [2, 2]; w' = [2, 4]; bias = [1 - 0*2, 1 - 1*2] = [1, -1].
    std::ostringstream out;
    CHECK(run_rule_tests(rules, out) == 0);
    CHECK(out.str().find("1 passed, 0 failed") != std::string::npos);
    std::ostringstream vout;
    CHECK(verify_rules(rules, vout) == 0);
    CHECK(vout.str().find("fired 1") != std::string::npos);
}

TEST_CASE("commutative operands, const operands, variadic inputs and output ports") {
    const char* text = R"(
rule SwishFromSigmoid : fusion
match
  m = Multiply(x, Sigmoid(x))
replace m with Swish(x)

rule ConcatOfOne : cleanup
match
  c = Concat(x)
replace c with x

rule SplitHalvesAdded : cleanup
match
  s = Split(x, axis: const)
  a = Add(s.0, s.1) where outputs(s) == 2
replace a with Multiply(s.0, 2.0)
)";
    const RuleSet rules = load_rule_text(text, "mix.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({4}));
    Node& sig = g.add("Sigmoid", {x.output(0)});
    Node& mul = g.add("Multiply", {sig.output(0), x.output(0)}); // operands in the other order
    Attributes concat_attrs;
    concat_attrs.set("axis", 0);
    Node& cat = g.add("Concat", {mul.output(0)}, concat_attrs);
    g.add_result(cat.output(0));
    const RewriteReport r = apply_rules(g, rules);
    CHECK(r.fired("SwishFromSigmoid") == 1);
    CHECK(r.fired("ConcatOfOne") == 1);
    CHECK(g.results()[0]->input(0).node->type() == "Swish");
    CHECK(g.node_count() == 3);

    // Split output ports: s.0 and s.1 must come from ports 0 and 1 (not 1 and 0? Add is
    // commutative).
    Graph h;
    Node& y = h.add_parameter("y", ElementType::f32, PartialShape({4}));
    Attributes split_attrs;
    split_attrs.set("num_splits", 2);
    Node& axis = h.add_const(Tensor::scalar<std::int64_t>(0));
    Node& split = h.add("Split", {y.output(0), axis.output(0)}, split_attrs);
    Node& add = h.add("Add", {split.output(0), split.output(0)});
    h.add_result(add.output(0));
    CHECK(apply_rules(h, rules).fired("SplitHalvesAdded") == 0); // port 1 is not read
    Node& add2 = h.add("Add", {split.output(1), split.output(0)});
    h.add_result(add2.output(0));
    CHECK(apply_rules(h, rules).fired("SplitHalvesAdded") == 1);
}

TEST_CASE("the JSON form is loaded by the same compiler and round-trips") {
    const RuleSet rules = load_rule_text(kDropout, "dropout.rules");
    const std::string json = rules_to_json(rules);
    CHECK(json.find("\"match\"") != std::string::npos);
    const RuleSet again = load_rule_text(json, "dropout.rules.json");
    REQUIRE(again.size() == 1);
    std::ostringstream out;
    CHECK(run_rule_tests(again, out) == 0);
    CHECK(out.str() == "PASS RemoveDropout / removed\n1 passed, 0 failed\n");

    // Errors point into the JSON file, at the fragment's string.
    const char* bad =
        "{\"rules\": [{\n  \"name\": \"A\", \"phase\": \"cleanup\",\n"
        "  \"match\": [\"r = Relu(x)\"],\n  \"replace\": \"r\", \"with\": \"Rellu(x)\"\n}]}\n";
    CHECK(load_error(bad, "a.rules.json") == "a.rules.json:4:28: unknown operation 'Rellu'");
    CHECK(
        load_error("{\"rules\": [}", "b.rules.json").rfind("b.rules.json:1:12: invalid JSON", 0) ==
        0);
    CHECK(load_error("{\"name\": \"A\", \"phase\": \"cleanup\", \"match\": [\"r = Relu(x)\"], "
                     "\"replace\": \"r\", \"with\": \"x\", \"oops\": 1}",
                     "c.rules.json") == "c.rules.json:1:11: unknown key \"oops\" in a rule");
}

TEST_CASE("oscillating rules are stopped and reported") {
    const char* text = R"(
rule ReluToClamp : cleanup
match
  r = Relu(x)
replace r with Clamp(x, min=0.0, max=1000.0)

rule ClampToRelu : cleanup
match
  c = Clamp(x) where c.min == 0
replace c with Relu(x)
)";
    const RuleSet rules = load_rule_text(text, "osc.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& r = g.add("Relu", {x.output(0)}, {}, "act");
    g.add_result(r.output(0));
    RewriteOptions opt;
    opt.max_rewrites_per_node = 8;
    const RewriteReport report = apply_rules(g, rules, opt);
    REQUIRE(report.warnings.size() == 1);
    CHECK(report.warnings[0].find("rules oscillate at 'act'") == 0);
    CHECK(report.warnings[0].find("ClampToRelu, ReluToClamp") != std::string::npos);
    CHECK(g.node_count() == 3);
}

TEST_CASE("tags, rule names and protected node names switch rules off") {
    const RuleSet rules = load_rule_text(kDropout, "dropout.rules");
    auto make = [](Graph& g) {
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
        Node& d = g.add("onnx.Dropout", 0, {x.output(0)}, {}, "keep_me", 1);
        g.add_result(d.output(0));
    };
    for (const char* tag : {"cleanup", "removal", "RemoveDropout"}) {
        Graph g;
        make(g);
        RewriteOptions opt;
        opt.disabled_tags = {tag};
        CHECK(apply_rules(g, rules, opt).fired("RemoveDropout") == 0);
    }
    Graph g;
    make(g);
    RewriteOptions opt;
    opt.protected_names = std::regex("keep_.*");
    CHECK(apply_rules(g, rules, opt).fired("RemoveDropout") == 0);
}

TEST_CASE("constant folding replaces constant sub-graphs but never materializes broadcasts") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& a = g.add_const(Tensor::from_vector<float>({2}, {1, 2}));
    Node& b = g.add_const(Tensor::from_vector<float>({2}, {10, 20}));
    Node& sum = g.add("Add", {a.output(0), b.output(0)}, {}, "sum");
    sum.port(0).names = {"s"};
    Node& out = g.add("Multiply", {x.output(0), sum.output(0)});
    g.add_result(out.output(0));
    // A scalar broadcast to a large shape stays a Broadcast.
    Node& one = g.add_const(Tensor::scalar<float>(1));
    Node& shape = g.add_const(Tensor::from_vector<std::int64_t>({2}, {256, 256}));
    Node& big = g.add("Broadcast", {one.output(0), shape.output(0)});
    g.add_result(big.output(0));
    CHECK(fold_constants(g) == 1);
    Node* folded = out.input(1).node;
    REQUIRE(folded->is_const());
    CHECK(folded->name == "sum");
    CHECK(folded->port(0).names == std::vector<std::string>{"s"});
    CHECK(folded->value.data<float>()[0] == 11);
    CHECK(folded->value.data<float>()[1] == 22);
    CHECK(g.results()[1]->input(0).node->type() == "Broadcast");
}

TEST_CASE("matching is linear: a long chain is rewritten in one pass") {
    const RuleSet rules = load_rule_text(kDropout, "dropout.rules");
    Graph g;
    Output cur = g.add_parameter("x", ElementType::f32, PartialShape({1})).output(0);
    const int n = 20000;
    for (int i = 0; i < n; ++i) {
        cur = g.add("onnx.Dropout", 0, {cur}, {}, "d" + std::to_string(i), 1).output(0);
        cur.node->set_output(0, ElementType::f32, PartialShape({1}));
        cur = g.add("Relu", {cur}).output(0);
    }
    g.add_result(cur);
    const RewriteReport r = apply_rules(g, rules);
    CHECK(r.fired("RemoveDropout") == static_cast<std::size_t>(n));
    CHECK(g.node_count() == static_cast<std::size_t>(n + 2));
}

TEST_CASE("a test that expects the wrong graph fails with a reason") {
    std::string text = kDropout;
    text.replace(text.find("r = Relu(x)\n    Result(r)\n  }\n}"), 11, "r = Sigmoid(x)");
    const RuleSet rules = load_rule_text(text, "dropout.rules");
    std::ostringstream out;
    CHECK(run_rule_tests(rules, out) == 1);
    CHECK(out.str().find("FAIL RemoveDropout / removed: Result 0: expected Sigmoid, got Relu") ==
          0);
    CHECK(out.str().find("0 passed, 1 failed") != std::string::npos);
}

TEST_CASE("op alternatives, dtype and rank predicates") {
    const char* text = R"(
rule ActivationOfNegation : cleanup
match
  n = Negative(x)
  a = Relu | Sigmoid (n) where dtype(x) == f32 and rank(x) == 2
replace a with Abs(n)
)";
    const RuleSet rules = load_rule_text(text, "alt.rules");
    for (const char* op : {"Relu", "Sigmoid", "Exp"}) {
        for (auto [type, rank] : {std::pair{ElementType::f32, 2}, std::pair{ElementType::f16, 2},
                                  std::pair{ElementType::f32, 3}}) {
            Graph g;
            Node& x = g.add_parameter(
                "x", type,
                PartialShape(std::vector<std::int64_t>(static_cast<std::size_t>(rank), 2)));
            Node& n = g.add("Negative", {x.output(0)});
            Node& a = g.add(op, {n.output(0)});
            g.add_result(a.output(0));
            const bool expected = std::string(op) != "Exp" && type == ElementType::f32 && rank == 2;
            CHECK(apply_rules(g, rules).fired("ActivationOfNegation") == (expected ? 1u : 0u));
        }
    }
    CHECK(load_error("rule A : cleanup\nmatch\n  a = Relu | Sigmoidd (x)\nreplace a with x\n") ==
          "t.rules:3:14: unknown operation 'Sigmoidd'");
}

TEST_CASE("a variadic operand list is passed on to the new node") {
    const char* text = R"(
rule NegateConcat : cleanup
match
  n = Negative(c: Concat(xs...)) where uses(c) == 1
replace n with Concat(xs, c.attrs)
)";
    const RuleSet rules = load_rule_text(text, "var.rules");
    Graph g;
    std::vector<Output> parts;
    for (int i = 0; i < 3; ++i)
        parts.push_back(
            g.add_parameter("p" + std::to_string(i), ElementType::f32, PartialShape({1, 2}))
                .output(0));
    Attributes attrs;
    attrs.set("axis", 1);
    Node& c = g.add("Concat", parts, attrs);
    Node& n = g.add("Negative", {c.output(0)});
    g.add_result(n.output(0));
    REQUIRE(apply_rules(g, rules).fired("NegateConcat") == 1);
    Node* out = g.results()[0]->input(0).node;
    CHECK(out->type() == "Concat");
    CHECK(out->input_count() == 3);
    CHECK(out->attrs.get_int("axis") == 1);
    CHECK(out->output_shape(0) == PartialShape({1, 6}));
}

TEST_CASE("the new output keeps the tensor names and the friendly name of the replaced root") {
    const char* text = R"(
rule Silu : fusion
match
  m = Multiply(x, Sigmoid(x))
replace m with Swish(x)
)";
    const RuleSet rules = load_rule_text(text, "silu.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({3}));
    Node& s = g.add("Sigmoid", {x.output(0)}, {}, "sig");
    Node& m = g.add("Multiply", {x.output(0), s.output(0)}, {}, "act");
    m.port(0).names = {"act:0", "features"};
    g.add_result(m.output(0));
    REQUIRE(apply_rules(g, rules).fired("Silu") == 1);
    Node* out = g.results()[0]->input(0).node;
    CHECK(out->type() == "Swish");
    CHECK(out->name == "act");
    CHECK(out->port(0).names == std::vector<std::string>{"act:0", "features"});
    CHECK(g.node_count() == 3); // the Sigmoid and the Multiply were swept
}

TEST_CASE("constant arithmetic: transpose, concat and reductions (values by hand)") {
    // w = [[1, 2, 3], [4, 5, 6]] (2x3). transpose -> [[1, 4], [2, 5], [3, 6]];
    // concat([w^T, w^T], 1) row 0 = [1, 4, 1, 4]; reduce_mean(w, [1]) = [2, 5]; reduce_max(w) = 6.
    const char* text = R"(
rule TransposedWeights : fusion
match
  mm = MatMul(x, w: const) where mm.transpose_b and rank(w) == 2
replace mm with MatMul(x, transpose(w, [1, 0]), transpose_a=mm.transpose_a, transpose_b=false)
test "values" {
  input {
    x = Parameter(f32, [1, 3])
    w = Const(f32, [2, 3], [1, 2, 3, 4, 5, 6])
    mm = MatMul(x, w, transpose_a=false, transpose_b=true)
    Result(mm)
  }
  expect {
    x = Parameter(f32, [1, 3])
    w = Const(f32, [3, 2], [1, 4, 2, 5, 3, 6])
    mm = MatMul(x, w, transpose_a=false, transpose_b=false)
    Result(mm)
  }
}

rule Reductions : fusion
match
  a = Add(x, w: const) where rank(w) == 2 and dim(w, 0) == 2
replace a with Add(x, reshape(concat([reduce_mean(w, [1]), reshape(reduce_max(w), [1])], 0), [1, 3]) - tensor([[0, 0, 6]], f32))
test "values" {
  input {
    x = Parameter(f32, [2, 3])
    w = Const(f32, [2, 3], [1, 2, 3, 4, 5, 6])
    a = Add(x, w)
    Result(a)
  }
  expect {
    x = Parameter(f32, [2, 3])
    k = Const(f32, [1, 3], [2, 5, 0])
    a = Add(x, k)
    Result(a)
  }
}
)";
    const RuleSet rules = load_rule_text(text, "arith.rules");
    std::ostringstream out;
    CHECK(run_rule_tests(rules, out) == 0);
    INFO(out.str());
    CHECK(out.str().find("2 passed, 0 failed") != std::string::npos);
}

TEST_CASE("attributes whose names are not identifiers: attr() and string keywords") {
    const char* text = R"(
rule IncludePad : cleanup
match
  a = AvgPool(x) where attr(a, "exclude-pad")
replace a with AvgPool(x, a.attrs, "exclude-pad"=false)
)";
    const RuleSet rules = load_rule_text(text, "pool.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 1, 4, 4}));
    Attributes attrs;
    attrs.set("strides", AttrValue(std::vector<std::int64_t>{1, 1}));
    attrs.set("pads_begin", AttrValue(std::vector<std::int64_t>{0, 0}));
    attrs.set("pads_end", AttrValue(std::vector<std::int64_t>{0, 0}));
    attrs.set("kernel", AttrValue(std::vector<std::int64_t>{2, 2}));
    attrs.set("exclude-pad", AttrValue(true));
    attrs.set("rounding_type", "floor");
    attrs.set("auto_pad", "explicit");
    Node& a = g.add("AvgPool", {x.output(0)}, attrs);
    g.add_result(a.output(0));
    CHECK(apply_rules(g, rules).fired("IncludePad") == 1);
    CHECK(g.results()[0]->input(0).node->attrs.get_bool("exclude-pad") == false);
    CHECK(load_error("rule A : cleanup\nmatch\n  a = AvgPool(x) where attr(a, "
                     "\"exclude_pad\")\nreplace a with x\n") ==
          "t.rules:3:32: unknown attribute 'exclude_pad' of AvgPool");
    CHECK(load_error("rule A : cleanup\nmatch\n  a = AvgPool(x) where attr(x, \"kernel\")\nreplace "
                     "a with x\n") == "t.rules:3:29: attr() reads an attribute of a node pattern");
}

TEST_CASE("phases run in order, each to a fixed point, whatever the order in the file") {
    // The fusion rule is written first but runs after cleanup: Exp(Relu(x)) only exists once the
    // cleanup rule has turned Relu(Relu(x)) into Relu(x). The cleanup rule never sees the Sigmoid
    // that the fusion phase creates afterwards.
    const char* text = R"(
rule ExpOfRelu : fusion
match
  e = Exp(r: Relu(x)) where opset(r) >= 1
replace e with Sigmoid(r)

rule DoubleRelu : cleanup
match
  r = Relu(Relu(x))
replace r with Relu(x)

rule SigmoidToTanh : cleanup
match
  s = Sigmoid(x)
replace s with Tanh(x)
)";
    const RuleSet rules = load_rule_text(text, "phases.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& r1 = g.add("Relu", {x.output(0)});
    Node& r2 = g.add("Relu", {r1.output(0)});
    Node& r3 = g.add("Relu", {r2.output(0)});
    Node& e = g.add("Exp", {r3.output(0)});
    g.add_result(e.output(0));
    const RewriteReport report = apply_rules(g, rules);
    CHECK(report.fired("DoubleRelu") == 2);
    CHECK(report.fired("ExpOfRelu") == 1);
    CHECK(report.fired("SigmoidToTanh") == 0);
    REQUIRE(report.applications.size() == 3);
    CHECK(report.applications[2].rule == "ExpOfRelu");
    Node* out = g.results()[0]->input(0).node;
    CHECK(out->type() == "Sigmoid");
    CHECK(out->input(0).node->type() == "Relu");
    CHECK(out->input(0).node->input(0).node == &x);
}
