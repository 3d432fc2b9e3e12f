// `ds = readers(x) each P where C` statements, the sharing of equal new inner nodes, and the
// `_opset=` / `_name=` keywords of replacements.
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"
#include "tests/rules/load_error.hpp"
#include "tests/rules/rules_test_utils.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace mo;
using namespace mo::rules;
using testing::count_type;
using testing::load_error;

namespace {

// x -> Relu r, read by the nodes `add_readers` creates; the Relu is also a graph output.
struct ReluGraph {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({4}));
    Node& r = g.add("Relu", {x.output(0)}, {}, "r");
    Node& reader(const std::string& type) {
        Node& n = g.add(type, {r.output(0)});
        g.add_result(n.output(0));
        return n;
    }
    // An output `type`(x) next to the Relu, which becomes an output too.
    void beside(const std::string& type, Attributes attrs = {}) {
        Node& n = g.add(type, {x.output(0)}, std::move(attrs));
        g.add_result(n.output(0));
        g.add_result(r.output(0));
    }
    Node& scaled(float k) {
        Node& c = g.add_const(Tensor::scalar<float>(k));
        Node& n = g.add("Multiply", {r.output(0), c.output(0)});
        g.add_result(n.output(0));
        return n;
    }
};

// Fires (Relu -> Abs) when the Relu has exactly `want` Negative readers and `uses` readers.
RuleSet negative_readers_rule(int want, int uses) {
    return load_rule_text("rule R : fusion\nmatch\n  r = Relu(x)\n"
                          "  ns = readers(r) each Negative(r)\n"
                          "where len(ns) == " +
                              std::to_string(want) + " and uses(r) == " + std::to_string(uses) +
                              "\nreplace r with Abs(x)\n",
                          "t.rules");
}

} // namespace

TEST_CASE("readers(x) lists the readers that match, and leaves the others out") {
    ReluGraph a;
    a.reader("Negative");
    a.reader("Negative");
    a.reader("Sigmoid");
    CHECK(apply_rules(a.g, negative_readers_rule(2, 3)).fired("R") == 1);

    ReluGraph b;
    b.reader("Negative");
    b.reader("Sigmoid");
    CHECK(apply_rules(b.g, negative_readers_rule(2, 3)).fired("R") == 0);
    ReluGraph c; // no matching reader: an empty list, not a failed match
    c.reader("Sigmoid");
    CHECK(apply_rules(c.g, negative_readers_rule(0, 1)).fired("R") == 1);
}

TEST_CASE("a reader's condition filters, names bound inside are lists, a reader counts once") {
    const RuleSet rules = load_rule_text(R"(
rule R : fusion
match
  r = Relu(x)
  ms = readers(r) each (Multiply(r, ks: const) where scalar(ks) > 1)
  ds = readers(r) each Add(r, r)
where len(ms) == 2 and len(ks) == 2 and scalar(ks[1]) == 3 and len(ds) == 1 and uses(r) == 5
replace r with Abs(x)
)",
                                         "t.rules");
    ReluGraph g;
    g.scaled(2);
    g.scaled(0.5f); // fails the condition: left out
    g.scaled(3);
    Node& twice = g.g.add("Add", {g.r.output(0), g.r.output(0)});
    g.g.add_result(twice.output(0));
    CHECK(apply_rules(g.g, rules).fired("R") == 1);

    ReluGraph h; // the same without the Add: len(ds) == 0
    h.scaled(2);
    h.scaled(3);
    CHECK(apply_rules(h.g, rules).fired("R") == 0);
}

TEST_CASE("readers statements are checked when the rules load") {
    const std::string head = "rule R : fusion\nmatch\n  r = Relu(x)\n";
    CHECK(load_error(head + "  ns = readers(q) each Negative(r)\nreplace r with x\n") ==
          "t.rules:4:16: unknown name 'q'");
    CHECK(load_error("rule R : fusion\nmatch\n  c = Concat(xs...)\n"
                     "  ns = readers(xs) each Negative(_)\nreplace c with xs\n")
              .find("t.rules:4:16: readers(xs) needs an operand or a node") == 0);
    CHECK(load_error(head + "  ns = readers(r) each Negative(r.#)\nreplace r with x\n")
              .find("t.rules:4:33: 'r.#' is only valid in an operand `each` pattern") == 0);
    CHECK(load_error(head + "  ns = readers(r) each Negative(r)\nreplace r with ns\n")
              .find("t.rules:5:16: 'ns' is a list of nodes") == 0);
    CHECK(load_error(head + "  r2 = readers(r) each Bogus(r)\nreplace r with x\n")
              .find("t.rules:4:24: unknown operation 'Bogus'") == 0);
    CHECK(load_error(head + "replace r with Abs(x, _name=1)\n") ==
          "t.rules:4:29: _name takes a node of the pattern (_name=r) or a string "
          "(_name=name(r) + \"/suffix\")");
    CHECK(load_error(head + "replace r with Abs(x, _opset=99)\n") ==
          "t.rules:4:30: no version '99' of Abs");
}

TEST_CASE("an inner new node equal to a live one is that node; the root's replacement is not") {
    const RuleSet inner = load_rule_text(
        "rule R : fusion\nmatch\n  r = Relu(x)\nreplace r with Tanh(Sigmoid(x))\n", "t.rules");
    ReluGraph a;
    a.beside("Sigmoid");
    CHECK(apply_rules(a.g, inner).fired("R") == 1);
    CHECK(count_type(a.g, "Sigmoid") == 1);
    CHECK(count_type(a.g, "Tanh") == 1);

    const RuleSet top = load_rule_text(
        "rule R : fusion\nmatch\n  r = Relu(x)\nreplace r with Sigmoid(x)\n", "t.rules");
    ReluGraph b;
    b.beside("Sigmoid");
    CHECK(apply_rules(b.g, top).fired("R") == 1);
    CHECK(count_type(b.g, "Sigmoid") == 2); // names stay distinct: two outputs, two layers

    // Different attributes: not equal.
    const RuleSet attrs = load_rule_text("rule R : fusion\nmatch\n  r = Relu(x)\n"
                                         "replace r with Tanh(Clamp(x, min=0.0, max=2.0))\n",
                                         "t.rules");
    ReluGraph c;
    Attributes clamp;
    clamp.set("min", AttrValue(0.0));
    clamp.set("max", AttrValue(1.0));
    c.beside("Clamp", clamp);
    CHECK(apply_rules(c.g, attrs).fired("R") == 1);
    CHECK(count_type(c.g, "Clamp") == 2);
}

TEST_CASE("_name= hands a replaced node's names to the node that continues it") {
    const RuleSet rules = load_rule_text(R"(
rule R : fusion
match
  r = Relu(x) where uses(r) == 1
  n = Negative(r)
replace n with Relu(Negative(x), _name=r)
)",
                                         "t.rules");
    ReluGraph g;
    g.r.port(0).names = {"relu_out"};
    Node& neg = g.g.add("Negative", {g.r.output(0)}, {}, "neg");
    neg.port(0).names = {"neg_out"};
    g.g.add_result(neg.output(0));
    CHECK(apply_rules(g.g, rules).fired("R") == 1);
    const Node& top = g.g.results()[0]->producer(0);
    CHECK(top.type() == "Relu");
    CHECK(top.name == "r");
    CHECK(top.port(0).names == std::vector<std::string>{"neg_out", "relu_out"});
    CHECK(top.producer(0).type() == "Negative");
}

TEST_CASE("a statement's condition may read a readers list bound after it") {
    // Conditions that read no readers list are checked first; this one must wait for the list.
    const RuleSet rules = load_rule_text("rule R : fusion\nmatch\n"
                                         "  r = Relu(x) where len(ns) == 1 and uses(r) == 2\n"
                                         "  ns = readers(r) each Negative(r)\n"
                                         "replace r with Abs(x)\n",
                                         "t.rules");
    ReluGraph one;
    one.reader("Negative");
    one.reader("Sigmoid");
    CHECK(apply_rules(one.g, rules).fired("R") == 1);
    ReluGraph two;
    two.reader("Negative");
    two.reader("Negative");
    CHECK(apply_rules(two.g, rules).fired("R") == 0);
}
