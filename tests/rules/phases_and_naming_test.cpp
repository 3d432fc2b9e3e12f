// The driver's phase selection and scope, and the DSL pieces the precision and legacy phases use:
// Const node patterns as values, fits_f16(), name(), `_name` strings, `_place` and Const(value).
#include "engine/core/graph.hpp"
#include "load_error.hpp"
#include "rules_test_utils.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace mo;
using namespace mo::rules;
using namespace mo::rules::testing;

namespace {

// Which node ids the IR would list first: the graph's topological order, by name.
std::vector<std::string> order_of(const Graph& g) {
    std::vector<std::string> names;
    for (const Node* n : g.topological_order()) names.push_back(n->name);
    return names;
}

const char* kCompress = R"(
rule Compress : precision
match
  c = Const()
  cs = readers(c) each Convert(c)
where len(cs) == 0 and dtype(c) == f32 and fits_f16(c)
replace c with
  Convert(Const(cast(c, f16), _name=name(c) + "/half", _place=c), destination_type=dtype(c))
)";

} // namespace

TEST_CASE("precision and legacy run only when asked for; they never fold") {
    const RuleSet rules = load_rule_text(kCompress, "p.rules");
    auto t = graph_from({"x = Parameter(f32, [2])", "w = Const(f32, [2], [1, 2])",
                         "m = Multiply(x, w)", "Result(m)"});
    Graph& g = *t.graph;
    CHECK(apply_rules(g, rules).fired("Compress") == 0); // default: lower, cleanup, fusion
    CHECK(default_phases() == std::set<Phase>{Phase::lower, Phase::cleanup, Phase::fusion});

    RewriteOptions precision;
    precision.phases = {Phase::precision};
    CHECK(apply_rules(g, rules, precision).fired("Compress") == 1);
    CHECK(count_type(g, "Convert") == 1);
    // Folding stays on in the options, yet the Convert of a constant is kept.
    CHECK(precision.fold_constants);
    const Node* half = nullptr;
    g.for_each_node([&](const Node& n) {
        if (n.name == "w/half") half = &n;
    });
    REQUIRE(half != nullptr);
    CHECK(half->value.type() == ElementType::f16);
    CHECK(half->consumers(0).at(0).node->name == "w"); // the Convert took the name
    // The new constant sits where the old one was: after x, before the Multiply.
    const auto order = order_of(g);
    CHECK(order[0] == "x");
    CHECK(order[1] == "w/half");
    // A second run finds nothing: the f16 constant is not f32, the others have no Const root.
    CHECK(apply_rules(g, rules, precision).fired("Compress") == 0);
}

TEST_CASE("fits_f16 allows infinities and NaN, not finite values beyond 65504") {
    const RuleSet rules = load_rule_text(kCompress, "p.rules");
    RewriteOptions precision;
    precision.phases = {Phase::precision};
    auto fits = [&](float v) {
        Graph g;
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1}));
        Node& c = g.add_const(Tensor::from_vector<float>({1}, {v}), "c");
        Node& m = g.add("Multiply", 1, {x.output(0), c.output(0)}, {}, "m");
        g.add_result(m.output(0));
        return apply_rules(g, rules, precision).fired("Compress") == 1;
    };
    CHECK(fits(65504.0f));
    CHECK(fits(-65504.0f));
    CHECK_FALSE(fits(65520.0f));
    CHECK(fits(std::numeric_limits<float>::infinity()));
    CHECK(fits(std::numeric_limits<float>::quiet_NaN()));
}

TEST_CASE("_place keeps a replaced node's position in the order; without it the new node is last") {
    const char* text = R"(
rule Placed : fusion
match
  r = Relu(x)
replace r with Clamp(x, min=0.0, max=1000.0, _place=r)
)";
    const char* unplaced = R"(
rule Unplaced : fusion
match
  r = Relu(x)
replace r with Clamp(x, min=0.0, max=1000.0)
)";
    const std::vector<std::string> lines{"x = Parameter(f32, [2])", "r = Relu(x)",
                                         "w = Const(f32, [2], [1, 2])", "m = Multiply(r, w)",
                                         "Result(m)"};
    auto placed = graph_from(lines);
    REQUIRE(apply_rules(*placed.graph, load_rule_text(text, "a.rules")).fired("Placed") == 1);
    auto placed_order = order_of(*placed.graph);
    placed_order.resize(4);
    CHECK(placed_order == std::vector<std::string>{"x", "r", "w", "m"});
    auto last = graph_from(lines);
    REQUIRE(apply_rules(*last.graph, load_rule_text(unplaced, "b.rules")).fired("Unplaced") == 1);
    auto last_order = order_of(*last.graph);
    last_order.resize(4);
    CHECK(last_order == std::vector<std::string>{"x", "w", "r", "m"});
}

TEST_CASE("a rewrite scope: matches outside it are left, nodes a rewrite creates join it") {
    const char* text = R"(
rule Swish : fusion
match
  m = Multiply(x, Sigmoid(x))
replace m with Swish(x)
)";
    const RuleSet rules = load_rule_text(text, "s.rules");
    auto t = graph_from({"x = Parameter(f32, [2])", "s1 = Sigmoid(x)", "m1 = Multiply(x, s1)",
                         "s2 = Sigmoid(m1)", "m2 = Multiply(m1, s2)", "Result(m2)"});
    Graph& g = *t.graph;
    RewriteOptions options;
    options.scope.emplace();
    g.for_each_node([&](const Node& n) {
        if (n.name == "s2" || n.name == "m2") options.scope->insert(n.id());
    });
    CHECK(apply_rules(g, rules, options).fired("Swish") == 1);
    CHECK(count_type(g, "Swish") == 1);
    CHECK(count_type(g, "Sigmoid") == 1);
    CHECK(g.results()[0]->producer(0).type() == "Swish");
    CHECK(g.results()[0]->producer(0).producer(0).name == "m1");
}

TEST_CASE("load errors of the naming keywords and Const(value)") {
    const std::string head = "rule A : fusion\nmatch\n  r = Relu(x)\n";
    CHECK(load_error(head + "replace r with Abs(x, _place=x)\n") ==
          "t.rules:4:30: _place takes a node of the pattern (_place=c)");
    CHECK(load_error(head + "replace r with Abs(Const(1, 2))\n") ==
          "t.rules:4:20: Const takes one value: Const(value)");
    CHECK(load_error(head + "replace r with Abs(Const(1.0, shape=[1]))\n") ==
          "t.rules:4:31: Const takes a value and _name or _place, not 'shape'");
    // A node pattern other than Const() is not a value.
    CHECK(load_error(head + "replace r with Abs(cast(r, f16))\n") ==
          "t.rules:4:25: 'r' is a node, not a value (read an attribute: r.attr)");
    CHECK(load_error(head + "where name(r) == 1\nreplace r with x\n") == "no error");
}

TEST_CASE("scatter(list, indices, values) sets entries; a length mismatch does not apply") {
    auto fires = [](const std::string& condition) {
        const std::string text =
            "rule S : fusion\nmatch\n  r = Relu(x)\nwhere " + condition + "\nreplace r with x\n";
        auto t = graph_from({"x = Parameter(f32, [2])", "r = Relu(x)", "Result(r)"});
        return apply_rules(*t.graph, load_rule_text(text, "s.rules")).fired("S") == 1;
    };
    CHECK(fires("scatter([1, 1, 1], [-1, 0], [0, 5]) == [5, 1, 0]"));
    CHECK(fires("scatter(ones(4), [], []) == [1, 1, 1, 1]"));
    CHECK_FALSE(fires("scatter([1, 1], [0], [2, 3]) == [2, 1]"));
    CHECK_FALSE(fires("scatter([1, 1], [2], [0]) == [1, 1]"));
}
