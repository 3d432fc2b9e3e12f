#include "engine/rules/matcher.hpp"

#include "engine/core/error.hpp"
#include "engine/rules/expr_eval.hpp"

#include <algorithm>

namespace mo::rules {
namespace {

struct Goal {
    const MatchArg* arg;
    Output out;
};

// The bottom of the goal stack of one element of an `each` pattern: reaching it means the
// element matched (the outer search continues from the `each` goal).
const MatchArg kElementDone = [] {
    MatchArg a;
    a.kind = MatchArg::Kind::Each;
    return a;
}();

class Matcher {
public:
    Matcher(const Rule& r, std::vector<Binding>& b, const DeadSet* dead, std::string* why)
        : rule_(r), b_(b), dead_(dead), why_(why) {}

    bool match_root(Node& root) {
        b_.resize(rule_.slots.size());
        for (Binding& b : b_) b.bound = false; // stale fields are overwritten before use
        // One goal stack per thread, reused: most attempts fail at once, and allocating a stack
        // for each was a noticeable share of matching a large graph.
        thread_local std::vector<Goal> goals;
        goals.clear();
        return match_node(rule_.nodes[static_cast<std::size_t>(rule_.root)], root, goals);
    }

private:
    // `goals` is a stack shared by the whole search: every call leaves it as it found it.
    bool solve(std::vector<Goal>& goals) {
        if (goals.empty()) return finish();
        const Goal g = goals.back();
        goals.pop_back();
        const bool ok = solve_goal(g, goals);
        goals.push_back(g);
        return ok;
    }

    bool solve_goal(const Goal& g, std::vector<Goal>& goals) {
        const MatchArg& a = *g.arg;
        switch (a.kind) {
        case MatchArg::Kind::Wildcard:
            return solve(goals);
        case MatchArg::Kind::Operand: {
            Binding& b = b_[static_cast<std::size_t>(a.slot)];
            if (b.bound)
                return b.out == g.out && (!a.must_be_const || g.out.node->is_const()) &&
                       solve(goals);
            if (a.must_be_const && !g.out.node->is_const()) return false;
            b.bound = true;
            b.out = g.out;
            if (solve(goals)) return true;
            b.bound = false;
            return false;
        }
        case MatchArg::Kind::Node: {
            const std::size_t port = a.port == kElementPort ? element_index_
                                     : a.port < 0           ? 0
                                                            : static_cast<std::size_t>(a.port);
            if (g.out.index != port) return false;
            return match_node(rule_.nodes[static_cast<std::size_t>(a.node)], *g.out.node, goals);
        }
        case MatchArg::Kind::Variadic:
            return solve(goals); // bound by its node
        case MatchArg::Kind::Each:
            if (a.each < 0) return true; // kElementDone
            return match_elements(rule_.each[static_cast<std::size_t>(a.each)], goals);
        }
        return false;
    }

    // Every element of an `each` pattern in order, then the remaining goals. Each element keeps
    // the first way it matches (an element is never revisited), so the cost is linear in the
    // operand count; on failure every binding made here is undone.
    bool match_elements(const EachSpec& spec, std::vector<Goal>& goals) {
        const std::vector<Output>& elements = b_[static_cast<std::size_t>(spec.list)].list;
        std::vector<char> was_bound(b_.size());
        for (std::size_t k = 0; k < b_.size(); ++k) was_bound[k] = b_[k].bound;
        start_collected_lists(spec);
        bool ok = true;
        std::vector<Goal> element_goals;
        for (std::size_t i = 0; ok && i < elements.size(); ++i) {
            element_index_ = i;
            ok = match_element(spec, elements[i], element_goals);
            if (ok) collect_element(spec);
        }
        if (ok && solve(goals)) return true;
        for (std::size_t k = 0; k < b_.size(); ++k) b_[k].bound = was_bound[k] != 0;
        return false;
    }

    // The lists of the names bound inside P (`ws` of `cs... each Convolution(_, ws)`), empty.
    void start_collected_lists(const EachSpec& spec) {
        for (const auto& [local, list] : spec.collect) {
            b_[static_cast<std::size_t>(list)].bound = true;
            b_[static_cast<std::size_t>(list)].list.clear();
        }
    }

    // Matches one element against P with P's names unbound first; they stay bound on success.
    // `goals` is the element's own stack (its bottom ends the element's search).
    bool match_element(const EachSpec& spec, Output element, std::vector<Goal>& goals) {
        for (int local : spec.locals) b_[static_cast<std::size_t>(local)].bound = false;
        goals.assign({{&kElementDone, {}}, {&spec.element, element}});
        return solve(goals);
    }

    // Appends what P bound for the element just matched to the lists of its names.
    void collect_element(const EachSpec& spec) {
        for (const auto& [local, list] : spec.collect)
            b_[static_cast<std::size_t>(list)].list.push_back(bound_output(local));
    }

    Output bound_output(int slot) const {
        const Binding& b = b_[static_cast<std::size_t>(slot)];
        return rule_.slots[static_cast<std::size_t>(slot)].kind == SlotInfo::Kind::Node
                   ? b.node->output(0)
                   : b.out;
    }

    bool match_node(const MatchNode& m, Node& n, std::vector<Goal>& goals) {
        Binding& b = b_[static_cast<std::size_t>(m.slot)];
        if (b.bound) return b.node == &n && solve(goals);
        if (dead_ && dead_->count(&n)) return false;
        if (match_program(m, n, b, goals)) return true;
        for (int alternative : m.alternatives)
            if (match_program(rule_.nodes[static_cast<std::size_t>(alternative)], n, b, goals))
                return true;
        return false;
    }

    static bool type_matches(const MatchNode& m, const Node& n) {
        if (m.versions.empty())
            return std::find(m.type_ids.begin(), m.type_ids.end(), n.type_id()) != m.type_ids.end();
        for (std::size_t i = 0; i < m.type_ids.size(); ++i)
            if (m.type_ids[i] == n.type_id() && (m.versions[i] < 0 || m.versions[i] == n.opset()))
                return true;
        return false;
    }

    // One node program of `m` (itself or an alternative) at `n`, whose slot `b` is unbound.
    bool match_program(const MatchNode& m, Node& n, Binding& b, std::vector<Goal>& goals) {
        if (!type_matches(m, n)) return false;
        const bool each = !m.args.empty() && m.args.back().kind == MatchArg::Kind::Each;
        const bool variadic =
            each || (!m.args.empty() && m.args.back().kind == MatchArg::Kind::Variadic);
        const std::size_t fixed = m.args.size() - (variadic ? 1 : 0);
        if (variadic ? n.input_count() < fixed : n.input_count() != fixed) return false;
        b.bound = true;
        b.node = &n;
        Binding* list = nullptr;
        if (variadic) {
            list = &b_[static_cast<std::size_t>(m.args.back().slot)];
            list->bound = true;
            list->list.assign(n.inputs().begin() + static_cast<std::ptrdiff_t>(fixed),
                              n.inputs().end());
        }
        const std::size_t base = goals.size();
        if (each) goals.push_back({&m.args.back(), {}}); // after the fixed operands
        for (std::size_t i = fixed; i-- > 0;) goals.push_back({&m.args[i], n.input(i)});
        bool ok = solve(goals);
        goals.resize(base);
        if (!ok && m.commutative) {
            goals.push_back({&m.args[0], n.input(1)});
            goals.push_back({&m.args[1], n.input(0)});
            ok = solve(goals);
            goals.resize(base);
        }
        if (!ok) {
            b.bound = false;
            if (list) list->bound = false;
        }
        return ok;
    }

    // `cs[0].attrs`: element k of a complete list of nodes.
    bool bind_aliases() {
        for (const ElementAlias& a : rule_.aliases) {
            const auto& list = b_[static_cast<std::size_t>(a.list)].list;
            const auto n = static_cast<std::int64_t>(list.size());
            const std::int64_t k = a.index < 0 ? a.index + n : a.index;
            if (k < 0 || k >= n) {
                if (why_)
                    *why_ = "no element " + std::to_string(a.index) + " in a list of " +
                            std::to_string(n);
                return false;
            }
            Binding& b = b_[static_cast<std::size_t>(a.slot)];
            b.bound = true;
            b.node = list[static_cast<std::size_t>(k)].node;
        }
        return true;
    }

    // The `where` of each `each` pattern, with its names bound to one element at a time.
    bool element_conditions_hold(EvalContext& ctx) {
        for (const EachSpec& spec : rule_.each) {
            if (spec.conditions.empty() || spec.source >= 0) continue; // readers: already applied
            const auto& elements = b_[static_cast<std::size_t>(spec.list)].list;
            for (std::size_t i = 0; i < elements.size(); ++i) {
                Binding& element = b_[static_cast<std::size_t>(spec.element.slot)];
                element.bound = true;
                element.node = elements[i].node;
                for (const auto& [local, list] : spec.collect) {
                    Binding& b = b_[static_cast<std::size_t>(local)];
                    const Output o = b_[static_cast<std::size_t>(list)].list[i];
                    b.bound = true;
                    if (rule_.slots[static_cast<std::size_t>(local)].kind == SlotInfo::Kind::Node)
                        b.node = o.node;
                    else
                        b.out = o;
                }
                for (const auto& c : spec.conditions)
                    if (!truthy(eval_value(ctx, *c))) return false;
            }
        }
        return true;
    }

    // `ds = readers(x) each P where C`: the live readers of x that match P and satisfy C, in
    // consumer order, each node once. A reader that fails is left out (the list may be empty).
    void collect_readers(const EachSpec& spec, EvalContext& ctx) {
        Binding& list = b_[static_cast<std::size_t>(spec.list)];
        list.bound = true;
        list.list.clear();
        start_collected_lists(spec);
        const std::size_t source = static_cast<std::size_t>(spec.source);
        const Binding& src = b_[source];
        const bool whole_node = rule_.slots[source].kind == SlotInfo::Kind::Node;
        Node* producer = whole_node ? src.node : src.out.node;
        thread_local std::vector<Goal> element_goals; // reused, as the main goal stack
        for (std::size_t o = 0; o < producer->output_count(); ++o) {
            if (!whole_node && o != src.out.index) continue;
            const auto& consumers = producer->consumers(o);
            for (std::size_t k = 0; k < consumers.size(); ++k) {
                Node* reader = consumers[k].node;
                if (dead_ && dead_->count(reader)) continue;
                if (reads_earlier(*reader, consumers[k].index, *producer,
                                  whole_node ? -1 : static_cast<std::ptrdiff_t>(o)))
                    continue; // listed with its first input from x
                if (!match_element(spec, reader->output(0), element_goals) ||
                    !reader_passes(spec, ctx))
                    continue;
                list.list.push_back(reader->output(0));
                collect_element(spec);
            }
        }
        for (int local : spec.locals) b_[static_cast<std::size_t>(local)].bound = false;
    }

    // Whether an input of `reader` before `port` reads `producer` (output `out`, or any: -1).
    static bool reads_earlier(const Node& reader, std::size_t port, const Node& producer,
                              std::ptrdiff_t out) {
        for (std::size_t j = 0; j < port; ++j) {
            const Output in = reader.input(j);
            if (in.node == &producer && (out < 0 || in.index == static_cast<std::size_t>(out)))
                return true;
        }
        return false;
    }

    // C of a readers statement for the element whose names are bound now; an expression that
    // cannot be evaluated leaves the reader out.
    bool reader_passes(const EachSpec& spec, EvalContext& ctx) {
        try {
            for (const auto& c : spec.conditions)
                if (!truthy(eval_value(ctx, *c))) return false;
            return true;
        } catch (const ValueError&) {
        } catch (const Error&) {
        }
        return false;
    }

    bool conditions_hold(EvalContext& ctx, std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            if (!truthy(eval_value(ctx, *rule_.conditions[i]))) return false;
        return true;
    }

    bool finish() {
        EvalContext ctx{rule_, b_, dead_};
        const std::size_t early = rule_.conditions_before_readers;
        try {
            if (!conditions_hold(ctx, 0, early)) return false;
            for (const EachSpec& spec : rule_.each)
                if (spec.source >= 0) collect_readers(spec, ctx);
            if (!bind_aliases()) return false;
            if (!element_conditions_hold(ctx)) return false;
            if (!conditions_hold(ctx, early, rule_.conditions.size())) return false;
            for (const auto& step : rule_.lets) {
                Value v = eval_value(ctx, *step.value);
                if (step.slot < 0) {
                    if (!truthy(v)) return false;
                    continue;
                }
                Binding& b = b_[static_cast<std::size_t>(step.slot)];
                b.bound = true;
                b.value = std::move(v);
            }
            return true;
        } catch (const ValueError& e) {
            if (why_) *why_ = e.what();
        } catch (const Error& e) {
            if (why_) *why_ = e.what();
        }
        return false;
    }

    const Rule& rule_;
    std::vector<Binding>& b_;
    const DeadSet* dead_;
    std::string* why_;
    std::size_t element_index_ = 0; // position of the `each` element being matched
};

} // namespace

bool match_rule(const Rule& rule, Node& root, std::vector<Binding>& bindings, const DeadSet* dead,
                std::string* why) {
    return Matcher(rule, bindings, dead, why).match_root(root);
}

} // namespace mo::rules
