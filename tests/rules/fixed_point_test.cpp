// The driver's fixed point: after a rewrite, every node whose match it could have changed is
// tried again, including roots deeper than one step below it and roots already visited.
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"
#include "tests/rules/rules_test_utils.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace mo;
using namespace mo::rules;
using testing::count_type;

namespace {

// TanhOfExpOfRelu is rooted three levels below the Relu and needs the Relu read `n` times (its
// replacement keeps the Exp, so the count holds for every branch); RewireSigmoid takes one reader
// away from the Relu. It is rooted after every Tanh in the walk
// order, so each Tanh has been tried (and failed) before its pattern can match.
std::string rules_text(int n) {
    return R"(
rule TanhOfExpOfRelu : fusion
match
  t = Tanh(e: Exp(r: Relu(x)))
where uses(r) == )" +
           std::to_string(n) + R"(
replace t with Sigmoid(e)

rule RewireSigmoid : fusion
match
  s = Sigmoid(r: Relu(x))
replace s with Sigmoid(x)
)";
}

// x -> Relu -> (Exp -> Tanh) x branches, and the same Relu -> Sigmoid, created last.
Graph& build(Graph& g, int branches) {
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& r = g.add("Relu", {x.output(0)}, {}, "relu");
    for (int i = 0; i < branches; ++i) {
        Node& e = g.add("Exp", {r.output(0)}, {}, "exp" + std::to_string(i));
        Node& t = g.add("Tanh", {e.output(0)}, {}, "tanh" + std::to_string(i));
        g.add_result(t.output(0));
    }
    Node& s = g.add("Sigmoid", {r.output(0)}, {}, "sigmoid");
    g.add_result(s.output(0));
    return g;
}

} // namespace

TEST_CASE("a rewrite re-tries a root two steps below a node it touched") {
    const RuleSet rules = load_rule_text(rules_text(1), "fixed_point.rules");
    Graph g;
    build(g, 1);
    const RewriteReport report = apply_rules(g, rules);
    CHECK(report.fired("RewireSigmoid") == 1);
    CHECK(report.fired("TanhOfExpOfRelu") == 1);
    REQUIRE(report.applications.size() == 2);
    CHECK(report.applications[0].rule == "RewireSigmoid");
    // Sigmoid(Exp(Relu(x))) and Sigmoid(x).
    CHECK(count_type(g, "Tanh") == 0);
    REQUIRE(g.results().size() == 2);
    const Node& branch = g.results()[0]->producer(0);
    CHECK(branch.type() == "Sigmoid");
    CHECK(branch.producer(0).type() == "Exp");
    const Node& rewired = g.results()[1]->producer(0);
    CHECK(rewired.type() == "Sigmoid");
    CHECK(rewired.producer(0).type() == "Parameter");
}

TEST_CASE("a rewrite next to a node with hundreds of readers still reaches the fixed point") {
    // The Relu read by 300 branches: the neighbourhood of the rewrite is too large to re-queue at
    // once, so the driver leaves it to a later round, which must still find all 300 matches.
    const int branches = 300;
    const RuleSet rules = load_rule_text(rules_text(branches), "fixed_point.rules");
    Graph g;
    build(g, branches);
    const RewriteReport report = apply_rules(g, rules);
    CHECK(report.fired("RewireSigmoid") == 1);
    CHECK(report.fired("TanhOfExpOfRelu") == static_cast<std::size_t>(branches));
    CHECK(count_type(g, "Tanh") == 0);
    CHECK(count_type(g, "Exp") == static_cast<std::size_t>(branches));
    CHECK(count_type(g, "Sigmoid") == static_cast<std::size_t>(branches + 1));
}

TEST_CASE("without the enabling rewrite, nothing fires") {
    // The Relu keeps its extra reader: uses(r) is one more than the rule asks.
    const RuleSet rules = load_rule_text(rules_text(1), "fixed_point.rules");
    Graph g;
    build(g, 1);
    RewriteOptions opt;
    opt.disabled_tags.insert("RewireSigmoid");
    const RewriteReport report = apply_rules(g, rules, opt);
    CHECK(report.applications.empty());
    CHECK(count_type(g, "Tanh") == 1);
}
