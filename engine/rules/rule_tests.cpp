// `mo rules test`, `mo rules verify` and `mo rules list`.
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/rules/rule.hpp"
#include "engine/rules/rules.hpp"
#include "engine/rules/test_graph.hpp"

#include <cmath>
#include <functional>
#include <ostream>
#include <random>

namespace mo::rules {
namespace {

std::uint64_t seed_of(const Rule& r, const RuleTestDecl& t) {
    return std::hash<std::string>{}(r.name + "/" + t.name) & 0xffffffffu;
}

RuleSet only(const std::shared_ptr<const Rule>& r) {
    RuleSet s;
    s.rules.push_back(r);
    return s;
}

RewriteOptions test_options() {
    RewriteOptions o;
    o.fold_constants = false;
    o.phases = all_phases(); // a rule's tests run it whatever its phase
    return o;
}

// nullopt on success, else why the test failed.
std::optional<std::string> run_test(const std::shared_ptr<const Rule>& rule,
                                    const RuleTestDecl& t) {
    TestGraph input = build_test_graph(t.input, seed_of(*rule, t));
    const RewriteReport report = apply_rules(*input.graph, only(rule), test_options());
    if (!report.warnings.empty()) return report.warnings.front();
    const std::size_t fired = report.fired(rule->name);
    if (t.expect_unchanged) {
        if (fired)
            return "expected no rewrite, the rule fired " + std::to_string(fired) + " time(s)";
        return std::nullopt;
    }
    if (!fired) return "the rule did not fire";
    if (!t.has_expect) return std::nullopt;
    // As the driver would leave it: operations the replacement built on constants only (a Gather
    // of weights, say) become constants (in the phases that fold).
    if (folds_constants(rule->phase)) fold_constants(*input.graph);
    TestGraph expected = build_test_graph(t.expect, seed_of(*rule, t));
    return compare_graphs(expected, *input.graph);
}

Tensor random_input(const Node& p, std::pair<double, double> range, std::mt19937_64& rng) {
    const auto shape = p.output_shape(0).static_shape();
    if (!shape) throw Error("input '" + p.name + "' needs a static shape to be verified");
    const ElementType type = p.output_type(0);
    Tensor t(type == ElementType::f16 || type == ElementType::bf16 ? ElementType::f32 : type,
             *shape);
    std::uniform_real_distribution<double> dist(range.first, range.second);
    for (std::int64_t i = 0; i < t.size(); ++i) {
        double v = dist(rng);
        if (!is_floating(type)) v = std::round(v);
        set_value_from_double(t, i, v);
    }
    return t.type() == type ? t : t.cast(type);
}

std::optional<std::string> compare_values(const Tensor& a, const Tensor& b,
                                          const std::string& name) {
    if (a.type() != b.type() || a.shape() != b.shape())
        return "output '" + name + "' changed from " + std::string(to_string(a.type())) +
               to_string(a.shape()) + " to " + std::string(to_string(b.type())) +
               to_string(b.shape());
    for (std::int64_t i = 0; i < a.size(); ++i) {
        const double x = a.value_as_double(i), y = b.value_as_double(i);
        if ((std::isnan(x) && std::isnan(y)) || x == y) continue; // x == y: equal infinities
        if (!(std::abs(x - y) <= 1e-4 + 1e-3 * std::abs(x)))
            return "output '" + name + "' differs at [" + std::to_string(i) +
                   "]: " + std::to_string(x) + " before, " + std::to_string(y) + " after";
    }
    return std::nullopt;
}

std::optional<std::string> verify_test(const std::shared_ptr<const Rule>& rule,
                                       const RuleTestDecl& t, std::string& note) {
    const auto seed = seed_of(*rule, t);
    TestGraph before = build_test_graph(t.input, seed);
    TestGraph after = build_test_graph(t.input, seed);
    const RewriteReport report = apply_rules(*after.graph, only(rule), test_options());
    if (!report.warnings.empty()) return report.warnings.front();
    const std::size_t fired = report.fired(rule->name);
    note = fired ? " (fired " + std::to_string(fired) + ")" : " (did not fire)";
    std::mt19937_64 rng(seed ^ 0x5eed);
    std::map<std::string, Tensor> inputs;
    for (const Node* p : before.graph->parameters()) {
        auto range = before.input_ranges.count(p->name) ? before.input_ranges.at(p->name)
                                                        : std::pair{-1.0, 1.0};
        inputs[p->name] = random_input(*p, range, rng);
    }
    // Framework operations (onnx.Dropout, ...) have no reference kernel: an input graph holding
    // one cannot be evaluated, so only the rewritten graph is checked to evaluate.
    for (const Node* n : before.graph->nodes()) {
        if (n->def()) continue;
        bool after_evaluable = true;
        for (const Node* m : after.graph->nodes()) after_evaluable = after_evaluable && m->def();
        if (after_evaluable) evaluate(*after.graph, inputs);
        note += "; not compared: " + n->type() + " has no reference kernel";
        return std::nullopt;
    }
    const auto a = evaluate(*before.graph, inputs);
    const auto b = evaluate(*after.graph, inputs);
    if (a.size() != b.size()) return "the number of outputs changed";
    for (std::size_t i = 0; i < a.size(); ++i)
        if (auto d = compare_values(a[i].value, b[i].value, a[i].name)) return d;
    return std::nullopt;
}

template <class Fn> int run_all(const RuleSet& rules, std::ostream& out, Fn&& fn) {
    int passed = 0, failed = 0;
    for (const auto& rule : rules.rules) {
        if (rule->decl.tests.empty()) {
            out << "FAIL " << rule->name << ": the rule has no tests (" << rule->loc.str() << ")\n";
            ++failed;
            continue;
        }
        for (const auto& t : rule->decl.tests) {
            std::optional<std::string> error;
            std::string note;
            try {
                error = fn(rule, t, note);
            } catch (const std::exception& e) {
                error = e.what();
            }
            if (error) {
                out << "FAIL " << rule->name << " / " << t.name << ": " << *error << " ("
                    << t.loc.str() << ")\n";
                ++failed;
            } else {
                out << "PASS " << rule->name << " / " << t.name << note << "\n";
                ++passed;
            }
        }
    }
    out << passed << " passed, " << failed << " failed\n";
    return failed;
}

} // namespace

int run_rule_tests(const RuleSet& rules, std::ostream& out) {
    return run_all(rules, out, [](const auto& rule, const RuleTestDecl& t, std::string&) {
        return run_test(rule, t);
    });
}

int verify_rules(const RuleSet& rules, std::ostream& out) {
    return run_all(rules, out, [](const auto& rule, const RuleTestDecl& t, std::string& note) {
        return verify_test(rule, t, note);
    });
}

void list_rules(const RuleSet& rules, std::ostream& out) {
    for (const auto& r : rules.rules) {
        out << r->name << "  " << to_string(r->phase) << "  [";
        for (std::size_t i = 0; i < r->tags.size(); ++i) out << (i ? ", " : "") << r->tags[i];
        out << "]  ";
        if (r->benefit != 0) out << "benefit " << r->benefit << "  ";
        out << r->loc.str();
        if (!r->doc.empty()) out << "  " << r->doc;
        out << "\n";
    }
}

} // namespace mo::rules
