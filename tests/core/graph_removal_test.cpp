// Node removal without a graph walk, the node arena and interned op types.
#include "engine/core/graph.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace mo;

namespace {

// x -> Relu(a) -> Relu(b) -> Result, plus an unused Negative(d) reading a.
struct Chain {
    Graph g;
    Node* x;
    Node* a;
    Node* b;
    Node* d;
    Node* r;
    Chain() {
        x = &g.add_parameter("x", ElementType::f32, PartialShape{2});
        a = &g.add("Relu", {x->output(0)}, {}, "a");
        b = &g.add("Relu", {a->output(0)}, {}, "b");
        d = &g.add("Negative", {a->output(0)}, {}, "d");
        r = &g.add_result(b->output(0), "out");
    }
};

} // namespace

TEST_CASE("remove_nodes removes exactly the given nodes and unlinks them from live producers") {
    Chain c;
    Graph::SweepLog log;
    Node* doomed[] = {c.d, c.d}; // listed twice: removed once
    CHECK(c.g.remove_nodes(doomed, &log) == 1);
    CHECK(c.g.node_count() == 4);
    CHECK_FALSE(c.d->alive()); // still readable: the arena keeps its memory
    CHECK(c.d->name == "d");
    REQUIRE(c.a->consumers(0).size() == 1);
    CHECK(c.a->consumers(0)[0].node == c.b);
    REQUIRE(log.removed_ids.size() == 1);
    CHECK(log.removed_ids[0] == c.d->id());
    REQUIRE(log.lost_consumers.size() == 1);
    CHECK(log.lost_consumers[0] == c.a);
    const auto nodes = c.g.nodes();
    CHECK(std::find(nodes.begin(), nodes.end(), c.d) == nodes.end());
    std::size_t visited = 0;
    c.g.for_each_node([&](const Node& n) {
        CHECK(n.alive());
        ++visited;
    });
    CHECK(visited == 4);
}

TEST_CASE("remove_nodes falls back to a full sweep when a doomed node is still read") {
    Chain c;
    // `a` is read by the live `b`: removing it would leave a dangling input. The full sweep
    // that runs instead removes only what no Result needs (the unused `d`).
    Node* doomed[] = {c.a};
    CHECK(c.g.remove_nodes(doomed) == 1);
    CHECK(c.a->alive());
    CHECK_FALSE(c.d->alive());
    CHECK(c.b->input(0).node == c.a);
    // A Parameter is never removed that way either.
    Node* param[] = {c.x};
    c.g.remove_nodes(param);
    CHECK(c.x->alive());
    CHECK(c.g.parameters().size() == 1);
}

TEST_CASE("many removals compact the creation-order list and keep it consistent") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{1});
    std::vector<Node*> spare;
    for (int i = 0; i < 50; ++i) spare.push_back(&g.add("Relu", {x.output(0)}, {}, "r"));
    g.add_result(x.output(0));
    for (int i = 0; i < 50; i += 5) { // several small removals
        std::vector<Node*> some(spare.begin() + i, spare.begin() + i + 5);
        g.remove_nodes(some);
    }
    CHECK(g.node_count() == 2);
    CHECK(g.nodes().size() == 2);
    CHECK(x.consumers(0).size() == 1);
    CHECK(g.topological_order().size() == 2);
}

TEST_CASE("op types are interned once, with fixed ids for Const, Parameter and Result") {
    Graph g;
    Node& c = g.add_const(Tensor::scalar<float>(1.f));
    Node& p = g.add_parameter("x", ElementType::f32, PartialShape{});
    Node& r = g.add_result(p.output(0));
    CHECK(c.type_id() == kConstType);
    CHECK(p.type_id() == kParameterType);
    CHECK(r.type_id() == kResultType);
    const auto relu = intern_op_type("Relu");
    CHECK(intern_op_type("Relu").id == relu.id);
    CHECK(*relu.name == "Relu");
    CHECK(intern_op_type("Relu").name == relu.name); // one stored string
    CHECK(intern_op_type("relu").id != relu.id);     // case matters, as in the registry
    CHECK(relu.id < op_type_count());
    Node& n = g.add("Relu", {p.output(0)});
    CHECK(n.type_id() == relu.id);
    CHECK(n.type() == "Relu");
    CHECK(c.is_const());
    CHECK_FALSE(n.is_const());
}

TEST_CASE("with reuse, new nodes take the memory of removed ones and are listed last") {
    Chain c;
    Node* doomed[] = {c.d};
    Node* const old = c.d;
    CHECK(c.g.remove_nodes(doomed, nullptr, /*reuse=*/true) == 1);
    Node& fresh = c.g.add("Sigmoid", {c.b->output(0)}, {}, "fresh");
    CHECK(&fresh == old); // the removed node's memory
    CHECK(fresh.alive());
    CHECK(fresh.name == "fresh");
    CHECK(fresh.type() == "Sigmoid");
    CHECK(fresh.id() > c.r->id()); // a new node: a new id
    // Listed once, in creation order, after every older node; edges are consistent.
    const auto nodes = c.g.nodes();
    REQUIRE(nodes.size() == 5);
    CHECK(nodes.back() == &fresh);
    CHECK(c.g.creation_order_is_topological());
    REQUIRE(c.b->consumers(0).size() == 2);
    CHECK(c.b->consumers(0)[1].node == &fresh);
    CHECK(c.a->consumers(0).size() == 1); // the removed node no longer reads `a`
    // Without reuse, memory is not taken over.
    Node* more[] = {&fresh};
    c.g.remove_nodes(more);
    Node& other = c.g.add("Exp", {c.b->output(0)}, {}, "other");
    CHECK(&other != &fresh);
    CHECK_FALSE(fresh.alive());
}

TEST_CASE("a reused node's old place in creation order is skipped by every walk") {
    Chain c;
    Node* doomed[] = {c.d};
    c.g.remove_nodes(doomed, nullptr, /*reuse=*/true);
    // Reused, unread: once listed and once removed by a sweep, though its memory appears twice
    // in the creation-order list (its old entry and its new one).
    Node& fresh = c.g.add("Sigmoid", {c.a->output(0)}, {}, "fresh");
    std::size_t seen = 0;
    c.g.for_each_node([&](const Node& n) { seen += &n == &fresh ? 1 : 0; });
    CHECK(seen == 1);
    CHECK(c.g.topological_order().size() == 5);
    Graph::SweepLog log;
    CHECK(c.g.sweep(&log) == 1);
    REQUIRE(log.removed_ids.size() == 1);
    CHECK(log.removed_ids[0] == fresh.id());
    CHECK(c.a->consumers(0).size() == 1);
    CHECK(c.g.nodes().size() == 4);
    CHECK(c.g.node_count() == 4);
}
