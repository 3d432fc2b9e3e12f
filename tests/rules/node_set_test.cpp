// The driver's node sets: flags by node id, cleared by what was inserted or, past a sixteenth of
// the ids, all at once.
#include "engine/rules/rule.hpp"

#include <doctest/doctest.h>

#include <vector>

using namespace mo;
using mo::rules::NodeSet;

namespace {

std::vector<Node*> relus(Graph& g, int count) {
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{1});
    std::vector<Node*> out;
    for (int i = 0; i < count; ++i) out.push_back(&g.add("Relu", {x.output(0)}));
    return out;
}

} // namespace

TEST_CASE("a node set holds what was inserted and erased, and clear() empties it") {
    Graph g;
    const auto nodes = relus(g, 8);
    NodeSet s;
    CHECK(s.empty());
    CHECK(s.insert(nodes[3]));
    CHECK_FALSE(s.insert(nodes[3]));
    CHECK(s.insert(nodes[5]));
    CHECK(s.count(nodes[3]));
    CHECK_FALSE(s.count(nodes[4]));
    s.erase(nodes[3]);
    CHECK_FALSE(s.count(nodes[3]));
    CHECK_FALSE(s.empty());
    s.clear();
    CHECK(s.empty());
    CHECK_FALSE(s.count(nodes[5]));
    CHECK(s.insert(nodes[5])); // usable again
}

TEST_CASE("a node set with more insertions than it lists still clears every flag") {
    Graph g;
    const auto nodes = relus(g, 2000);
    NodeSet s;
    // Inserted twice over in one go: far past a sixteenth of the ids.
    for (int round = 0; round < 2; ++round)
        for (Node* n : nodes) s.insert(n);
    for (Node* n : nodes) REQUIRE(s.count(n));
    s.clear();
    CHECK(s.empty());
    for (Node* n : nodes) REQUIRE_FALSE(s.count(n));
    // Back to listing: a few insertions are cleared one by one.
    CHECK(s.insert(nodes[7]));
    CHECK(s.insert(nodes[1999]));
    s.clear();
    CHECK_FALSE(s.count(nodes[7]));
    CHECK_FALSE(s.count(nodes[1999]));
    CHECK(s.empty());
}
