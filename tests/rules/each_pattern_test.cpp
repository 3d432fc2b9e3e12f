// Per-element patterns on variadic operands (`cs... each P`), list bindings in expressions, and
// the elementwise list comparisons of the rules DSL.
#include "engine/core/error.hpp"
#include "engine/rules/matcher.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rules.hpp"
#include "tests/rules/load_error.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using namespace mo;
using namespace mo::rules;

namespace {

using testing::load_error;

// A rule header with one `each` pattern; `tail` follows the match block.
std::string each_rule(const std::string& match, const std::string& tail) {
    return "rule A : fusion\nmatch\n" + match + tail;
}

const std::string kSplitConcat =
    "  s = Split(x, axis: const)\n"
    "  cat = Concat(cs... each Convolution(s.#, ws: const) where uses(cs) == 1)\n";

RuleSet grouped_rule() {
    const std::filesystem::path file =
        std::filesystem::path(MO_SOURCE_DIR) / "rules/fusion/grouped_convolution.rules";
    return load_rule_files(std::span<const std::filesystem::path>(&file, 1));
}

Attributes conv_attrs(std::int64_t stride) {
    Attributes a;
    a.set("strides", std::vector<std::int64_t>{stride, stride});
    a.set("pads_begin", std::vector<std::int64_t>{0, 0});
    a.set("pads_end", std::vector<std::int64_t>{0, 0});
    a.set("dilations", std::vector<std::int64_t>{1, 1});
    a.set("auto_pad", std::string("explicit"));
    return a;
}

// Weight value of group g, output channel o, input channel i (1x1 kernels): distinct per entry.
float weight_value(std::size_t g, std::int64_t o, std::int64_t i) {
    return static_cast<float>(100 * g + 10 * o + i);
}

struct GroupedOptions {
    std::size_t groups = 2;
    std::int64_t part_channels = 2;    // input channels per group
    std::int64_t out_channels = 3;     // output channels per group
    std::vector<std::size_t> ports;    // Split output read by convolution i (default: i)
    std::vector<std::int64_t> strides; // per convolution (default: 1)
    int parameter_weight = -1;         // this convolution's weight is a Parameter
    bool element_is_relu_at_1 = false;
    bool split_read_elsewhere = false; // a Result also reads Split output 1
};

// x[1, groups*part, 1, 1] -> Split(axis 1) -> Convolution per part (1x1) -> Concat(axis 1).
Node& build_grouped(Graph& g, const GroupedOptions& o) {
    const auto n = static_cast<std::int64_t>(o.groups);
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, n * o.part_channels, 1, 1}));
    Attributes split_attrs;
    split_attrs.set("num_splits", AttrValue(n));
    Node& axis = g.add_const(Tensor::scalar<std::int64_t>(1));
    Node& split = g.add("Split", {x.output(0), axis.output(0)}, split_attrs);
    std::vector<Output> parts;
    for (std::size_t k = 0; k < o.groups; ++k) {
        const std::size_t port = o.ports.empty() ? k : o.ports[k];
        Output w;
        if (static_cast<int>(k) == o.parameter_weight) {
            w = g.add_parameter("w" + std::to_string(k), ElementType::f32,
                                PartialShape({o.out_channels, o.part_channels, 1, 1}))
                    .output(0);
        } else {
            std::vector<float> values;
            for (std::int64_t oc = 0; oc < o.out_channels; ++oc)
                for (std::int64_t ic = 0; ic < o.part_channels; ++ic)
                    values.push_back(weight_value(k, oc, ic));
            w = g.add_const(
                     Tensor::from_vector<float>({o.out_channels, o.part_channels, 1, 1}, values))
                    .output(0);
        }
        if (o.element_is_relu_at_1 && k == 1) {
            parts.push_back(g.add("Relu", {split.output(port)}).output(0));
            continue;
        }
        const std::int64_t stride = o.strides.empty() ? 1 : o.strides[k];
        parts.push_back(
            g.add("Convolution", {split.output(port), w}, conv_attrs(stride)).output(0));
    }
    Attributes cat_attrs;
    cat_attrs.set("axis", AttrValue(std::int64_t{1}));
    Node& cat = g.add("Concat", parts, cat_attrs);
    g.add_result(cat.output(0));
    if (o.split_read_elsewhere) g.add_result(split.output(1));
    return cat;
}

// The slot of a named binding of a compiled rule (a name bound inside an `each` pattern has a
// per-element slot and a list slot: `list` picks the latter).
int slot_of(const Rule& r, const std::string& name, bool list = false) {
    for (std::size_t i = 0; i < r.slots.size(); ++i)
        if (r.slots[i].name == name && (r.slots[i].kind == SlotInfo::Kind::Variadic) == list)
            return static_cast<int>(i);
    FAIL("no slot " << name);
    return -1;
}

std::vector<std::int64_t> ints_of(const Value& v) {
    std::vector<std::int64_t> out;
    for (const auto& e : v.list()) out.push_back(as_int(e));
    return out;
}

std::vector<bool> bools_of(const Value& v) {
    std::vector<bool> out;
    for (const auto& e : v.list()) out.push_back(truthy(e));
    return out;
}

} // namespace

TEST_CASE("each: syntax and type errors are reported with file:line:col at load time") {
    // A list binding where one operand is needed.
    CHECK(load_error(each_rule(kSplitConcat, "where uses(cs) == 1\nreplace cat with x\n")) ==
          "t.rules:5:12: 'cs' is a list of nodes (one per element), not a single operand or node; "
          "use len(cs), cs[i], cs.attr or pass it on to a new node");
    CHECK(load_error(each_rule(kSplitConcat, "replace cat with ws\n")) ==
          "t.rules:5:18: 'ws' is a list of constants (one per element), not a single operand or "
          "node; use len(ws), ws[i] or pass it on to a new node");
    CHECK(load_error(each_rule("  cat = Concat(cs... each Relu(x))\n",
                               "let\n  k = concat(x, 0)\nreplace cat with cat\n")) ==
          "t.rules:5:14: 'x' is a list of operands (one per element), not a value; use len(x), "
          "x[i] or pass it on to a new node");
    CHECK(load_error(each_rule(kSplitConcat, "where rank(ws) == 4\nreplace cat with x\n")) ==
          "t.rules:5:12: 'ws' is a list of constants (one per element), not a single operand or "
          "node; use len(ws), ws[i] or pass it on to a new node");
    // `name.#` only inside an each pattern.
    CHECK(load_error(each_rule("  s = Split(x, axis: const)\n  a = Add(s.#, s.1)\n",
                               "replace a with x\n")) ==
          "t.rules:4:11: 's.#' (the output at the element's position) is only valid inside an "
          "`each` pattern");
    // No each inside each; each last.
    CHECK(load_error(each_rule("  c = Concat(cs... each Concat(ds... each Relu(x)))\n",
                               "replace c with x\n")) ==
          "t.rules:3:32: an `each` pattern cannot be nested in another one");
    CHECK(load_error(each_rule("  c = Concat(cs... each Relu(x), y)\n", "replace c with y\n")) ==
          "t.rules:3:14: a variadic operand ('cs...') must be the last one");
    CHECK(load_error(each_rule("  c = Concat(cs... each)\n", "replace c with c\n"))
              .rfind("t.rules:3:24: syntax error", 0) == 0);
    // Attributes: checked against the element's op; copying needs one element, by literal index.
    CHECK(
        load_error(each_rule(kSplitConcat, "where all_equal(cs.stridez)\nreplace cat with x\n")) ==
        "t.rules:5:17: unknown attribute 'stridez' of Convolution");
    CHECK(load_error(each_rule(kSplitConcat, "replace cat with GroupConvolution(x, "
                                             "concat(ws, 0), cs.attrs)\n")) ==
          "t.rules:5:53: 'cs' is a list of nodes; copy one element's attributes with cs[0].attrs");
    CHECK(load_error(each_rule(kSplitConcat, "replace cat with GroupConvolution(x, "
                                             "concat(ws, 0), cs[len(cs) - 1].attrs)\n")) ==
          "t.rules:5:53: the element whose attributes are copied must be a literal index "
          "(cs[0].attrs)");
    CHECK(load_error(each_rule(kSplitConcat, "where ws.strides == [1, 1]\nreplace cat with x\n")) ==
          "t.rules:5:7: 'ws' is a list of operands, they have no attributes");
    // A name bound per element is a list outside the pattern, not an operand.
    CHECK(load_error(each_rule("  cat = Concat(cs... each Relu(w))\n  a = Add(cat, w)\n",
                               "replace a with cat\n")) ==
          "t.rules:4:16: 'w' is bound per element inside an `each` pattern; outside it is a list");
    // same_shape: two operands, or one list binding.
    CHECK(load_error(each_rule(kSplitConcat, "where same_shape(x)\nreplace cat with x\n")) ==
          "t.rules:5:18: same_shape() with one argument takes a list binding (same_shape(ws)); "
          "compare two operands with same_shape(a, b)");
    // Inside the element's `where`, the names are single nodes and operands again.
    CHECK(load_error(each_rule("  cat = Concat(cs... each Convolution(y, w: const) where "
                               "uses(cs) == 1 and rank(w) == 4 and cs.strides == [1, 1])\n",
                               "replace cat with Concat(cs, cat.attrs)\n")) == "no error");
    CHECK(load_error(each_rule("  cat = Concat(cs... each Convolution(y, w: const) where "
                               "len(cs) == 1)\n",
                               "replace cat with y\n")) ==
          "t.rules:3:62: 'cs' is a node, not a value (read an attribute: cs.attr)");
    CHECK(load_error(each_rule("  cat = Concat(cs... each Convolution(y, w: const) where "
                               "cs.stridez == 1)\n",
                               "replace cat with y\n")) ==
          "t.rules:3:58: unknown attribute 'stridez' of Convolution");
}

TEST_CASE("each: the grouped convolution rule fires for 2, 3 and 16 groups (weights by hand)") {
    const RuleSet rules = grouped_rule();
    for (std::size_t groups : {2u, 3u, 16u}) {
        CAPTURE(groups);
        Graph g;
        GroupedOptions o;
        o.groups = groups;
        build_grouped(g, o);
        const RewriteReport r = apply_rules(g, rules);
        CHECK(r.fired("GroupedConvolutionFromSplit") == 1);
        const Node& gc = *g.results()[0]->input(0).node;
        REQUIRE(gc.type() == "GroupConvolution");
        CHECK(gc.input(0).node->type() == "Parameter");
        CHECK(g.node_count() == 4); // x, weights, GroupConvolution, Result
        const Node& w = *gc.input(1).node;
        REQUIRE(w.is_const());
        const auto n = static_cast<std::int64_t>(groups);
        CHECK(w.value.shape() == Shape{n, 3, 2, 1, 1});
        // Group k's slice is convolution k's weight: [k, o, i] == 100k + 10o + i.
        bool all_match = true;
        for (std::size_t k = 0; k < groups; ++k)
            for (std::int64_t oc = 0; oc < 3; ++oc)
                for (std::int64_t ic = 0; ic < 2; ++ic) {
                    const std::int64_t flat = (static_cast<std::int64_t>(k) * 3 + oc) * 2 + ic;
                    all_match = all_match && w.value.value_as_double(flat) ==
                                                 static_cast<double>(weight_value(k, oc, ic));
                }
        CHECK(all_match);
        CHECK(gc.attrs.find("strides") != nullptr);
        CHECK(std::get<std::vector<std::int64_t>>(*gc.attrs.find("strides")) ==
              std::vector<std::int64_t>{1, 1});
    }
}

TEST_CASE("each: one mismatched element keeps the whole Concat") {
    const RuleSet rules = grouped_rule();
    auto fired = [&](const GroupedOptions& o) {
        Graph g;
        build_grouped(g, o);
        return apply_rules(g, rules).fired("GroupedConvolutionFromSplit");
    };
    GroupedOptions base;
    base.groups = 4;
    CHECK(fired(base) == 1);
    GroupedOptions swapped = base; // parts 1 and 2 exchanged
    swapped.ports = {0, 2, 1, 3};
    CHECK(fired(swapped) == 0);
    GroupedOptions relu = base; // element 1 is not a Convolution
    relu.element_is_relu_at_1 = true;
    CHECK(fired(relu) == 0);
    GroupedOptions strides = base; // 1x1 input: every stride gives the same shape
    strides.strides = {1, 1, 1, 2};
    CHECK(fired(strides) == 0);
    GroupedOptions weight = base;
    weight.parameter_weight = 3;
    CHECK(fired(weight) == 0);
    GroupedOptions shared = base; // a Split output with another consumer
    shared.split_read_elsewhere = true;
    CHECK(fired(shared) == 0);

    // Two Splits: the second half reads another Split of the same input.
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 4, 1, 1}));
    Attributes split_attrs;
    split_attrs.set("num_splits", AttrValue(std::int64_t{2}));
    Node& axis = g.add_const(Tensor::scalar<std::int64_t>(1));
    Node& s1 = g.add("Split", {x.output(0), axis.output(0)}, split_attrs);
    Node& s2 = g.add("Split", {x.output(0), axis.output(0)}, split_attrs);
    auto w = [&] { return g.add_const(Tensor(ElementType::f32, Shape{1, 2, 1, 1})).output(0); };
    Node& c0 = g.add("Convolution", {s1.output(0), w()}, conv_attrs(1));
    Node& c1 = g.add("Convolution", {s2.output(1), w()}, conv_attrs(1));
    Attributes cat_attrs;
    cat_attrs.set("axis", AttrValue(std::int64_t{1}));
    Node& cat = g.add("Concat", {c0.output(0), c1.output(0)}, cat_attrs);
    g.add_result(cat.output(0));
    CHECK(apply_rules(g, rules).fired("GroupedConvolutionFromSplit") == 0);
}

TEST_CASE("each: list bindings evaluate to one entry per element") {
    const RuleSet rules = load_rule_text(each_rule(kSplitConcat, R"(let
  n = len(cs)
  strides = cs.strides
  second = cs[1].strides
  last = cs[-1].strides
  same = same_shape(ws)
  stacked = concat(ws, 0)
  first_shape = shape(ws[0])
  values = ws
replace cat with GroupConvolution(x, reshape(concat(ws, 0), join([len(cs)], shape(ws[0]))), cs[-1].attrs)
)"),
                                         "probe.rules");
    const Rule& rule = *rules.rules.front();
    Graph g;
    GroupedOptions o;
    o.groups = 3;
    o.strides = {1, 2, 3}; // 1x1 input: shapes agree whatever the strides
    Node& cat = build_grouped(g, o);
    std::vector<Binding> b;
    std::string why;
    REQUIRE(match_rule(rule, cat, b, nullptr, &why));
    auto let = [&](const std::string& name) -> const Value& {
        return b[static_cast<std::size_t>(slot_of(rule, name))].value;
    };
    CHECK(as_int(let("n")) == 3);
    REQUIRE(let("strides").is_list());
    REQUIRE(let("strides").list().size() == 3);
    CHECK(ints_of(let("strides").list()[0]) == std::vector<std::int64_t>{1, 1});
    CHECK(ints_of(let("strides").list()[2]) == std::vector<std::int64_t>{3, 3});
    CHECK(ints_of(let("second")) == std::vector<std::int64_t>{2, 2});
    CHECK(ints_of(let("last")) == std::vector<std::int64_t>{3, 3});
    CHECK(truthy(let("same")));
    CHECK(let("stacked").tensor().shape() == Shape{9, 2, 1, 1});
    CHECK(let("stacked").tensor().value_as_double(6 * 2 + 1) == weight_value(2, 0, 1));
    CHECK(ints_of(let("first_shape")) == std::vector<std::int64_t>{3, 2, 1, 1});
    REQUIRE(let("values").list().size() == 3);
    CHECK(let("values").list()[1].tensor().value_as_double(0) == weight_value(1, 0, 0));
    // The per-element lists hold the Concat's operands and the weights, in order.
    const auto& cs = b[static_cast<std::size_t>(slot_of(rule, "cs", true))].list;
    REQUIRE(cs.size() == 3);
    CHECK(cs[2] == cat.input(2));
    const auto& ws = b[static_cast<std::size_t>(slot_of(rule, "ws", true))].list;
    REQUIRE(ws.size() == 3);
    CHECK(ws[1] == cat.input(1).node->input(1));

    // cs[-1].attrs copies the last convolution's attributes (stride 3).
    const RewriteReport r = apply_rules(g, rules);
    CHECK(r.fired("A") == 1);
    const Node& gc = *g.results()[0]->input(0).node;
    REQUIRE(gc.type() == "GroupConvolution");
    CHECK(std::get<std::vector<std::int64_t>>(*gc.attrs.find("strides")) ==
          std::vector<std::int64_t>{3, 3});
}

TEST_CASE("each: the element's where is checked for every element; outer names are shared") {
    // `x` is bound before the `each` pattern (by the Relu operand): every element must read the
    // same x. `ks` is bound only inside: one entry per element.
    const RuleSet rules = load_rule_text(
        each_rule(
            "  cat = Concat(Relu(x), cs... each Multiply(x, ks: const) where scalar(ks) > 0)\n",
            "where len(cs) >= 2\nreplace cat with Concat(cs, cat.attrs)\n"),
        "mul.rules");
    const Rule& rule = *rules.rules.front();
    auto run = [&](std::vector<float> scales, bool swap_last, bool other_x_last) {
        Graph g;
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
        Node& y = g.add_parameter("y", ElementType::f32, PartialShape({2}));
        std::vector<Output> parts{g.add("Relu", {x.output(0)}).output(0)};
        for (std::size_t i = 0; i < scales.size(); ++i) {
            const Output k = g.add_const(Tensor::scalar<float>(scales[i])).output(0);
            const Output in = other_x_last && i + 1 == scales.size() ? y.output(0) : x.output(0);
            const bool swap = swap_last && i + 1 == scales.size();
            parts.push_back(g.add("Multiply", {swap ? k : in, swap ? in : k}).output(0));
        }
        Attributes a;
        a.set("axis", AttrValue(std::int64_t{0}));
        Node& cat = g.add("Concat", parts, a);
        g.add_result(cat.output(0));
        std::vector<Binding> b;
        return match_rule(rule, cat, b, nullptr);
    };
    CHECK(run({1, 2, 3}, false, false));
    CHECK(run({1, 2, 3}, true, false));         // commutative operands inside an element
    CHECK_FALSE(run({1, -2, 3}, false, false)); // one element's where is false
    CHECK_FALSE(run({1, 2, 3}, false, true));   // the last element reads y, not x
    CHECK_FALSE(run({1}, false, false));        // the rule's where: len(cs) >= 2
}

TEST_CASE("each: copying the attributes of an element that does not exist does not apply") {
    const RuleSet rules = load_rule_text(each_rule("  cat = Concat(a, cs... each Relu(y))\n",
                                                   "replace cat with Concat(a, cs, cs[0].attrs)\n"),
                                         "alias.rules");
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Attributes a;
    a.set("axis", AttrValue(std::int64_t{0}));
    Node& cat = g.add("Concat", {x.output(0)}, a); // no operand after `a`: cs is empty
    g.add_result(cat.output(0));
    std::vector<Binding> b;
    std::string why;
    CHECK_FALSE(match_rule(*rules.rules.front(), cat, b, nullptr, &why));
    CHECK(why == "no element 0 in a list of 0");
}

TEST_CASE("each: the JSON form uses the same syntax and reports positions inside the string") {
    const RuleSet dsl = grouped_rule();
    const std::string json = rules_to_json(dsl);
    CHECK(json.find("cs... each Convolution(s.#, ws: const)") != std::string::npos);
    const RuleSet again = load_rule_text(json, "grouped.rules.json");
    std::ostringstream out;
    CHECK(run_rule_tests(again, out) == 0);
    CHECK(out.str().find("PASS GroupedConvolutionFromSplit / eight groups") != std::string::npos);

    const char* bad = "{\"rules\": [{\"name\": \"A\", \"phase\": \"fusion\",\n"
                      "  \"match\": [\"cat = Concat(cs... each Relu(x))\"],\n"
                      "  \"where\": \"uses(cs) == 1\",\n"
                      "  \"replace\": \"cat\", \"with\": \"cat\"}]}\n";
    CHECK(load_error(bad, "a.rules.json") ==
          "a.rules.json:3:18: 'cs' is a list of nodes (one per element), not a single operand or "
          "node; use len(cs), cs[i], cs.attr or pass it on to a new node");
}

TEST_CASE("comparisons: < <= > >= are elementwise on lists, == and != compare whole lists") {
    const RuleSet rules = load_rule_text(R"(
rule Cmp : fusion
match
  r = Relu(x)
let
  lt = [1, 5, 3] < [2, 5, 4]
  le = [1, 5, 3] <= [2, 5, 2]
  gt_number = [1, 5, 3] > 2
  ge_number = 3 >= [1, 5, 3]
  nested = [[1, 2], [3, 4]] < [[2, 2], [3, 5]]
  all_lt = all([1, 2] < [2, 3])
  any_lt = any([3, 2] < [2, 3])
  none_lt = any([3, 4] < [2, 3])
  eq = [1, 2] == [1, 2]
  ne = [1, 2] != [1, 3]
  eq_len = [1, 2] == [1, 2, 3]
  same = all_equal([[1, 1], [1, 1], [1, 1]])
  differ = all_equal([[1, 1], [1, 2]])
  scalar_lt = 2 < 3
replace r with x
)",
                                         "cmp.rules");
    const Rule& rule = *rules.rules.front();
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape({2}));
    Node& r = g.add("Relu", {x.output(0)});
    g.add_result(r.output(0));
    std::vector<Binding> b;
    std::string why;
    REQUIRE(match_rule(rule, r, b, nullptr, &why));
    auto let = [&](const std::string& name) -> const Value& {
        return b[static_cast<std::size_t>(slot_of(rule, name))].value;
    };
    CHECK(bools_of(let("lt")) == std::vector<bool>{true, false, true});
    CHECK(bools_of(let("le")) == std::vector<bool>{true, true, false});
    CHECK(bools_of(let("gt_number")) == std::vector<bool>{false, true, true});
    CHECK(bools_of(let("ge_number")) == std::vector<bool>{true, false, true});
    REQUIRE(let("nested").list().size() == 2);
    CHECK(bools_of(let("nested").list()[0]) == std::vector<bool>{true, false});
    CHECK(bools_of(let("nested").list()[1]) == std::vector<bool>{false, true});
    CHECK(truthy(let("all_lt")));
    CHECK(truthy(let("any_lt")));
    CHECK_FALSE(truthy(let("none_lt")));
    CHECK(truthy(let("eq")));
    CHECK(truthy(let("ne")));
    CHECK_FALSE(truthy(let("eq_len")));
    CHECK(truthy(let("same")));
    CHECK_FALSE(truthy(let("differ")));
    CHECK(truthy(let("scalar_lt")));

    // Lists of different lengths do not compare: the rule does not apply, and says why.
    const RuleSet bad = load_rule_text("rule B : fusion\nmatch\n  r = Relu(x)\n"
                                       "where all([1, 2] < [1, 2, 3])\nreplace r with x\n",
                                       "bad.rules");
    why.clear();
    CHECK_FALSE(match_rule(*bad.rules.front(), r, b, nullptr, &why));
    CHECK(why == "'<' on lists of different lengths (2 and 3)");
    // A list of booleans is not a condition by itself (all() or any() says which).
    const RuleSet bare = load_rule_text("rule C : fusion\nmatch\n  r = Relu(x)\n"
                                        "where [1, 2] < [2, 3]\nreplace r with x\n",
                                        "bare.rules");
    why.clear();
    CHECK_FALSE(match_rule(*bare.rules.front(), r, b, nullptr, &why));
    CHECK(why.find("expected a condition") == 0);
}

TEST_CASE("each: names of nested nodes inside the element become lists of nodes") {
    // Convolution + per-channel bias per part: the bias Adds are the Concat's operands.
    const RuleSet rules = load_rule_text(R"(
rule GroupedConvolutionWithBias : fusion
match
  s = Split(x, axis: const)
  cat = Concat(adds... each Add(c: Convolution(s.#, ws: const), bs: const) where uses(c) == 1)
where outputs(s) == len(adds) and all_equal(c.strides) and same_shape(ws) and same_shape(bs)
  and len(c) == len(bs)
replace cat with Add(GroupConvolution(x, reshape(concat(ws, 0), join([len(c)], shape(ws[0]))),
                                      c[0].attrs), concat(bs, 1))
)",
                                         "bias.rules");
    Graph g;
    GroupedOptions o;
    o.groups = 3;
    Node& cat = build_grouped(g, o);
    // Put a bias Add [1, 3, 1, 1] with values 10k + channel after each convolution.
    std::vector<Output> adds;
    for (std::size_t k = 0; k < 3; ++k) {
        const Output conv = cat.input(k);
        std::vector<float> bias;
        for (int ch = 0; ch < 3; ++ch) bias.push_back(static_cast<float>(10 * k + ch));
        const Output b = g.add_const(Tensor::from_vector<float>({1, 3, 1, 1}, bias)).output(0);
        adds.push_back(g.add("Add", {conv, b}).output(0));
    }
    Attributes cat_attrs;
    cat_attrs.set("axis", AttrValue(std::int64_t{1}));
    Node& biased = g.add("Concat", adds, cat_attrs);
    g.set_input(*g.results()[0], 0, biased.output(0));
    g.sweep(); // the Concat without biases

    const Rule& rule = *rules.rules.front();
    std::vector<Binding> b;
    REQUIRE(match_rule(rule, biased, b, nullptr));
    const auto& convs = b[static_cast<std::size_t>(slot_of(rule, "c", true))].list;
    REQUIRE(convs.size() == 3);
    for (std::size_t k = 0; k < 3; ++k) CHECK(convs[k].node == adds[k].node->input(0).node);

    CHECK(apply_rules(g, rules).fired("GroupedConvolutionWithBias") == 1);
    const Node& add = *g.results()[0]->input(0).node;
    REQUIRE(add.type() == "Add");
    CHECK(add.input(0).node->type() == "GroupConvolution");
    const Node& bias = *add.input(1).node;
    REQUIRE(bias.is_const());
    CHECK(bias.value.shape() == Shape{1, 9, 1, 1});
    bool ordered = true; // channel 3k + ch holds 10k + ch
    for (std::int64_t k = 0; k < 3; ++k)
        for (std::int64_t ch = 0; ch < 3; ++ch)
            ordered = ordered &&
                      bias.value.value_as_double(3 * k + ch) == static_cast<double>(10 * k + ch);
    CHECK(ordered);
}

TEST_CASE("each: a protected name on any element keeps the grouped convolution") {
    const RuleSet rules = grouped_rule();
    for (std::size_t protect = 0; protect < 3; ++protect) {
        Graph g;
        GroupedOptions o;
        o.groups = 3;
        Node& cat = build_grouped(g, o);
        // Name the convolutions; protect one of them (the middle one is not the root's operand 0
        // nor the element whose attributes are copied).
        for (std::size_t k = 0; k < 3; ++k) cat.producer(k).name = "conv" + std::to_string(k);
        RewriteOptions opt;
        opt.fold_constants = false;
        opt.protected_names = std::regex("conv" + std::to_string(protect));
        CAPTURE(protect);
        CHECK(apply_rules(g, rules, opt).fired("GroupedConvolutionFromSplit") == 0);
        CHECK(g.results()[0]->input(0).node->type() == "Concat");
    }
    Graph g;
    GroupedOptions o;
    o.groups = 3;
    build_grouped(g, o);
    RewriteOptions opt;
    opt.fold_constants = false;
    opt.protected_names = std::regex("nothing_has_this_name");
    CHECK(apply_rules(g, rules, opt).fired("GroupedConvolutionFromSplit") == 1);
}
