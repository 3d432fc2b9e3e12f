// Composition in the rules DSL: named constraints, named patterns, statement alternatives over op
// versions, test graph defaults and rule priority (benefit).
#include "engine/core/error.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rules.hpp"
#include "tests/rules/load_error.hpp"
#include "tests/rules/rules_test_utils.hpp"

#include <doctest/doctest.h>

#include <array>
#include <sstream>
#include <string>
#include <vector>

using namespace mo;
using namespace mo::rules;
using testing::count_type;
using testing::graph_from;
using testing::load_error;

namespace {

// Multiply by a single-value constant becomes a Relu (a marker, not an optimization); the
// constraint decides what "single value" means.
const char* kScalarRule = R"(
constraint Scalar(c, x) = size(c) == 1 and rank(c) <= rank(x)
rule MarkScalarMultiply : fusion
match
  m = Multiply(x, s: const)
where Scalar(s, x)
replace m with Relu(x)
)";

std::size_t fired(const RuleSet& rules, const std::vector<std::string>& lines,
                  std::string_view rule) {
    TestGraph g = graph_from(lines);
    return apply_rules(*g.graph, rules).fired(rule);
}

// The message of loading several sources together.
std::string sources_error(std::span<const RuleSource> sources) {
    try {
        load_rule_sources(sources);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace

TEST_CASE("a named constraint accepts and rejects matches as its body would") {
    const RuleSet rules = load_rule_text(kScalarRule, "scalar.rules");
    const std::vector<std::string> scalar = {"x = Parameter(f32, [2, 3])",
                                             "s = Const(f32, [1], [2])", "m = Multiply(x, s)",
                                             "Result(m)"};
    CHECK(fired(rules, scalar, "MarkScalarMultiply") == 1);
    // Two values: size(c) == 1 fails.
    const std::vector<std::string> vector = {"x = Parameter(f32, [2, 3])",
                                             "s = Const(f32, [3], [1, 2, 3])", "m = Multiply(x, s)",
                                             "Result(m)"};
    CHECK(fired(rules, vector, "MarkScalarMultiply") == 0);
    // One value but of a higher rank than x: rank(c) <= rank(x) fails.
    const std::vector<std::string> high_rank = {"x = Parameter(f32, [3])",
                                                "s = Const(f32, [1, 1], [2])", "m = Multiply(x, s)",
                                                "Result(m)"};
    CHECK(fired(rules, high_rank, "MarkScalarMultiply") == 0);
}

TEST_CASE("constraints call constraints, and shared ones work across files") {
    const std::string lib = "constraint Single(c) = size(c) == 1\n"
                            "constraint Scalar(c, x) = Single(c) and rank(c) <= rank(x)\n";
    const std::string rule = "rule R : fusion\nmatch\n  m = Multiply(x, s: const)\n"
                             "where Scalar(s, x)\nreplace m with Relu(x)\n";
    const std::array<RuleSource, 2> sources{RuleSource{rule, "b.rules"},
                                            RuleSource{lib, "a.rules"}};
    const RuleSet rules = load_rule_sources(sources);
    CHECK(fired(rules,
                {"x = Parameter(f32, [4])", "s = Const(f32, [], 2)", "m = Multiply(x, s)",
                 "Result(m)"},
                "R") == 1);
    CHECK(fired(rules,
                {"x = Parameter(f32, [4])", "s = Const(f32, [4], 2)", "m = Multiply(x, s)",
                 "Result(m)"},
                "R") == 0);
    // Without the library file the name is unknown, at the place of the call.
    CHECK(load_error(rule, "b.rules") == "b.rules:4:7: unknown constraint 'Scalar'");
    // A named pattern of another file, too.
    const std::string pool_lib = "pattern UnitPool(x) = p: MaxPool@1(x) where p.kernel == [1, 1]\n";
    const std::string pool_rule =
        "rule R : fusion\nmatch\n  r = Relu(UnitPool(y))\nreplace r with Relu(y)\n";
    const std::array<RuleSource, 2> pool_sources{RuleSource{pool_lib, "lib.rules"},
                                                 RuleSource{pool_rule, "use.rules"}};
    CHECK(fired(load_rule_sources(pool_sources),
                {"x = Parameter(f32, [1, 2, 4, 4])",
                 "p = MaxPool(x, kernel=[1, 1], strides=[1, 1], pads_begin=[0, 0], "
                 "pads_end=[0, 0], rounding_type=\"floor\", auto_pad=\"explicit\", _opset=1)",
                 "r = Relu(p)", "Result(r)"},
                "R") == 1);
    CHECK(load_error(pool_rule, "use.rules") == "use.rules:3:12: unknown operation 'UnitPool'");
}

TEST_CASE("declaration errors name their places") {
    // A constraint defined in two files: both locations.
    const std::array<RuleSource, 2> twice{
        RuleSource{"\nconstraint Pos(x) = scalar(x) > 0\n", "one.rules"},
        RuleSource{"constraint Pos(x) = scalar(x) >= 0\n", "two.rules"}};
    CHECK(sources_error(twice) ==
          "two.rules:1:12: constraint 'Pos' is already defined at one.rules:2:12");
    // A pattern and a constraint share one namespace.
    CHECK(load_error("constraint P(x) = rank(x) == 1\npattern P(x) = r: Relu(x)\n") ==
          "t.rules:2:9: 'P' is already defined at t.rules:1:12 (a constraint)");
    // An unknown constraint in a rule, with its line and column.
    CHECK(load_error("rule A : fusion\nmatch\n  r = Relu(x)\nwhere rank(x) == 4 and Nope(x)\n"
                     "replace r with x\n") == "t.rules:4:24: unknown constraint 'Nope'");
    // An unknown name inside a constraint body, even if no rule uses it.
    CHECK(load_error("constraint C(a) = rank(a) == rank(b)\n") ==
          "t.rules:1:35: unknown name 'b': a constraint or pattern sees only its parameters "
          "and the names its pattern binds");
    // Wrong arity, at the call.
    CHECK(load_error("constraint C(a, b) = rank(a) == rank(b)\nrule A : fusion\nmatch\n"
                     "  r = Relu(x)\nwhere C(x)\nreplace r with x\n") ==
          "t.rules:5:7: constraint C takes 2 arguments, got 1");
    // A constraint that uses itself.
    CHECK(load_error("constraint A(x) = B(x)\nconstraint B(x) = A(x) or rank(x) == 0\n") ==
          "t.rules:1:12: 'A' uses itself: A -> B -> A");
    // A constraint may not take the name of an operation or a builtin.
    CHECK(load_error("constraint Relu(x) = rank(x) == 0\n") ==
          "t.rules:1:12: 'Relu' is an operation");
    // Errors inside an inlined body say where it was used.
    CHECK(load_error("constraint K(n) = n.kernal == [1, 1]\nrule A : fusion\nmatch\n"
                     "  p = MaxPool(x)\nwhere K(p)\nreplace p with x\n") ==
          "t.rules:1:19: unknown attribute 'kernal' of MaxPool (in constraint K used at "
          "t.rules:5:7)");
}

TEST_CASE("a named pattern is inlined where a node pattern names it") {
    const char* text = R"(
pattern UnitPool(x) = p: MaxPool@1(x) where p.kernel == [1, 1]
rule ReluOfUnitPool : fusion
match
  r = Relu(UnitPool(y))
replace r with Relu(y)
rule UnitPoolOfRelu : fusion
match
  p = UnitPool(q: Relu(y))
where uses(q) == 1
replace p with q
)";
    const RuleSet rules = load_rule_text(text, "frag.rules");
    const auto pool = [](const std::string& kernel, const std::string& opset) {
        return "p = MaxPool(x, kernel=" + kernel + ", strides=[1, 1], pads_begin=[0, 0], " +
               "pads_end=[0, 0], rounding_type=\"floor\", auto_pad=\"explicit\", _opset=" + opset +
               ")";
    };
    // Nested use: the pattern's condition joins the rule's.
    CHECK(
        fired(rules,
              {"x = Parameter(f32, [1, 2, 4, 4])", pool("[1, 1]", "1"), "r = Relu(p)", "Result(r)"},
              "ReluOfUnitPool") == 1);
    CHECK(
        fired(rules,
              {"x = Parameter(f32, [1, 2, 4, 4])", pool("[2, 2]", "1"), "r = Relu(p)", "Result(r)"},
              "ReluOfUnitPool") == 0);
    // MaxPool@1 only: version 8 does not match.
    CHECK(fired(rules,
                {"x = Parameter(f32, [1, 2, 4, 4])",
                 "p = MaxPool(x, kernel=[1, 1], strides=[1, 1], pads_begin=[0, 0], "
                 "pads_end=[0, 0], dilations=[1, 1], rounding_type=\"floor\", "
                 "auto_pad=\"explicit\", _opset=8)",
                 "r = Relu(p)", "Result(r)"},
                "ReluOfUnitPool") == 0);
    // As a statement: the statement's name is the pattern's node, its operand a nested pattern.
    CHECK(fired(rules,
                {"x = Parameter(f32, [1, 2, 4, 4])", "q = Relu(x)",
                 "p = MaxPool(q, kernel=[1, 1], strides=[1, 1], pads_begin=[0, 0], "
                 "pads_end=[0, 0], rounding_type=\"floor\", auto_pad=\"explicit\", _opset=1)",
                 "Result(p)"},
                "UnitPoolOfRelu") == 1);
    CHECK(load_error("pattern U(x) = p: MaxPool(x)\nrule A : fusion\nmatch\n  r = Relu(U(x, y))\n"
                     "replace r with x\n") == "t.rules:4:12: pattern U takes 1 operands, got 2");
    // A parameter that names a node of the pattern takes a name at the use, not a pattern.
    CHECK(load_error("pattern RR(x, r1) = r2: Relu(r1: Relu(x))\nrule A : fusion\nmatch\n"
                     "  e = Exp(RR(y, Sigmoid(z)))\nreplace e with y\n") ==
          "t.rules:4:17: 'r1' of pattern RR is not an operand of it; write a name here");
    CHECK(load_error("pattern U(x) = p: MaxPoool(x)\n") ==
          "t.rules:1:19: unknown operation 'MaxPoool'");
}

TEST_CASE("a named pattern filters the readers of a value") {
    const char* text = R"(
pattern Halving(x) = d: Multiply(x, h: const) where approx(h, 0.5)
rule CountHalvings : fusion
match
  r = Relu(y)
  e = Exp(r)
  hs = readers(r) each Halving(r)
where len(hs) == 2
replace e with Sigmoid(r)
)";
    const RuleSet rules = load_rule_text(text, "readers.rules");
    TestGraph two = graph_from({"x = Parameter(f32, [4])", "r = Relu(x)", "e = Exp(r)",
                                "h = Const(f32, [], 0.5)", "a = Multiply(r, h)",
                                "b = Multiply(r, h)", "Result(e)", "Result(a)", "Result(b)"});
    CHECK(apply_rules(*two.graph, rules).fired("CountHalvings") == 1);
    // One of the Multiplys is by 2: it is left out of the list, which then has one entry.
    TestGraph one =
        graph_from({"x = Parameter(f32, [4])", "r = Relu(x)", "e = Exp(r)",
                    "h = Const(f32, [], 0.5)", "t = Const(f32, [], 2)", "a = Multiply(r, h)",
                    "b = Multiply(r, t)", "Result(e)", "Result(a)", "Result(b)"});
    CHECK(apply_rules(*one.graph, rules).fired("CountHalvings") == 0);
}

TEST_CASE("one rule matches BatchNormInference-5 and -1 with their port orders") {
    const RuleSet lib = testing::library();
    const auto decompose = [&](const std::string& bn) {
        TestGraph g = graph_from({"x = Parameter(f32, [1, 2, 3])", "g = Const(f32, [2], [4, 6])",
                                  "b = Const(f32, [2], [1, 1])", "m = Const(f32, [2], [0, 1])",
                                  "v = Const(f32, [2], [3, 8])", bn, "Result(bn)"});
        RewriteOptions only;
        for (const auto& r : lib.rules)
            if (r->name != "DecomposeBatchNorm") only.disabled_tags.insert(r->name);
        const RewriteReport report = apply_rules(*g.graph, lib, only);
        CHECK(count_type(*g.graph, "BatchNormInference") == 0);
        CHECK(count_type(*g.graph, "Multiply") == 1);
        return report.fired("DecomposeBatchNorm");
    };
    CHECK(decompose("bn = BatchNormInference(x, g, b, m, v, epsilon=1)") == 1);
    CHECK(decompose("bn = BatchNormInference(g, b, x, m, v, epsilon=1, _opset=1)") == 1);
    CHECK(load_error("rule A : fusion\nmatch\n  bn = BatchNormInference@5(x, g, b, m, v)\n"
                     "     | BatchNormInference@1(g, b, y, m, v)\nreplace bn with x\n")
              .rfind("t.rules:4:8: alternative 2 of 'bn' does not bind 'x'", 0) == 0);
    CHECK(load_error("rule A : fusion\nmatch\n  p = MaxPool@3(x)\nreplace p with x\n") ==
          "t.rules:3:7: no version 3 of MaxPool");
}

TEST_CASE("benefit decides between two rules that match the same node") {
    const auto text = [](int relu_benefit, int sigmoid_benefit) {
        std::ostringstream s;
        s << "rule ToRelu : fusion benefit " << relu_benefit
          << "\nmatch\n  e = Exp(x)\nreplace e with Relu(x)\n"
          << "rule ToSigmoid : fusion benefit " << sigmoid_benefit
          << "\nmatch\n  e = Exp(x)\nreplace e with Sigmoid(x)\n";
        return s.str();
    };
    const auto winner = [&](int relu_benefit, int sigmoid_benefit) {
        const RuleSet rules = load_rule_text(text(relu_benefit, sigmoid_benefit), "b.rules");
        TestGraph g = graph_from({"x = Parameter(f32, [4])", "e = Exp(x)", "Result(e)"});
        apply_rules(*g.graph, rules);
        return count_type(*g.graph, "Relu") == 1      ? std::string("ToRelu")
               : count_type(*g.graph, "Sigmoid") == 1 ? std::string("ToSigmoid")
                                                      : std::string("none");
    };
    CHECK(winner(0, 5) == "ToSigmoid");
    CHECK(winner(5, 0) == "ToRelu");
    CHECK(winner(-1, -2) == "ToRelu");
    // Equal benefits: by name (ToRelu < ToSigmoid), not by position in the file.
    CHECK(winner(3, 3) == "ToRelu");
    const RuleSet swapped =
        load_rule_text("rule ToSigmoid : fusion\nmatch\n  e = Exp(x)\nreplace e with Sigmoid(x)\n"
                       "rule ToRelu : fusion\nmatch\n  e = Exp(x)\nreplace e with Relu(x)\n",
                       "s.rules");
    TestGraph g = graph_from({"x = Parameter(f32, [4])", "e = Exp(x)", "Result(e)"});
    CHECK(apply_rules(*g.graph, swapped).fired("ToRelu") == 1);
}

TEST_CASE("test graph nodes take the declared defaults for the attributes they leave out") {
    const char* text = R"(
defaults Convolution(strides=[1, 1], pads_begin=[0, 0], pads_end=[0, 0], dilations=[1, 1], auto_pad="explicit")
rule ConvToPool : fusion
match
  c = Convolution(x, w: const)
where c.strides == [2, 2]
replace c with MaxPool(x, kernel=[1, 1], strides=c.strides, pads_begin=[0, 0], pads_end=[0, 0],
                       rounding_type="floor", auto_pad="explicit", _opset=1)
test "only strides written" {
  input {
    x = Parameter(f32, [1, 1, 4, 4])
    w = Const(f32, [1, 1, 1, 1], [1])
    c = Convolution(x, w, strides=[2, 2])
    Result(c)
  }
}
test "defaults: strides 1, not matched" {
  input {
    x = Parameter(f32, [1, 1, 4, 4])
    w = Const(f32, [1, 1, 1, 1], [1])
    c = Convolution(x, w)
    Result(c)
  }
  expect unchanged
}
)";
    const RuleSet rules = load_rule_text(text, "defaults.rules");
    std::ostringstream out;
    CHECK(run_rule_tests(rules, out) == 0);
    CHECK(out.str().find("2 passed, 0 failed") != std::string::npos);
    // Without the declaration the convolutions lack attributes, and both tests fail.
    const std::string without = std::string(text).substr(std::string(text).find("rule "));
    std::ostringstream failed;
    CHECK(run_rule_tests(load_rule_text(without, "bare.rules"), failed) == 2);
    // A defaults declaration names attributes of its op.
    CHECK(load_error("defaults Convolution(stridez=[1, 1])\n") ==
          "t.rules:1:22: unknown attribute 'stridez' of Convolution");
    CHECK(load_error("defaults Relu(alpha=1)\n") ==
          "t.rules:1:15: unknown attribute 'alpha' of Relu");
}

TEST_CASE("the JSON form carries declarations and benefit, and loads back") {
    const char* text = R"(
constraint Single(c) = size(c) == 1
pattern Doubled(x) = m: Multiply(x, k: const) where Single(k) and approx(k, 2)
rule DoubleToAdd : fusion benefit 4
match
  m = Doubled(y)
replace m with Add(y, y)
)";
    const RuleSet rules = load_rule_text(text, "j.rules");
    const std::string json = rules_to_json(rules);
    CHECK(json.find("\"declarations\"") != std::string::npos);
    CHECK(json.find("\"benefit\": 4") != std::string::npos);
    const RuleSet again = load_rule_text(json, "j.rules.json");
    CHECK(rules_to_json(again) == json);
    REQUIRE(again.size() == 1);
    CHECK(fired(again,
                {"x = Parameter(f32, [4])", "k = Const(f32, [], 2)", "m = Multiply(x, k)",
                 "Result(m)"},
                "DoubleToAdd") == 1);
    CHECK(fired(again,
                {"x = Parameter(f32, [4])", "k = Const(f32, [], 3)", "m = Multiply(x, k)",
                 "Result(m)"},
                "DoubleToAdd") == 0);
}

TEST_CASE("a named pattern's parameter placed twice, and a named pattern for each element") {
    const char* text = R"(
pattern Square(x) = m: Multiply(x, x)
pattern UnitConvolution(x, w) = c: Convolution(x, w: const) where c.dilations == [1, 1]
rule ExpOfSquaredRelu : fusion
match
  e = Exp(Square(Relu(y)))
replace e with Exp(Relu(y))
rule ConcatOfUnitConvolutions : fusion
match
  s = Split(x, axis: const)
  cat = Concat(cs... each UnitConvolution(s.#, ws))
where len(cs) == 2 and len(ws) == 2
replace cat with Relu(cat)
)";
    const RuleSet rules = load_rule_text(text, "twice.rules");
    // x placed twice: the nested Relu is matched once and must be the same node at both places.
    CHECK(fired(rules,
                {"x = Parameter(f32, [4])", "r = Relu(x)", "m = Multiply(r, r)", "e = Exp(m)",
                 "Result(e)"},
                "ExpOfSquaredRelu") == 1);
    CHECK(fired(rules,
                {"x = Parameter(f32, [4])", "r = Relu(x)", "q = Relu(x)", "m = Multiply(r, q)",
                 "e = Exp(m)", "Result(e)"},
                "ExpOfSquaredRelu") == 0);
    // Per element of `each`: the pattern's condition holds for every element.
    const auto split = [](const std::string& second_dilations) {
        return std::vector<std::string>{
            "x = Parameter(f32, [1, 4, 4, 4])",
            "a = Const(i64, [], 1)",
            "s = Split(x, a, num_splits=2)",
            "w1 = Const(f32, [2, 2, 1, 1], random)",
            "w2 = Const(f32, [2, 2, 1, 1], random)",
            "c1 = Convolution(s.0, w1, strides=[1, 1], pads_begin=[0, 0], pads_end=[0, 0], "
            "dilations=[1, 1], auto_pad=\"explicit\")",
            "c2 = Convolution(s.1, w2, strides=[1, 1], pads_begin=[0, 0], pads_end=[0, 0], "
            "dilations=" +
                second_dilations + ", auto_pad=\"explicit\")",
            "cat = Concat(c1, c2, axis=1)",
            "Result(cat)"};
    };
    CHECK(fired(rules, split("[1, 1]"), "ConcatOfUnitConvolutions") == 1);
    CHECK(fired(rules, split("[2, 2]"), "ConcatOfUnitConvolutions") == 0);
}
