#include "engine/rules/expr_eval.hpp"

#include "engine/core/error.hpp"
#include "engine/rules/builtins.hpp"

#include <cstdint>
#include <string>

namespace mo::rules {
namespace {

// The position `index` evaluates to in a list of `n` entries (negative counts from the end).
std::size_t element_position(EvalContext& ctx, const Expr& index, std::size_t n) {
    const auto written = as_int(eval_value(ctx, index));
    const auto i = written < 0 ? written + static_cast<std::int64_t>(n) : written;
    if (i < 0 || i >= static_cast<std::int64_t>(n))
        throw ValueError("index " + std::to_string(written) + " out of range for a list of " +
                         std::to_string(n));
    return static_cast<std::size_t>(i);
}
Value attribute_of(const Node& n, const std::string& name) {
    const AttrValue* a = n.attrs.find(name);
    if (!a) throw ValueError(n.describe() + " has no attribute '" + name + "'");
    return from_attribute(*a);
}

// `<`, `<=`, `>`, `>=`: numbers give a boolean; lists compare elementwise (with a list of the
// same length or with a number) and give a list of booleans, for all() and any().
Value compare(const std::string& op, const Value& a, const Value& b) {
    if (a.is_list() || b.is_list()) {
        if (a.is_list() && b.is_list() && a.list().size() != b.list().size())
            throw ValueError("'" + op + "' on lists of different lengths (" +
                             std::to_string(a.list().size()) + " and " +
                             std::to_string(b.list().size()) + ")");
        const std::size_t n = a.is_list() ? a.list().size() : b.list().size();
        ValueList out;
        out.reserve(n);
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(
                compare(op, a.is_list() ? a.list()[i] : a, b.is_list() ? b.list()[i] : b));
        return out;
    }
    const double x = as_double(a), y = as_double(b);
    if (op == "<") return x < y;
    if (op == "<=") return x <= y;
    if (op == ">") return x > y;
    return x >= y;
}

} // namespace

// A name bound to a list (`xs...`, or a name bound inside an `each` pattern).
bool is_list_ref(const Expr& e) {
    return e.kind == ExprKind::Name && e.ref == RefKind::Variadic;
}
const std::vector<Output>& bound_list(EvalContext& ctx, const Expr& e) {
    const Binding& b = ctx.bindings.at(static_cast<std::size_t>(e.slot));
    if (!b.bound) throw ValueError("'" + e.name + "' is not bound");
    return b.list;
}

std::size_t live_uses(Output out, const DeadSet* dead) {
    const auto& consumers = out.node->consumers(out.index);
    if (!dead || dead->empty()) return consumers.size();
    std::size_t n = 0;
    for (const Input& in : consumers)
        if (!dead->count(in.node)) ++n;
    return n;
}

bool is_graph_ref(const Expr& e) {
    if (e.kind == ExprKind::Port) return true;
    if (e.kind == ExprKind::Index) return is_list_ref(*e.args[0].value);
    return e.kind == ExprKind::Name && (e.ref == RefKind::Operand || e.ref == RefKind::Node);
}

Output eval_graph_ref(EvalContext& ctx, const Expr& e) {
    if (e.kind == ExprKind::Index) {
        const auto& list = bound_list(ctx, *e.args[0].value);
        return list[element_position(ctx, *e.args[1].value, list.size())];
    }
    const Binding& b = ctx.bindings.at(static_cast<std::size_t>(e.slot));
    if (!b.bound) throw ValueError("'" + e.name + "' is not bound");
    if (e.kind == ExprKind::Port) {
        if (static_cast<std::size_t>(e.int_value) >= b.node->output_count())
            throw ValueError(b.node->describe() + " has no output " + std::to_string(e.int_value));
        return b.node->output(static_cast<std::size_t>(e.int_value));
    }
    if (e.ref == RefKind::Node) return b.node->output(0);
    return b.out;
}

std::optional<Value> scalar_literal(const Expr& e) {
    switch (e.kind) {
    case ExprKind::Int:
        return Value(e.int_value);
    case ExprKind::Float:
        return Value(e.float_value);
    case ExprKind::String:
        return Value(e.name);
    case ExprKind::Bool:
        return Value(e.bool_value);
    default:
        return std::nullopt;
    }
}

Value eval_value(EvalContext& ctx, const Expr& e) {
    if (auto v = scalar_literal(e)) return *std::move(v);
    switch (e.kind) {
    case ExprKind::Int:
    case ExprKind::Float:
    case ExprKind::String:
    case ExprKind::Bool:
        break; // scalar_literal
    case ExprKind::List: {
        ValueList out;
        for (const auto& a : e.args) out.push_back(eval_value(ctx, *a.value));
        return out;
    }
    case ExprKind::Name: {
        if (e.ref == RefKind::DType) return e.dtype;
        const Binding& b = ctx.bindings.at(static_cast<std::size_t>(e.slot));
        if (e.ref == RefKind::Let) return b.value;
        if (e.ref == RefKind::Operand) {
            if (!b.out.node->is_const()) throw ValueError("'" + e.name + "' is not a constant");
            return b.out.node->value;
        }
        if (e.ref == RefKind::Node) { // a `Const()` node pattern: its tensor
            if (!b.node->is_const()) throw ValueError("'" + e.name + "' is not a constant");
            return b.node->value;
        }
        if (e.ref == RefKind::Variadic) { // a list of constants
            ValueList out;
            for (const Output& o : bound_list(ctx, e)) {
                if (!o.node->is_const())
                    throw ValueError("an entry of '" + e.name + "' is not a constant");
                out.push_back(o.node->value);
            }
            return out;
        }
        throw ValueError("'" + e.name + "' is not a value");
    }
    case ExprKind::Port:
        throw ValueError("a port is not a value");
    case ExprKind::Member: {
        if (e.ref == RefKind::Variadic) { // a list of nodes: cs.attr or cs[i].attr
            const Binding& b = ctx.bindings.at(static_cast<std::size_t>(e.slot));
            if (!e.args.empty()) {
                const Expr& index = *e.args[0].value;
                return attribute_of(
                    *b.list[element_position(ctx, *index.args[1].value, b.list.size())].node,
                    e.member);
            }
            ValueList out;
            out.reserve(b.list.size());
            for (const Output& o : b.list) out.push_back(attribute_of(*o.node, e.member));
            return out;
        }
        return attribute_of(*ctx.bindings.at(static_cast<std::size_t>(e.slot)).node, e.member);
    }
    case ExprKind::Index: {
        if (is_graph_ref(e)) { // an element of a list of constants
            const Output o = eval_graph_ref(ctx, e);
            if (!o.node->is_const()) throw ValueError("an element of a list is not a constant");
            return o.node->value;
        }
        const Value base = eval_value(ctx, *e.args[0].value);
        auto i = as_int(eval_value(ctx, *e.args[1].value));
        if (base.is_list()) {
            const auto n = static_cast<std::int64_t>(base.list().size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw ValueError("index out of range");
            return base.list()[static_cast<std::size_t>(i)];
        }
        const Tensor t = as_tensor(base);
        if (t.shape().size() != 1) throw ValueError("only lists and 1-D tensors can be indexed");
        if (i < 0) i += t.size();
        if (i < 0 || i >= t.size()) throw ValueError("index out of range");
        if (is_floating(t.type())) return t.value_as_double(i);
        return t.value_as_int64(i);
    }
    case ExprKind::Call: {
        if (e.ref != RefKind::Function) throw ValueError("'" + e.name + "' is not a function");
        return call_builtin(e.function, ctx, e.args);
    }
    case ExprKind::Unary: {
        const Value v = eval_value(ctx, *e.args[0].value);
        if (e.name == "not") return !truthy(v);
        if (v.is_int()) return -as_int(v);
        if (v.is_number()) return -as_double(v);
        return run_kernel("Negative", {as_tensor(v)});
    }
    case ExprKind::Binary: {
        const std::string& op = e.name;
        if (op == "and")
            return truthy(eval_value(ctx, *e.args[0].value)) &&
                   truthy(eval_value(ctx, *e.args[1].value));
        if (op == "or")
            return truthy(eval_value(ctx, *e.args[0].value)) ||
                   truthy(eval_value(ctx, *e.args[1].value));
        const Value a = eval_value(ctx, *e.args[0].value);
        const Value b = eval_value(ctx, *e.args[1].value);
        if (op == "==") return values_equal(a, b);
        if (op == "!=") return !values_equal(a, b);
        if (op == "in") {
            if (!b.is_list()) throw ValueError("'in' needs a list on its right");
            for (const auto& x : b.list())
                if (values_equal(a, x)) return true;
            return false;
        }
        if (op == "<" || op == "<=" || op == ">" || op == ">=") return compare(op, a, b);
        return arithmetic(op, a, b);
    }
    }
    throw ValueError("unsupported expression");
}

} // namespace mo::rules
