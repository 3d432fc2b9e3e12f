// A rewrite of a large graph removes what died as it goes and builds new nodes in that memory;
// the result must be the same as without reuse.
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace mo;
using namespace mo::rules;

namespace {

const char* kRule = R"(
rule SigmoidOfRelu : fusion
match
  e = Exp(r: Relu(x)) where uses(r) == 1
replace e with Sigmoid(x)
)";

// x -> (Relu -> Exp) repeated: every rewrite removes two nodes and creates one, so a long chain
// removes more nodes in one round than the driver keeps before removing them.
struct LongChain {
    Graph g;
    std::set<const Node*> original;
    explicit LongChain(int blocks) {
        Output cur = g.add_parameter("x", ElementType::f32, PartialShape({2})).output(0);
        for (int i = 0; i < blocks; ++i) {
            Node& r = g.add("Relu", {cur}, {}, "relu" + std::to_string(i));
            Node& e = g.add("Exp", {r.output(0)}, {}, "exp" + std::to_string(i));
            original.insert(&r);
            original.insert(&e);
            cur = e.output(0);
        }
        g.add_result(cur, "out");
    }
};

// The chain from the Result up: every node a Sigmoid, then the Parameter.
std::size_t sigmoid_chain_length(const Graph& g) {
    std::size_t n = 0;
    const Node* cur = &g.results()[0]->producer(0);
    while (cur->type() == "Sigmoid") {
        ++n;
        cur = &cur->producer(0);
    }
    return cur->type() == "Parameter" ? n : 0;
}

} // namespace

TEST_CASE("a rewrite that removes more than a batch reuses removed nodes' memory") {
    const int blocks = 40'000; // 80,000 removed nodes: more than one removal batch (65,536)
    const RuleSet rules = load_rule_text(kRule, "reuse.rules");
    LongChain with(blocks);
    const RewriteReport report = apply_rules(with.g, rules);
    CHECK(report.fired("SigmoidOfRelu") == static_cast<std::size_t>(blocks));
    CHECK(with.g.node_count() == static_cast<std::size_t>(blocks + 2));
    CHECK(sigmoid_chain_length(with.g) == static_cast<std::size_t>(blocks));
    // Some of the new Sigmoids live where removed Relu/Exp nodes were.
    std::size_t reused = 0;
    with.g.for_each_node([&](const Node& n) { reused += with.original.count(&n); });
    CHECK(reused > 0);
    CHECK(reused < static_cast<std::size_t>(blocks));

    // The same rewrite without reuse gives the same graph, in fresh memory.
    RewriteOptions no_reuse;
    no_reuse.reuse_removed_nodes = false;
    LongChain without(blocks);
    const RewriteReport plain = apply_rules(without.g, rules, no_reuse);
    CHECK(plain.fired("SigmoidOfRelu") == static_cast<std::size_t>(blocks));
    CHECK(sigmoid_chain_length(without.g) == static_cast<std::size_t>(blocks));
    std::size_t reused_without = 0;
    without.g.for_each_node([&](const Node& n) { reused_without += without.original.count(&n); });
    CHECK(reused_without == 0);
    // Same names in the same creation order.
    std::vector<std::string> a, b;
    with.g.for_each_node([&](const Node& n) { a.push_back(n.name); });
    without.g.for_each_node([&](const Node& n) { b.push_back(n.name); });
    CHECK(a == b);
}
