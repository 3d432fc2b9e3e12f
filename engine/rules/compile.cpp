#include "engine/rules/compile.hpp"

#include "engine/rules/eval.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

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
    }
    return "?";
}

bool is_framework_op(std::string_view type) {
    static const std::set<std::string, std::less<>> kNamespaces = {"onnx", "tf", "caffe", "mxnet",
                                                                   "kaldi"};
    const auto dot = type.find('.');
    return dot != std::string_view::npos && dot + 1 < type.size() &&
           kNamespaces.count(type.substr(0, dot));
}

const OpDef* latest_def(const std::string& type) {
    return op_registry().latest(type);
}

namespace {

// Attribute names and input arity over every registered version of each op type.
struct OpSummary {
    std::set<std::string> attributes;
    std::size_t min_inputs = SIZE_MAX;
    std::size_t max_inputs = 0;
};
const std::map<std::string, OpSummary>& summaries() {
    static const std::map<std::string, OpSummary> s = [] {
        std::map<std::string, OpSummary> m;
        for (const OpDef* d : op_registry().all()) {
            auto& e = m[d->type];
            e.attributes.insert(d->attributes.begin(), d->attributes.end());
            e.min_inputs = std::min(e.min_inputs, d->min_inputs);
            e.max_inputs = std::max(e.max_inputs, d->max_inputs);
        }
        return m;
    }();
    return s;
}
const OpSummary* summary(const std::string& type) {
    auto it = summaries().find(type);
    return it == summaries().end() ? nullptr : &it->second;
}

bool is_commutative(const std::string& type) {
    static const std::set<std::string> kOps = {"Add",        "Multiply",  "Maximum",
                                               "Minimum",    "Equal",     "NotEqual",
                                               "LogicalAnd", "LogicalOr", "LogicalXor"};
    return kOps.count(type) > 0;
}

std::optional<Phase> phase_from(const std::string& s) {
    for (Phase p : kPhases)
        if (to_string(p) == s) return p;
    return std::nullopt;
}

enum class Use { Value, Any, Graph, Build };

class Compiler {
public:
    explicit Compiler(RuleDecl& d) : d_(d) {}

    Rule run() {
        r_.name = d_.name;
        r_.doc = d_.doc;
        r_.loc = d_.loc;
        const auto phase = phase_from(d_.phase);
        if (!phase)
            fail_at(d_.phase_loc,
                    "unknown phase '" + d_.phase + "' (lower, cleanup, fusion or precision)");
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

private:
    int new_slot(const std::string& name, SlotInfo::Kind kind, const Loc& loc) {
        if (!name.empty()) {
            if (scope_.count(name)) fail_at(loc, "'" + name + "' is already bound");
            if (element_type_from_string(name))
                fail_at(loc, "'" + name + "' is an element type name");
        }
        const int slot = static_cast<int>(r_.slots.size());
        r_.slots.push_back({kind, name, false});
        if (!name.empty()) scope_.emplace(name, slot);
        if (each_ >= 0) r_.each[static_cast<std::size_t>(each_)].locals.push_back(slot);
        return slot;
    }

    SlotInfo& slot_info(int slot) { return r_.slots[static_cast<std::size_t>(slot)]; }

    // The list slot `name` refers to, or -1.
    int list_slot(const std::string& name) const {
        auto it = scope_.find(name);
        if (it == scope_.end()) return -1;
        return r_.slots[static_cast<std::size_t>(it->second)].kind == SlotInfo::Kind::Variadic
                   ? it->second
                   : -1;
    }

    // The `where` of an `each` pattern sees the names bound inside it as single values.
    void check_element_condition(std::size_t index) {
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
    void order_conditions() {
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

    static bool reads_any(const Expr& e, const std::set<int>& slots) {
        if (e.slot >= 0 && slots.count(e.slot)) return true;
        return std::any_of(e.args.begin(), e.args.end(),
                           [&](const Arg& a) { return a.value && reads_any(*a.value, slots); });
    }

    void add_condition(const ExprPtr& e) {
        check(*e, Use::Value);
        r_.conditions.push_back(e);
    }

    int build_stmt(std::size_t index, const Loc& use_loc) {
        if (stmt_node_[index] == -2)
            fail_at(use_loc, "pattern '" + d_.match[index].name + "' feeds itself (a cycle)");
        if (stmt_node_[index] >= 0) return stmt_node_[index];
        stmt_node_[index] = -2;
        const auto& s = d_.match[index];
        // A statement reached from inside an `each` pattern is shared by every element.
        const int outer_each = std::exchange(each_, -1);
        const int node = build_node(s.pattern, scope_.at(s.name));
        each_ = outer_each;
        stmt_node_[index] = node;
        return node;
    }

    int build_node(const NodePattern& p, int slot) {
        const bool variadic = !p.args.empty() && (p.args.back().kind == PatArg::Kind::Variadic ||
                                                  p.args.back().kind == PatArg::Kind::Each);
        for (std::size_t i = 0; i < p.types.size(); ++i) {
            check_op_type(p.types[i], p.type_locs[i]);
            const OpSummary* s = summary(p.types[i]);
            if (!s) continue;
            const std::size_t fixed = p.args.size() - (variadic ? 1 : 0);
            if (fixed > s->max_inputs || (!variadic && fixed < s->min_inputs))
                fail_at(p.type_locs[i],
                        p.types[i] + " takes " + std::to_string(s->min_inputs) +
                            (s->max_inputs != s->min_inputs ? ".." + std::to_string(s->max_inputs)
                                                            : "") +
                            " inputs, the pattern has " + std::to_string(fixed));
        }
        MatchNode m;
        m.types = p.types;
        for (const auto& t : m.types) m.type_ids.push_back(intern_op_type(t).id);
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

    MatchArg build_arg(const PatArg& a) {
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
                fail_at(a.loc,
                        "'" + a.name + "' is already bound to something else than an operand");
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
    MatchArg build_each(const PatArg& a) {
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
    void build_readers(const PatternStmt& s) {
        auto it = scope_.find(s.readers_of);
        if (it == scope_.end()) fail_at(s.readers_loc, "unknown name '" + s.readers_of + "'");
        const SlotInfo& source = slot_info(it->second);
        if (source.kind != SlotInfo::Kind::Operand && source.kind != SlotInfo::Kind::Node)
            fail_at(s.readers_loc, "readers(" + s.readers_of +
                                       ") needs an operand or a node of the pattern, '" +
                                       s.readers_of + "' is a list or a value");
        const int source_slot = it->second;
        readers_ = true;
        const int index = build_element_pattern(s.name, s.loc, s.pattern, s.where);
        readers_ = false;
        r_.each[static_cast<std::size_t>(index)].source = source_slot;
    }

    // Compiles P of an `each` or `readers` form into a new EachSpec and returns its index.
    int build_element_pattern(const std::string& name, const Loc& loc, const NodePattern& pattern,
                              const ExprPtr& where) {
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

    void resolve_name(Expr& e) {
        if (auto it = scope_.find(e.name); it != scope_.end()) {
            e.slot = it->second;
            switch (r_.slots[static_cast<std::size_t>(e.slot)].kind) {
            case SlotInfo::Kind::Operand:
                e.ref = RefKind::Operand;
                break;
            case SlotInfo::Kind::Node:
                e.ref = RefKind::Node;
                break;
            case SlotInfo::Kind::Variadic:
                e.ref = RefKind::Variadic;
                break;
            case SlotInfo::Kind::Let:
                e.ref = RefKind::Let;
                break;
            }
            return;
        }
        if (auto t = element_type_from_string(e.name)) {
            e.ref = RefKind::DType;
            e.dtype = *t;
            return;
        }
        fail_at(e.loc, "unknown name '" + e.name + "'");
    }

    int node_slot(const Expr& e, const std::string& base) {
        auto it = scope_.find(base);
        if (it == scope_.end()) fail_at(e.loc, "unknown name '" + base + "'");
        if (r_.slots[static_cast<std::size_t>(it->second)].kind != SlotInfo::Kind::Node)
            fail_at(e.loc, "'" + base + "' is not a node pattern");
        return it->second;
    }

    // The op types a node slot (or a list of nodes) can have (for attribute checks).
    std::vector<std::string> types_of_slot(int slot) const {
        if (const int element = r_.slots[static_cast<std::size_t>(slot)].element; element >= 0)
            return types_of_slot(element);
        for (const auto& n : r_.nodes)
            if (n.slot == slot) return n.types;
        return {};
    }

    // Why a list binding cannot stand where one operand or node is needed.
    [[noreturn]] void fail_list(const Expr& e, const std::string& wanted) {
        const SlotInfo& info = slot_info(e.slot);
        const std::string what = info.nodes ? "nodes" : info.is_const ? "constants" : "operands";
        const std::string per_element = info.element >= 0 ? " (one per element)" : "";
        fail_at(e.loc, "'" + e.name + "' is a list of " + what + per_element + ", not " + wanted +
                           "; use len(" + e.name + "), " + e.name + "[i]" +
                           (info.nodes ? ", " + e.name + ".attr" : std::string()) +
                           " or pass it on to a new node");
    }

    // The list a `cs[i]` expression indexes (-1 when its base is not a list binding).
    int indexed_list(Expr& index) {
        Expr& base = *index.args[0].value;
        if (base.kind != ExprKind::Name) return -1;
        resolve_name(base);
        return base.ref == RefKind::Variadic ? base.slot : -1;
    }

    // `cs.attr` (a list of attributes) or `cs[i].attr` (one element's attribute).
    void check_list_member(Expr& e, int list) {
        const SlotInfo& info = slot_info(list);
        if (!info.nodes)
            fail_at(e.loc, "'" + e.name + "' is a list of operands, they have no attributes");
        e.slot = list;
        e.ref = RefKind::Variadic;
        e.node_types = types_of_slot(list);
    }

    void check_member_attribute(const Expr& e) {
        bool known = e.node_types.empty();
        for (const auto& t : e.node_types) known = known || op_has_attribute(t, e.member);
        if (!known)
            fail_at(e.loc, "unknown attribute '" + e.member + "' of " + e.node_types.front());
    }

    // `cs[k].attrs` in a new node: a hidden node slot bound to element k once the list is known.
    void bind_element_alias(Expr& v) {
        Expr& index = *v.args[0].value;
        const int list = indexed_list(index);
        if (list < 0)
            fail_at(v.loc, "'.attrs' needs a node pattern or an element of a list of nodes");
        v.name = index.args[0].value->name;
        check_list_member(v, list);
        const Expr& k = *index.args[1].value;
        if (k.kind != ExprKind::Int)
            fail_at(v.loc, "the element whose attributes are copied must be a literal index (" +
                               v.name + "[0].attrs)");
        const int slot = new_slot("", SlotInfo::Kind::Node, v.loc);
        r_.aliases.push_back({slot, list, k.int_value});
        v.slot = slot;
        v.ref = RefKind::Node;
    }

    void check(Expr& e, Use use) {
        switch (e.kind) {
        case ExprKind::Int:
        case ExprKind::Float:
        case ExprKind::String:
        case ExprKind::Bool:
            if (use == Use::Graph) fail_at(e.loc, "expected a bound operand or node");
            return;
        case ExprKind::List:
            if (use == Use::Graph) fail_at(e.loc, "expected a bound operand or node");
            for (auto& a : e.args) check(*a.value, Use::Value);
            return;
        case ExprKind::Name: {
            resolve_name(e);
            const bool graph = e.ref == RefKind::Operand || e.ref == RefKind::Node;
            if (e.ref == RefKind::Variadic) {
                if (use == Use::Value && slot_info(e.slot).is_const) return; // list of values
                fail_list(e, use == Use::Value ? "a value" : "a single operand or node");
            }
            if (use == Use::Graph && !graph)
                fail_at(e.loc, "'" + e.name + "' is not a bound operand or node");
            if (use == Use::Value && e.ref == RefKind::Node)
                fail_at(e.loc, "'" + e.name + "' is a node, not a value (read an attribute: " +
                                   e.name + ".attr)");
            if (use == Use::Value && e.ref == RefKind::Operand &&
                !r_.slots[static_cast<std::size_t>(e.slot)].is_const)
                fail_at(e.loc, "'" + e.name + "' is not a constant; bind it as `" + e.name +
                                   ": const` to compute with it");
            return;
        }
        case ExprKind::Port:
            e.slot = node_slot(e, e.name);
            e.ref = RefKind::Node;
            if (use == Use::Value)
                fail_at(e.loc, "'" + e.name + "." + std::to_string(e.int_value) +
                                   "' is a port, not a value");
            return;
        case ExprKind::Member: {
            if (!e.args.empty()) { // cs[i].attr
                Expr& index = *e.args[0].value;
                const int list = indexed_list(index);
                if (list < 0)
                    fail_at(e.loc, "only an element of a list of nodes has attributes (cs[0]." +
                                       e.member + ")");
                e.name = index.args[0].value->name;
                check_list_member(e, list);
                check(*index.args[1].value, Use::Value);
            } else if (const int list = list_slot(e.name); list >= 0) { // cs.attr
                check_list_member(e, list);
                if (e.member == "attrs")
                    fail_at(e.loc, "'" + e.name +
                                       "' is a list of nodes; copy one element's "
                                       "attributes with " +
                                       e.name + "[0].attrs");
            } else {
                e.slot = node_slot(e, e.name);
                e.ref = RefKind::Node;
                e.node_types = types_of_slot(e.slot);
            }
            if (e.member == "attrs")
                fail_at(e.loc, "'" + e.name + (e.args.empty() ? "" : "[i]") +
                                   ".attrs' can only be passed to a new node");
            if (use == Use::Graph) fail_at(e.loc, "an attribute is not a graph value");
            check_member_attribute(e);
            return;
        }
        case ExprKind::Index:
            if (const int list = indexed_list(e); list >= 0) { // one element of a list binding
                check(*e.args[1].value, Use::Value);
                if (use == Use::Value && !slot_info(list).is_const)
                    fail_at(e.loc, "an element of '" + slot_info(list).name +
                                       "' is an operand or node, not a value");
                return;
            }
            [[fallthrough]];
        case ExprKind::Unary:
        case ExprKind::Binary:
            if (use == Use::Graph) fail_at(e.loc, "expected a bound operand or node");
            for (auto& a : e.args) check(*a.value, Use::Value);
            return;
        case ExprKind::Call:
            check_call(e, use);
            return;
        }
    }

    void check_call(Expr& e, Use use) {
        if (auto f = find_builtin(e.name)) {
            const Builtin& b = builtins()[static_cast<std::size_t>(*f)];
            e.ref = RefKind::Function;
            e.function = *f;
            if (use == Use::Graph) fail_at(e.loc, e.name + "() gives a value, not a graph operand");
            if (e.args.size() < b.min_args || e.args.size() > b.max_args)
                fail_at(e.loc, "wrong number of arguments: " + b.signature);
            for (auto& a : e.args) {
                if (!a.keyword.empty())
                    fail_at(a.value->loc, e.name + "() takes no keyword arguments");
                if (b.takes_lists && a.value->kind == ExprKind::Name) {
                    resolve_name(*a.value);
                    if (a.value->ref == RefKind::Variadic) continue;
                }
                check(*a.value, b.mode == ArgMode::Graph ? Use::Graph
                                : b.mode == ArgMode::Any ? Use::Any
                                                         : Use::Value);
            }
            if (e.name == "attr") check_attr_call(e);
            if (e.name == "same_shape") check_same_shape_call(e);
            return;
        }
        const bool looks_like_op = std::isupper(static_cast<unsigned char>(e.name[0])) ||
                                   e.name.find('.') != std::string::npos;
        if (!looks_like_op) fail_at(e.loc, "unknown function '" + e.name + "'");
        if (use != Use::Build)
            fail_at(e.loc,
                    "new operations (" + e.name + ") can only be created in the replacement");
        check_op_type(e.name, e.loc);
        e.ref = RefKind::Op;
        std::size_t positional = 0;
        bool spread = false;
        for (auto& a : e.args) {
            Expr& v = *a.value;
            if (a.keyword == "_name") { // the new node continues a matched one (its names)
                if (v.kind == ExprKind::Name) resolve_name(v);
                if (v.kind != ExprKind::Name || v.ref != RefKind::Node)
                    fail_at(v.loc, "_name takes a node of the pattern (_name=r)");
                continue;
            }
            if (a.keyword == "_opset") { // the version to build (default: the newest)
                if (v.kind != ExprKind::Int || is_framework_op(e.name) ||
                    !op_registry().find(e.name, static_cast<int>(v.int_value)))
                    fail_at(v.loc, "no version '" + text_of(v) + "' of " + e.name);
                continue;
            }
            if (!a.keyword.empty()) {
                if (!is_framework_op(e.name) && !op_has_attribute(e.name, a.keyword))
                    fail_at(a.keyword_loc, "unknown attribute '" + a.keyword + "' of " + e.name);
                check(v, Use::Value);
                continue;
            }
            if (v.kind == ExprKind::Member && v.member == "attrs") {
                if (!v.args.empty()) {
                    bind_element_alias(v);
                    continue;
                }
                if (list_slot(v.name) >= 0)
                    fail_at(v.loc, "'" + v.name +
                                       "' is a list of nodes; copy one element's "
                                       "attributes with " +
                                       v.name + "[0].attrs");
                v.slot = node_slot(v, v.name);
                v.ref = RefKind::Node;
                continue;
            }
            if (v.kind == ExprKind::Name) {
                resolve_name(v);
                if (v.ref == RefKind::Variadic) {
                    spread = true;
                    continue;
                }
            }
            ++positional;
            check(v, Use::Build);
        }
        if (const OpSummary* s = summary(e.name);
            s && !spread && (positional < s->min_inputs || positional > s->max_inputs))
            fail_at(
                e.loc,
                e.name + " takes " + std::to_string(s->min_inputs) +
                    (s->max_inputs != s->min_inputs ? ".." + std::to_string(s->max_inputs) : "") +
                    " inputs, got " + std::to_string(positional));
    }

    static std::string text_of(const Expr& v) {
        return v.kind == ExprKind::Int ? std::to_string(v.int_value) : "(not a number)";
    }

    // same_shape(a, b) compares two operands, same_shape(xs) the entries of one list binding.
    void check_same_shape_call(const Expr& e) {
        for (const Arg& a : e.args) {
            const bool list = a.value->ref == RefKind::Variadic && a.value->kind == ExprKind::Name;
            if (list && e.args.size() == 2) fail_list(*a.value, "a single operand or node");
            if (!list && e.args.size() == 1)
                fail_at(a.value->loc,
                        "same_shape() with one argument takes a list binding "
                        "(same_shape(ws)); compare two operands with same_shape(a, b)");
        }
    }

    // attr(n, "name"): n must be a node pattern; a literal name must be an attribute of its op.
    void check_attr_call(const Expr& e) {
        const Expr& base = *e.args[0].value;
        if (base.kind != ExprKind::Name || base.ref != RefKind::Node)
            fail_at(base.loc, "attr() reads an attribute of a node pattern");
        const Expr& name = *e.args[1].value;
        if (name.kind != ExprKind::String) return;
        const auto types = types_of_slot(base.slot);
        bool known = types.empty();
        for (const auto& t : types) known = known || op_has_attribute(t, name.name);
        if (!known) fail_at(name.loc, "unknown attribute '" + name.name + "' of " + types.front());
    }

    RuleDecl& d_;
    Rule r_;
    std::map<std::string, int> scope_;
    std::map<std::string, std::size_t> stmt_of_;
    std::vector<int> stmt_node_;
    std::map<int, int> slot_node_; // node slot -> index into Rule::nodes
    int each_ = -1;                // the `each` pattern being built (its slots are per element)
    bool readers_ = false;         // that pattern is a `readers(...)` statement
    std::vector<std::vector<std::pair<std::string, int>>> each_names_; // per spec: name, slot
    std::vector<ExprPtr> each_where_;                                  // per spec
};

} // namespace

void check_op_type(const std::string& type, const Loc& loc) {
    if (is_framework_op(type)) return;
    if (!summary(type)) fail_at(loc, "unknown operation '" + type + "'");
}

bool op_has_attribute(const std::string& type, const std::string& attribute) {
    if (is_framework_op(type)) return true;
    const OpSummary* s = summary(type);
    return s && s->attributes.count(attribute) > 0;
}

Rule compile_rule(RuleDecl decl) {
    return Compiler(decl).run();
}

} // namespace mo::rules
