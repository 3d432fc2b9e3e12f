#include "engine/rules/matcher.hpp"

#include "engine/core/error.hpp"
#include "engine/rules/eval.hpp"

#include <algorithm>

namespace mo::rules {
namespace {

struct Goal {
    const MatchArg* arg;
    Output out;
};

class Matcher {
public:
    Matcher(const Rule& r, std::vector<Binding>& b, const DeadSet* dead, std::string* why)
        : rule_(r), b_(b), dead_(dead), why_(why) {}

    bool match_root(Node& root) {
        b_.resize(rule_.slots.size());
        for (Binding& b : b_) b.bound = false; // stale fields are overwritten before use
        std::vector<Goal> goals;
        goals.reserve(8);
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
            const std::size_t port = a.port < 0 ? 0 : static_cast<std::size_t>(a.port);
            if (g.out.index != port) return false;
            return match_node(rule_.nodes[static_cast<std::size_t>(a.node)], *g.out.node, goals);
        }
        case MatchArg::Kind::Variadic:
            return solve(goals); // bound by its node
        }
        return false;
    }

    bool match_node(const MatchNode& m, Node& n, std::vector<Goal>& goals) {
        Binding& b = b_[static_cast<std::size_t>(m.slot)];
        if (b.bound) return b.node == &n && solve(goals);
        if (dead_ && dead_->count(&n)) return false;
        if (std::find(m.types.begin(), m.types.end(), n.type()) == m.types.end()) return false;
        const bool variadic = !m.args.empty() && m.args.back().kind == MatchArg::Kind::Variadic;
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

    bool finish() {
        EvalContext ctx{rule_, b_, dead_};
        try {
            for (const auto& c : rule_.conditions)
                if (!truthy(eval_value(ctx, *c))) return false;
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
};

} // namespace

bool match_rule(const Rule& rule, Node& root, std::vector<Binding>& bindings, const DeadSet* dead,
                std::string* why) {
    return Matcher(rule, bindings, dead, why).match_root(root);
}

} // namespace mo::rules
