// Rule compilation, expressions: every name is resolved to a slot, a builtin or an element type,
// and each expression is checked against where it stands (a value, a graph reference, a new node
// of the replacement), so that misuse fails when the rules load.
#include "engine/rules/builtins.hpp"
#include "engine/rules/compiler.hpp"

#include <algorithm>
#include <cctype>

namespace mo::rules::detail {

void Compiler::resolve_name(Expr& e) {
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

int Compiler::node_slot(const Expr& e, const std::string& base) {
    auto it = scope_.find(base);
    if (it == scope_.end()) fail_at(e.loc, "unknown name '" + base + "'");
    if (r_.slots[static_cast<std::size_t>(it->second)].kind != SlotInfo::Kind::Node)
        fail_at(e.loc, "'" + base + "' is not a node pattern");
    return it->second;
}

// The op types a node slot (or a list of nodes) can have (for attribute checks).
std::vector<std::string> Compiler::types_of_slot(int slot) const {
    if (const int element = r_.slots[static_cast<std::size_t>(slot)].element; element >= 0)
        return types_of_slot(element);
    std::vector<std::string> types; // every alternative's (a statement may have several)
    for (const auto& n : r_.nodes)
        if (n.slot == slot)
            for (const auto& t : n.types)
                if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
    return types;
}

// Why a list binding cannot stand where one operand or node is needed.
void Compiler::fail_list(const Expr& e, const std::string& wanted) {
    const SlotInfo& info = slot_info(e.slot);
    const std::string what = info.nodes ? "nodes" : info.is_const ? "constants" : "operands";
    const std::string per_element = info.element >= 0 ? " (one per element)" : "";
    fail_at(e.loc, "'" + e.name + "' is a list of " + what + per_element + ", not " + wanted +
                       "; use len(" + e.name + "), " + e.name + "[i]" +
                       (info.nodes ? ", " + e.name + ".attr" : std::string()) +
                       " or pass it on to a new node");
}

// The list a `cs[i]` expression indexes (-1 when its base is not a list binding).
int Compiler::indexed_list(Expr& index) {
    Expr& base = *index.args[0].value;
    if (base.kind != ExprKind::Name) return -1;
    resolve_name(base);
    return base.ref == RefKind::Variadic ? base.slot : -1;
}

// `cs.attr` (a list of attributes) or `cs[i].attr` (one element's attribute).
void Compiler::check_list_member(Expr& e, int list) {
    const SlotInfo& info = slot_info(list);
    if (!info.nodes)
        fail_at(e.loc, "'" + e.name + "' is a list of operands, they have no attributes");
    e.slot = list;
    e.ref = RefKind::Variadic;
    e.node_types = types_of_slot(list);
}

void Compiler::check_member_attribute(const Expr& e) {
    bool known = e.node_types.empty();
    for (const auto& t : e.node_types) known = known || op_has_attribute(t, e.member);
    if (!known) fail_at(e.loc, "unknown attribute '" + e.member + "' of " + e.node_types.front());
}

// `cs[k].attrs` in a new node: a hidden node slot bound to element k once the list is known.
void Compiler::bind_element_alias(Expr& v) {
    Expr& index = *v.args[0].value;
    const int list = indexed_list(index);
    if (list < 0) fail_at(v.loc, "'.attrs' needs a node pattern or an element of a list of nodes");
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

void Compiler::check(Expr& e, Use use) {
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
        // A node pattern that matches only Const (`c = Const()`) stands for its tensor.
        if (use == Use::Value && e.ref == RefKind::Node &&
            types_of_slot(e.slot) != std::vector<std::string>{"Const"})
            fail_at(e.loc, "'" + e.name + "' is a node, not a value (read an attribute: " + e.name +
                               ".attr)");
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
            fail_at(e.loc,
                    "'" + e.name + "." + std::to_string(e.int_value) + "' is a port, not a value");
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

void Compiler::check_call(Expr& e, Use use) {
    if (auto f = find_builtin(e.name)) {
        const Builtin& b = builtins()[static_cast<std::size_t>(*f)];
        e.ref = RefKind::Function;
        e.function = *f;
        if (use == Use::Graph) fail_at(e.loc, e.name + "() gives a value, not a graph operand");
        if (e.args.size() < b.min_args || e.args.size() > b.max_args)
            fail_at(e.loc, "wrong number of arguments: " + b.signature);
        for (auto& a : e.args) {
            if (!a.keyword.empty()) fail_at(a.value->loc, e.name + "() takes no keyword arguments");
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
    if (use != Use::Build && !is_framework_op(e.name) && !summary(e.name))
        fail_at(e.loc, "unknown constraint '" + e.name + "'");
    if (use != Use::Build)
        fail_at(e.loc, "new operations (" + e.name + ") can only be created in the replacement");
    if (e.name == "Const") {
        check_const_call(e);
        return;
    }
    check_op_type(e.name, e.loc);
    e.ref = RefKind::Op;
    std::size_t positional = 0;
    bool spread = false;
    for (auto& a : e.args) {
        Expr& v = *a.value;
        if (a.keyword == "_name" || a.keyword == "_place") {
            check_naming_keyword(a);
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
        fail_at(e.loc,
                e.name + " takes " + std::to_string(s->min_inputs) +
                    (s->max_inputs != s->min_inputs ? ".." + std::to_string(s->max_inputs) : "") +
                    " inputs, got " + std::to_string(positional));
}

void Compiler::check_naming_keyword(Arg& a) {
    Expr& v = *a.value;
    if (v.kind == ExprKind::Name) resolve_name(v);
    const bool node = v.kind == ExprKind::Name && v.ref == RefKind::Node;
    if (a.keyword == "_place") {
        if (!node) fail_at(v.loc, "_place takes a node of the pattern (_place=c)");
        return;
    }
    // `_name=r`: the new node continues the matched node r (its names); any other expression
    // is the new node's friendly name, a string (`_name=name(c) + "/compressed"`).
    if (node) return;
    const bool maybe_string = v.kind == ExprKind::String || v.kind == ExprKind::Binary ||
                              v.kind == ExprKind::Call ||
                              (v.kind == ExprKind::Name && v.ref == RefKind::Let);
    if (!maybe_string)
        fail_at(v.loc, "_name takes a node of the pattern (_name=r) or a string (_name=name(r) + "
                       "\"/suffix\")");
    check(v, Use::Value);
}

// A constant node built from a value: `Const(cast(c, f16), _name=..., _place=c)`. (A value
// written as an operand becomes a Const too; this form can carry the naming keywords.)
void Compiler::check_const_call(Expr& e) {
    e.ref = RefKind::Op;
    std::size_t positional = 0;
    for (auto& a : e.args) {
        if (a.keyword == "_name" || a.keyword == "_place") {
            check_naming_keyword(a);
            continue;
        }
        if (!a.keyword.empty())
            fail_at(a.keyword_loc,
                    "Const takes a value and _name or _place, not '" + a.keyword + "'");
        ++positional;
        check(*a.value, Use::Value);
    }
    if (positional != 1) fail_at(e.loc, "Const takes one value: Const(value)");
}

std::string Compiler::text_of(const Expr& v) {
    return v.kind == ExprKind::Int ? std::to_string(v.int_value) : "(not a number)";
}

// same_shape(a, b) compares two operands, same_shape(xs) the entries of one list binding.
void Compiler::check_same_shape_call(const Expr& e) {
    for (const Arg& a : e.args) {
        const bool list = a.value->ref == RefKind::Variadic && a.value->kind == ExprKind::Name;
        if (list && e.args.size() == 2) fail_list(*a.value, "a single operand or node");
        if (!list && e.args.size() == 1)
            fail_at(a.value->loc, "same_shape() with one argument takes a list binding "
                                  "(same_shape(ws)); compare two operands with same_shape(a, b)");
    }
}

// attr(n, "name"): n must be a node pattern; a literal name must be an attribute of its op.
void Compiler::check_attr_call(const Expr& e) {
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

} // namespace mo::rules::detail
