// Rule compilation, the `match` block: statements, nested patterns, operands, and the per-element
// (`each`) and `readers` forms become MatchNode/MatchArg/EachSpec entries of the rule.
#include "engine/rules/compiler.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace mo::rules::detail {

int Compiler::build_stmt(std::size_t index, const Loc& use_loc) {
    if (stmt_node_[index] == -2)
        fail_at(use_loc, "pattern '" + d_.match[index].name + "' feeds itself (a cycle)");
    if (stmt_node_[index] >= 0) return stmt_node_[index];
    stmt_node_[index] = -2;
    const auto& s = d_.match[index];
    // A statement reached from inside an `each` pattern is shared by every element.
    const int outer_each = std::exchange(each_, -1);
    const int node = build_node(s.pattern, scope_.at(s.name));
    if (!s.alternatives.empty()) build_alternatives(s, node);
    each_ = outer_each;
    stmt_node_[index] = node;
    return node;
}

namespace {

// The names a node pattern writes (operands, nested nodes, lists), nested patterns included.
void written_names(const NodePattern& p, std::set<std::string>& out, bool& has_each) {
    for (const PatArg& a : p.args) {
        if (a.kind == PatArg::Kind::Each) has_each = true;
        if (!a.name.empty() && a.kind != PatArg::Kind::Wildcard) out.insert(a.name);
        if (a.nested) written_names(*a.nested, out, has_each);
    }
}

} // namespace

// `n = A(x, y) | B(y, x)`: each further alternative is a node program of its own, on the same
// slot, that the matcher tries when the first fails. The alternatives bind the same names (one
// set of slots), so what follows the statement does not depend on which one matched.
void Compiler::build_alternatives(const PatternStmt& s, int first) {
    std::set<std::string> names;
    bool has_each = false;
    written_names(s.pattern, names, has_each);
    reusable_ = names;
    for (std::size_t k = 0; k < s.alternatives.size(); ++k) {
        const NodePattern& alt = s.alternatives[k];
        std::set<std::string> alt_names;
        written_names(alt, alt_names, has_each);
        if (has_each)
            fail_at(alt.loc, "an `each` pattern cannot be used in a statement with alternatives");
        for (const auto* missing : {&names, &alt_names}) {
            const auto& other = missing == &names ? alt_names : names;
            for (const auto& n : *missing)
                if (!other.count(n))
                    fail_at(alt.loc, "alternative " + std::to_string(k + 2) + " of '" + s.name +
                                         "' " + (missing == &names ? "does not bind" : "binds") +
                                         " '" + n + "'" +
                                         (missing == &names ? "" : ", the first does not") +
                                         " (every alternative binds the same names)");
        }
        const int node = build_node(alt, scope_.at(s.name));
        r_.nodes[static_cast<std::size_t>(first)].alternatives.push_back(node);
    }
    reusable_.clear();
    slot_node_[scope_.at(s.name)] = first;
}

int Compiler::build_node(const NodePattern& p, int slot) {
    const bool variadic = !p.args.empty() && (p.args.back().kind == PatArg::Kind::Variadic ||
                                              p.args.back().kind == PatArg::Kind::Each);
    for (std::size_t i = 0; i < p.types.size(); ++i) {
        check_op_type(p.types[i], p.type_locs[i]);
        if (const int v = p.versions[i];
            v >= 0 && (is_framework_op(p.types[i]) || !op_registry().find(p.types[i], v)))
            fail_at(p.type_locs[i], "no version " + std::to_string(v) + " of " + p.types[i]);
        const OpSummary* s = summary(p.types[i]);
        if (!s) continue;
        const std::size_t fixed = p.args.size() - (variadic ? 1 : 0);
        if (fixed > s->max_inputs || (!variadic && fixed < s->min_inputs))
            fail_at(
                p.type_locs[i],
                p.types[i] + " takes " + std::to_string(s->min_inputs) +
                    (s->max_inputs != s->min_inputs ? ".." + std::to_string(s->max_inputs) : "") +
                    " inputs, the pattern has " + std::to_string(fixed));
    }
    MatchNode m;
    m.types = p.types;
    for (const auto& t : m.types) m.type_ids.push_back(intern_op_type(t).id);
    if (std::any_of(p.versions.begin(), p.versions.end(), [](int v) { return v >= 0; }))
        m.versions = p.versions;
    m.slot = slot;
    m.commutative = p.args.size() == 2 && !variadic &&
                    std::all_of(p.types.begin(), p.types.end(),
                                [](const auto& t) { return is_commutative(t); });
    for (std::size_t i = 0; i < p.args.size(); ++i) {
        const PatArg& a = p.args[i];
        if ((a.kind == PatArg::Kind::Variadic || a.kind == PatArg::Kind::Each) &&
            i + 1 != p.args.size())
            fail_at(a.loc, "a variadic operand ('" + a.name + "...') must be the last one");
        m.args.push_back(build_arg(a));
    }
    const int index = static_cast<int>(r_.nodes.size());
    r_.nodes.push_back(std::move(m));
    slot_node_[slot] = index;
    return index;
}

MatchArg Compiler::build_arg(const PatArg& a) {
    MatchArg m;
    if (a.port == kElementPort && readers_)
        fail_at(a.loc, "'" + a.name +
                           ".#' is only valid in an operand `each` pattern; readers "
                           "have no position");
    if (a.port == kElementPort && each_ < 0)
        fail_at(a.loc, "'" + a.name +
                           ".#' (the output at the element's position) is only valid inside "
                           "an `each` pattern");
    switch (a.kind) {
    case PatArg::Kind::Wildcard:
        m.kind = MatchArg::Kind::Wildcard;
        return m;
    case PatArg::Kind::Variadic:
        m.kind = MatchArg::Kind::Variadic;
        m.slot = new_slot(a.name, SlotInfo::Kind::Variadic, a.loc);
        return m;
    case PatArg::Kind::Each:
        return build_each(a);
    case PatArg::Kind::Nested: {
        const int slot = new_slot(a.name, SlotInfo::Kind::Node, a.loc);
        m.kind = MatchArg::Kind::Node;
        m.node = build_node(*a.nested, slot);
        m.slot = slot;
        return m;
    }
    case PatArg::Kind::Ref:
    case PatArg::Kind::Const:
        break;
    }
    if (auto s = stmt_of_.find(a.name); s != stmt_of_.end()) {
        if (a.kind == PatArg::Kind::Const)
            fail_at(a.loc, "'" + a.name + "' is a node pattern; `: const` applies to operands");
        m.kind = MatchArg::Kind::Node;
        m.node = build_stmt(s->second, a.loc);
        m.slot = scope_.at(a.name);
        m.port = a.port;
        return m;
    }
    if (auto it = scope_.find(a.name); it != scope_.end() && slot_node_.count(it->second)) {
        if (a.kind == PatArg::Kind::Const)
            fail_at(a.loc, "'" + a.name + "' is a node pattern; `: const` applies to operands");
        m.kind = MatchArg::Kind::Node; // a nested pattern bound by name earlier in the pattern
        m.node = slot_node_.at(it->second);
        m.slot = it->second;
        m.port = a.port;
        return m;
    }
    if (a.port != -1) fail_at(a.loc, "'" + a.name + "' is not a node pattern, it has no ports");
    int slot;
    if (auto it = scope_.find(a.name); it != scope_.end()) {
        slot = it->second;
        if (slot_info(slot).element >= 0)
            fail_at(a.loc, "'" + a.name +
                               "' is bound per element inside an `each` pattern; outside it "
                               "is a list");
        if (r_.slots[static_cast<std::size_t>(slot)].kind != SlotInfo::Kind::Operand)
            fail_at(a.loc, "'" + a.name + "' is already bound to something else than an operand");
    } else {
        slot = new_slot(a.name, SlotInfo::Kind::Operand, a.loc);
    }
    m.kind = MatchArg::Kind::Operand;
    m.slot = slot;
    m.must_be_const = a.kind == PatArg::Kind::Const;
    if (m.must_be_const) r_.slots[static_cast<std::size_t>(slot)].is_const = true;
    return m;
}

// `xs... each P where C`: P is compiled once with its own slots (bound per element); then
// each name bound in P becomes, outside P, a list with one entry per element.
MatchArg Compiler::build_each(const PatArg& a) {
    if (each_ >= 0) fail_at(a.loc, "an `each` pattern cannot be nested in another one");
    const int index = build_element_pattern(a.name, a.loc, *a.nested, a.where);
    const EachSpec& spec = r_.each[static_cast<std::size_t>(index)];
    MatchArg m;
    m.kind = MatchArg::Kind::Each;
    m.slot = spec.list;
    m.node = spec.element.node;
    m.each = index;
    return m;
}

// `ds = readers(x) each P where C`: the same per-element compilation; the elements are the
// readers of x, which must be bound by the pattern (an operand, or a node: all its outputs).
void Compiler::build_readers(const PatternStmt& s) {
    auto it = scope_.find(s.readers_of);
    if (it == scope_.end()) fail_at(s.readers_loc, "unknown name '" + s.readers_of + "'");
    const SlotInfo& source = slot_info(it->second);
    if (source.kind != SlotInfo::Kind::Operand && source.kind != SlotInfo::Kind::Node)
        fail_at(s.readers_loc, "readers(" + s.readers_of +
                                   ") needs an operand or a node of the pattern, '" + s.readers_of +
                                   "' is a list or a value");
    const int source_slot = it->second;
    readers_ = true;
    const int index = build_element_pattern(s.name, s.loc, s.pattern, s.where);
    readers_ = false;
    r_.each[static_cast<std::size_t>(index)].source = source_slot;
}

// Compiles P of an `each` or `readers` form into a new EachSpec and returns its index.
int Compiler::build_element_pattern(const std::string& name, const Loc& loc,
                                    const NodePattern& pattern, const ExprPtr& where) {
    const int index = static_cast<int>(r_.each.size());
    r_.each.emplace_back();
    each_names_.emplace_back();
    each_where_.push_back(where);
    each_ = index;
    const int element = new_slot(name, SlotInfo::Kind::Node, loc);
    const int node = build_node(pattern, element);
    each_ = -1;
    EachSpec& spec = r_.each[static_cast<std::size_t>(index)];
    spec.element.kind = MatchArg::Kind::Node;
    spec.element.slot = element;
    spec.element.node = node;
    std::vector<std::pair<std::string, int>> named;
    for (int local : spec.locals)
        if (!slot_info(local).name.empty()) named.emplace_back(slot_info(local).name, local);
    for (const auto& [name, local] : named) scope_.erase(name);
    for (const auto& [name, local] : named) {
        const int list = new_slot(name, SlotInfo::Kind::Variadic, loc);
        SlotInfo& info = slot_info(list);
        info.element = local;
        info.nodes = slot_info(local).kind == SlotInfo::Kind::Node;
        info.is_const = slot_info(local).is_const;
        if (local == element)
            spec.list = list;
        else
            spec.collect.emplace_back(local, list);
    }
    each_names_[static_cast<std::size_t>(index)] = std::move(named);
    return index;
}

} // namespace mo::rules::detail
