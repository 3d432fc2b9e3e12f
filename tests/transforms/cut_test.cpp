#include "cli/conversion_steps.hpp"
#include "engine/core/error.hpp"
#include "helpers.hpp"

using namespace mo;
using namespace mo::test;

namespace {
// Channels: c0 = -5..-2, c1 = -1..2, c2 = 3..6 (pixel-major within a channel).
Tensor sample() {
    return ramp({1, 3, 2, 2}, 1.0f, -5.0f);
}

std::vector<std::string> parameter_names(const Graph& g) {
    std::vector<std::string> out;
    for (Node* p : g.parameters()) out.push_back(p->name);
    return out;
}
} // namespace

TEST_CASE("the uncut model: reference numbers") {
    ConvModel m;
    cli::apply_cuts_and_shapes(m.g, args({}));
    auto out = outputs_of(m.g, {{"data", sample()}});
    // relu: c0 = 0 0 0 0, c1 = 0 0 1 2, c2 = 3 4 5 6; out0 = c0+c1+c2+10, out1 = c0-c2+20.
    check_close(out.at("logits"), {13, 14, 16, 18, 17, 16, 15, 14});
}

TEST_CASE("--input NODE feeds the node from a new Parameter; --output drops the rest") {
    ConvModel m;
    cli::apply_cuts_and_shapes(m.g, args({"--input", "relu", "--output", "logits"}));
    CHECK(parameter_names(m.g) == std::vector<std::string>{"relu/placeholder_port_0"});
    CHECK(count_type(m.g, "Sigmoid") == 0); // the other output was cut off
    REQUIRE(m.g.results().size() == 1);
    auto out = outputs_of(m.g, {{"relu/placeholder_port_0", sample()}});
    check_close(out.at("logits"), {13, 14, 16, 18, 17, 16, 15, 14});
}

TEST_CASE("--input PORT:NODE cuts the edge into that port") {
    ConvModel m;
    cli::apply_cuts_and_shapes(m.g, args({"--input", "0:conv", "--output", "bias"}));
    CHECK(parameter_names(m.g) == std::vector<std::string>{"conv/placeholder_port_0"});
    CHECK(count_type(m.g, "Relu") == 0);
    auto out = outputs_of(m.g, {{"conv/placeholder_port_0", sample()}});
    // No Relu: out0 = -3 0 3 6 (+10), out1 = -8 each (+20).
    check_close(out.at("logits"), {7, 10, 13, 16, 12, 12, 12, 12});
}

TEST_CASE("--input NODE:PORT and tensor names cut an output port; its tensor names move along") {
    for (const char* ref : {"relu:0", "relu_out"}) {
        ConvModel m;
        cli::apply_cuts_and_shapes(m.g, args({"--input", ref, "--output", "logits"}));
        REQUIRE(m.g.parameters().size() == 1);
        CHECK(m.g.parameters()[0]->name == "relu/placeholder_out_port_0");
        CHECK(m.g.parameters()[0]->port(0).names == std::vector<std::string>{"relu_out"});
        auto out = outputs_of(m.g, {{"relu_out", sample()}});
        check_close(out.at("logits"), {7, 10, 13, 16, 12, 12, 12, 12});
    }
}

TEST_CASE("--output forms: node, NODE:PORT, PORT:NODE, several in order") {
    SUBCASE("a node") {
        ConvModel m;
        cli::apply_cuts_and_shapes(m.g, args({"--output", "relu"}));
        CHECK(m.g.node_count() == 3); // data, relu, result
        auto out = outputs_of(m.g, {{"data", sample()}});
        check_close(out.at("relu_out"), {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6});
    }
    SUBCASE("the edge into port 0 of bias is the convolution's output") {
        ConvModel m;
        cli::apply_cuts_and_shapes(m.g, args({"--output", "0:bias"}));
        REQUIRE(m.g.results().size() == 1);
        CHECK(m.g.results()[0]->input(0).node->name == "conv");
        CHECK(count_type(m.g, "Add") == 0);
        auto out = outputs_of(m.g, {{"data", sample()}});
        check_close(out.begin()->second, {3, 4, 6, 8, -3, -4, -5, -6});
    }
    SUBCASE("several, in the order given; a kept Result keeps its name") {
        ConvModel m;
        cli::apply_cuts_and_shapes(m.g, args({"--output", "side,bias:0"}));
        REQUIRE(m.g.results().size() == 2);
        CHECK(m.g.results()[0]->name == "side/sink");
        CHECK(m.g.results()[1]->name == "logits/sink");
    }
}

TEST_CASE("frozen inputs become constants") {
    Graph g;
    Node& a = g.add_parameter("a", ElementType::f32, PartialShape({2}));
    Node& b = g.add_parameter("b", ElementType::f32, PartialShape({2}));
    Node& k = g.add_parameter("k", ElementType::i32, PartialShape::dynamic());
    Attributes to_f32;
    to_f32.set("destination_type", "f32");
    Node& kf = g.add("Convert", 1, {k.output(0)}, to_f32, "kf");
    Node& sum = g.add("Add", 1, {a.output(0), b.output(0)}, {}, "sum");
    Node& total = g.add("Add", 1, {sum.output(0), kf.output(0)}, {}, "total");
    g.add_result(total.output(0), "out");

    cli::apply_cuts_and_shapes(g, args({"--input", "a,b->[1 2],k{i32}->5"}));
    CHECK(parameter_names(g) == std::vector<std::string>{"a"});
    Node* bc = nullptr;
    Node* kc = nullptr;
    for (Node* n : g.nodes()) {
        if (n->is_const() && n->name == "b") bc = n;
        if (n->is_const() && n->name == "k") kc = n;
    }
    REQUIRE(bc);
    REQUIRE(kc);
    CHECK(bc->value.shape() == Shape{2});
    CHECK(kc->value.type() == ElementType::i32);
    CHECK(kc->value.shape() == Shape{}); // a single value for a dynamic shape is a scalar
    auto out = outputs_of(g, {{"a", f32({2}, {10, 20})}});
    check_close(out.begin()->second, {16, 27});
}

TEST_CASE("a single frozen value fills a static shape; wrong counts and types fail") {
    Graph g;
    Node& a = g.add_parameter("a", ElementType::f32, PartialShape({2, 2}));
    g.add_result(g.add("Relu", 1, {a.output(0)}, {}, "r").output(0), "out");
    SUBCASE("fill") {
        cli::apply_cuts_and_shapes(g, args({"--input", "a->7"}));
        auto out = outputs_of(g, {});
        check_close(out.begin()->second, {7, 7, 7, 7});
    }
    SUBCASE("count") {
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(g, args({"--input", "a->[1 2 3]"})),
                             doctest::Contains("3 values given for shape [2,2]"), Error);
    }
    SUBCASE("not a number") {
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(g, args({"--input", "a->[1 x 3 4]"})),
                             doctest::Contains("'x' is not a number"), Error);
    }
    SUBCASE("integer range") {
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(g, args({"--input", "a{u8}->300"})),
                             doctest::Contains("300 does not fit u8"), Error);
    }
}

TEST_CASE("cutting errors name the problem") {
    ConvModel m;
    SUBCASE("unknown name with close matches") {
        CHECK_THROWS_WITH_AS(
            cli::apply_cuts_and_shapes(m.g, args({"--input", "rleu"})),
            doctest::Contains("no node or tensor named 'rleu' (close matches: 'relu'"), Error);
    }
    SUBCASE("unknown name behind a port") {
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(m.g, args({"--input", "0:convv"})),
                             doctest::Contains("no node or tensor named 'convv'"), Error);
    }
    SUBCASE("a port that does not exist") {
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(m.g, args({"--input", "5:conv"})),
                             doctest::Contains("has no input port 5"), Error);
    }
    SUBCASE("unknown output") {
        CHECK_THROWS_WITH_AS(
            cli::apply_cuts_and_shapes(m.g, args({"--output", "logitz"})),
            doctest::Contains("--output 'logitz': no node or tensor named 'logitz'"), Error);
    }
    SUBCASE("a constant is no input") {
        CHECK_THROWS_WITH_AS(cli::apply_cuts_and_shapes(m.g, args({"--input", "conv/weights"})),
                             doctest::Contains("is a constant"), Error);
    }
}

TEST_CASE("a node with several data inputs needs PORT:NAME when a shape is given") {
    Graph g;
    Node& a = g.add_parameter("a", ElementType::f32, PartialShape({2}));
    Node& b = g.add_parameter("b", ElementType::f32, PartialShape({2}));
    g.add_result(g.add("Add", 1, {a.output(0), b.output(0)}, {}, "add").output(0), "out");
    CHECK_THROWS_WITH_AS(
        cli::apply_cuts_and_shapes(g, args({"--input", "add[2]"})),
        doctest::Contains("has 2 data inputs; say which one with PORT:NAME (like 0:add)"), Error);
}
