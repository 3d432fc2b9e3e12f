// The producers-first walk of the rewrite driver and its creation-order shortcut.
#include "engine/core/graph.hpp"
#include "engine/rules/order.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using namespace mo;

TEST_CASE("producers_first uses creation order only while every edge runs old to new") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2});
    Node& a = g.add("Relu", {x.output(0)}, {}, "a");
    Node& b = g.add("Relu", {a.output(0)}, {}, "b");
    g.add_result(b.output(0));
    CHECK(g.creation_order_is_topological());
    auto order = rules::producers_first(g);
    REQUIRE(order.size() == 4);
    CHECK(order[1] == &a);
    CHECK(order[2] == &b);
    // A newer node feeding an older one: creation order is no longer producers first.
    Node& late = g.add("Sigmoid", {x.output(0)}, {}, "late");
    g.set_input(a, 0, late.output(0));
    CHECK_FALSE(g.creation_order_is_topological());
    order = rules::producers_first(g);
    auto pos = [&](const Node* n) {
        return std::find(order.begin(), order.end(), n) - order.begin();
    };
    REQUIRE(order.size() == 5);
    CHECK(pos(&late) < pos(&a));
    CHECK(pos(&a) < pos(&b));
}
