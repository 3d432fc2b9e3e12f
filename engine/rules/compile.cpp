// Rule compilation, the driver: phase and tags, the order in which the pattern, the conditions,
// the `let` steps and the replacement are compiled, and the binding slots they share.
#include "engine/rules/compile.hpp"

#include "engine/rules/compiler.hpp"

#include <algorithm>
#include <optional>

namespace mo::rules {

std::string_view to_string(Phase p) {
    switch (p) {
    case Phase::lower:
        return "lower";
    case Phase::cleanup:
        return "cleanup";
    case Phase::fusion:
        return "fusion";
    case Phase::precision:
        return "precision";
    case Phase::legacy:
        return "legacy";
    }
    return "?";
}

namespace detail {

namespace {
std::optional<Phase> phase_from(const std::string& s) {
    for (Phase p : kPhases)
        if (rules::to_string(p) == s) return p;
    return std::nullopt;
}
} // namespace

Rule Compiler::run() {
    r_.name = d_.name;
    r_.doc = d_.doc;
    r_.loc = d_.loc;
    r_.benefit = d_.benefit;
    const auto phase = phase_from(d_.phase);
    if (!phase)
        fail_at(d_.phase_loc,
                "unknown phase '" + d_.phase + "' (lower, cleanup, fusion, precision or legacy)");
    r_.phase = *phase;
    r_.tags.push_back(d_.phase);
    for (const auto& t : d_.tags)
        if (std::find(r_.tags.begin(), r_.tags.end(), t) == r_.tags.end()) r_.tags.push_back(t);

    // Statement names are visible everywhere in the pattern, whatever their order.
    for (std::size_t i = 0; i < d_.match.size(); ++i) {
        const auto& s = d_.match[i];
        if (!s.readers_of.empty()) continue; // a list, bound after the pattern
        new_slot(s.name, SlotInfo::Kind::Node, s.loc);
        stmt_of_.emplace(s.name, i);
    }
    stmt_node_.assign(d_.match.size(), -1);
    auto root = stmt_of_.find(d_.replaced);
    if (root == stmt_of_.end())
        fail_at(d_.replaced_loc, "'" + d_.replaced + "' is not a node of the match block");
    r_.root = build_stmt(root->second, d_.replaced_loc);
    for (std::size_t i = 0; i < d_.match.size(); ++i)
        if (stmt_node_[i] < 0 && d_.match[i].readers_of.empty())
            fail_at(d_.match[i].loc, "pattern '" + d_.match[i].name +
                                         "' is not an input (directly or through others) of '" +
                                         d_.replaced + "', the node being replaced");
    for (const auto& s : d_.match)
        if (!s.readers_of.empty()) build_readers(s);

    for (auto& s : d_.match)
        if (s.where && s.readers_of.empty()) add_condition(s.where);
    for (std::size_t i = 0; i < r_.each.size(); ++i) check_element_condition(i);
    if (d_.where) add_condition(d_.where);
    order_conditions();
    for (auto& l : d_.lets) {
        check(*l.value, Use::Value);
        LetStep step;
        step.value = l.value;
        if (!l.name.empty()) step.slot = new_slot(l.name, SlotInfo::Kind::Let, l.loc);
        r_.lets.push_back(step);
    }
    for (auto& e : d_.replacement) {
        check(*e, Use::Build);
        r_.replacement.push_back(e);
    }
    r_.decl = d_;
    return std::move(r_);
}

int Compiler::new_slot(const std::string& name, SlotInfo::Kind kind, const Loc& loc) {
    if (!name.empty()) {
        if (auto it = scope_.find(name);
            it != scope_.end() && reusable_.count(name) && slot_info(it->second).kind == kind)
            return it->second; // bound again by an alternative of the statement
        if (scope_.count(name)) fail_at(loc, "'" + name + "' is already bound");
        if (element_type_from_string(name)) fail_at(loc, "'" + name + "' is an element type name");
    }
    const int slot = static_cast<int>(r_.slots.size());
    r_.slots.push_back({kind, name, false});
    if (!name.empty()) scope_.emplace(name, slot);
    if (each_ >= 0) r_.each[static_cast<std::size_t>(each_)].locals.push_back(slot);
    return slot;
}

// The list slot `name` refers to, or -1.
int Compiler::list_slot(const std::string& name) const {
    auto it = scope_.find(name);
    if (it == scope_.end()) return -1;
    return r_.slots[static_cast<std::size_t>(it->second)].kind == SlotInfo::Kind::Variadic
               ? it->second
               : -1;
}

// The `where` of an `each` pattern sees the names bound inside it as single values.
void Compiler::check_element_condition(std::size_t index) {
    const ExprPtr& where = each_where_[index];
    if (!where) return;
    std::vector<std::pair<std::string, int>> saved;
    for (const auto& [name, local] : each_names_[index]) {
        saved.emplace_back(name, scope_.at(name));
        scope_[name] = local;
    }
    check(*where, Use::Value);
    for (const auto& [name, slot] : saved) scope_[name] = slot;
    r_.each[index].conditions.push_back(where);
}

// Conditions that read no `readers` list first (stable), and how many they are.
void Compiler::order_conditions() {
    std::set<int> reader_slots;
    for (const EachSpec& spec : r_.each) {
        if (spec.source < 0) continue;
        reader_slots.insert(spec.list);
        for (const auto& [local, list] : spec.collect) reader_slots.insert(list);
    }
    const auto late =
        std::stable_partition(r_.conditions.begin(), r_.conditions.end(),
                              [&](const ExprPtr& e) { return !reads_any(*e, reader_slots); });
    r_.conditions_before_readers =
        static_cast<std::size_t>(std::distance(r_.conditions.begin(), late));
}

bool Compiler::reads_any(const Expr& e, const std::set<int>& slots) {
    if (e.slot >= 0 && slots.count(e.slot)) return true;
    return std::any_of(e.args.begin(), e.args.end(),
                       [&](const Arg& a) { return a.value && reads_any(*a.value, slots); });
}

void Compiler::add_condition(const ExprPtr& e) {
    check(*e, Use::Value);
    r_.conditions.push_back(e);
}

} // namespace detail

Rule compile_rule(RuleDecl decl) {
    return detail::Compiler(decl).run();
}

} // namespace mo::rules
