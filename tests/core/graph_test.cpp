#include "engine/core/graph.hpp"

#include <doctest/doctest.h>

using namespace mo;

TEST_CASE("graph keeps consumer lists consistent when edges move") {
    Graph g;
    Node& p = g.add_parameter("x", ElementType::f32, PartialShape{1, 3});
    Node& c = g.add_const(Tensor::from_vector<float>({1, 3}, {1, 2, 3}));
    Node& r = g.add_result(p.output(0), "out");
    CHECK(p.consumers(0).size() == 1);
    g.replace_uses(p.output(0), c.output(0));
    CHECK(p.consumers(0).empty());
    REQUIRE(c.consumers(0).size() == 1);
    CHECK(c.consumers(0)[0].node == &r);
    CHECK(r.input(0).node == &c);
}

TEST_CASE("sweep removes nodes no result depends on but keeps parameters") {
    Graph g;
    Node& p = g.add_parameter("x", ElementType::f32, PartialShape{2});
    g.add_const(Tensor::from_vector<float>({2}, {1, 2}), "dead");
    g.add_result(p.output(0));
    CHECK(g.node_count() == 3);
    CHECK(g.sweep() == 1);
    CHECK(g.node_count() == 2);
    CHECK(g.parameters().size() == 1);
}

TEST_CASE("topological order puts producers first and is stable") {
    Graph g;
    Node& c1 = g.add_const(Tensor::scalar<float>(1.f), "c1");
    Node& p = g.add_parameter("x", ElementType::f32, PartialShape{});
    Node& r = g.add_result(c1.output(0));
    auto order = g.topological_order();
    REQUIRE(order.size() == 3);
    CHECK(order[0] == &c1);
    CHECK(order[1] == &p);
    CHECK(order[2] == &r);
}

TEST_CASE("merge combines two descriptions of a shape; compatible says whether it can") {
    const PartialShape a{2, PartialShape::kDynamic, 4};
    const PartialShape b{PartialShape::kDynamic, 3, 4};
    CHECK(compatible(a, b));
    REQUIRE(merge(a, b));
    CHECK(*merge(a, b) == PartialShape{2, 3, 4});
    CHECK(compatible(a, PartialShape::dynamic()));
    CHECK(*merge(PartialShape::dynamic(), b) == b);
    const PartialShape c{2, 3, 5}; // last dimension contradicts
    CHECK_FALSE(compatible(b, c));
    CHECK_FALSE(merge(b, c));
    const PartialShape d{2, 3}; // rank contradicts
    CHECK_FALSE(compatible(a, d));
    CHECK_FALSE(merge(a, d));
}

TEST_CASE("unique_name appends a suffix and a counter, never repeating a name") {
    Graph g;
    const std::string first = g.unique_name("conv", "/Const");
    const std::string second = g.unique_name("conv", "/Const");
    CHECK(first.rfind("conv/Const_", 0) == 0);
    CHECK(second.rfind("conv/Const_", 0) == 0);
    CHECK(first != second);
    CHECK(g.unique_name("relu").rfind("relu_", 0) == 0);
}
