#include "engine/rules/builtins.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace mo::rules {
namespace {

using Args = std::vector<Arg>;
using Fn = std::function<Value(EvalContext&, const Args&)>;

struct Entry {
    Builtin info;
    Fn fn;
};

Value arg_value(EvalContext& ctx, const Args& a, std::size_t i) {
    return eval_value(ctx, *a.at(i).value);
}

// The port description of a graph reference, or of a value's tensor. A port's shape is read in
// place (rank(), dim() and size() run for most match attempts: no copy of the dimensions).
struct Described {
    ElementType type;
    const PartialShape* port_shape = nullptr; // a graph reference's port
    PartialShape value_shape;                 // otherwise
    const PartialShape& shape() const { return port_shape ? *port_shape : value_shape; }
};
Described describe_arg(EvalContext& ctx, const Expr& e) {
    if (is_graph_ref(e)) {
        const Output o = eval_graph_ref(ctx, e);
        return {o.type(), &o.shape(), {}};
    }
    const Tensor t = as_tensor(eval_value(ctx, e));
    return {t.type(), nullptr, PartialShape(t.shape())};
}

const Shape& static_shape(const Described& d) {
    if (!d.shape().is_static())
        throw ValueError("shape " + d.shape().to_string() + " is not static");
    return d.shape().to_shape();
}

Value ints_value(const std::vector<std::int64_t>& v) {
    return ValueList(v.begin(), v.end());
}

Value unary(const std::string& kernel, double (*f)(double), const Value& v) {
    if (v.is_number()) return f(as_double(v));
    Tensor t = as_tensor(v);
    if (t.type() == ElementType::f32) { // computed in place: no scratch graph per call
        Tensor out(ElementType::f32, t.shape());
        auto o = out.mutable_data<float>();
        const auto in = t.data<float>();
        for (std::size_t i = 0; i < o.size(); ++i) o[i] = static_cast<float>(f(in[i]));
        return out;
    }
    return run_kernel(kernel, {t});
}

Value reduce(const std::string& kernel, EvalContext& ctx, const Args& a) {
    const Tensor t = as_tensor(arg_value(ctx, a, 0));
    std::vector<std::int64_t> axes;
    if (a.size() > 1)
        axes = as_ints(arg_value(ctx, a, 1));
    else
        for (std::size_t i = 0; i < t.shape().size(); ++i)
            axes.push_back(static_cast<std::int64_t>(i));
    Attributes attrs;
    attrs.set("keep_dims", AttrValue(a.size() > 2 && truthy(arg_value(ctx, a, 2))));
    return run_kernel(
        kernel,
        {t, Tensor::from_vector<std::int64_t>({static_cast<std::int64_t>(axes.size())}, axes)},
        std::move(attrs));
}

bool all_close(const Tensor& t, const Tensor& ref) {
    if (t.size() == 0) return false;
    for (std::int64_t i = 0; i < t.size(); ++i) {
        const double a = t.value_as_double(i);
        const double b = ref.size() == 1 ? ref.value_as_double(0) : ref.value_as_double(i);
        if (!(std::abs(a - b) <= 1e-6 + 1e-5 * std::abs(b))) return false;
    }
    return true;
}

const std::vector<Entry>& table() {
    static const std::vector<Entry> entries = [] {
        std::vector<Entry> t;
        auto add = [&](std::string name, std::size_t lo, std::size_t hi, ArgMode mode,
                       std::string sig, Fn fn) {
            t.push_back({{std::move(name), lo, hi, mode, std::move(sig)}, std::move(fn)});
        };
        // Graph queries.
        add("uses", 1, 1, ArgMode::Graph,
            "uses(n): live consumers of a node (all outputs) or a port",
            [](EvalContext& ctx, const Args& a) -> Value {
                const Expr& e = *a[0].value;
                if (e.kind == ExprKind::Name && e.ref == RefKind::Node) {
                    Node* n = ctx.bindings[e.slot].node;
                    std::size_t total = 0;
                    for (std::size_t i = 0; i < n->output_count(); ++i)
                        total += live_uses(n->output(i), ctx.dead);
                    return static_cast<std::int64_t>(total);
                }
                return static_cast<std::int64_t>(live_uses(eval_graph_ref(ctx, e), ctx.dead));
            });
        add("outputs", 1, 1, ArgMode::Graph, "outputs(n): the number of output ports of a node",
            [](EvalContext& ctx, const Args& a) -> Value {
                return static_cast<std::int64_t>(
                    eval_graph_ref(ctx, *a[0].value).node->output_count());
            });
        add("opset", 1, 1, ArgMode::Graph,
            "opset(n): the opset version of a node (0 for framework ops)",
            [](EvalContext& ctx, const Args& a) -> Value {
                return static_cast<std::int64_t>(eval_graph_ref(ctx, *a[0].value).node->opset());
            });
        add("name", 1, 1, ArgMode::Graph,
            "name(n): the friendly name of a node (of the producer of an operand)",
            [](EvalContext& ctx, const Args& a) -> Value {
                return eval_graph_ref(ctx, *a[0].value).node->name;
            });
        add("is_const", 1, 1, ArgMode::Graph, "is_const(x): x comes from a Const",
            [](EvalContext& ctx, const Args& a) -> Value {
                return eval_graph_ref(ctx, *a[0].value).node->is_const();
            });
        add("same_shape", 1, 2, ArgMode::Graph,
            "same_shape(a, b) or same_shape(xs): equal static shapes (of every entry of a list)",
            [](EvalContext& ctx, const Args& a) -> Value {
                if (a.size() == 1) {
                    const auto& l = bound_list(ctx, *a[0].value);
                    for (const Output& o : l)
                        if (!o.shape().is_static() || o.shape() != l.front().shape()) return false;
                    return true;
                }
                const auto x = eval_graph_ref(ctx, *a[0].value),
                           y = eval_graph_ref(ctx, *a[1].value);
                return x.shape().is_static() && x.shape() == y.shape();
            });
        add("broadcastable", 2, 2, ArgMode::Any,
            "broadcastable(a, b): a broadcasts to b's (static) shape without changing it",
            [](EvalContext& ctx, const Args& a) -> Value {
                const auto x = describe_arg(ctx, *a[0].value), y = describe_arg(ctx, *a[1].value);
                if (!y.shape().is_static() || !x.shape().rank_known()) return false;
                auto b = broadcast_numpy(x.shape(), y.shape());
                return b && *b == y.shape();
            });
        add("attr", 2, 2, ArgMode::Any,
            "attr(n, \"name\"): an attribute of a node, for names that are not identifiers "
            "(exclude-pad)",
            [](EvalContext& ctx, const Args& a) -> Value {
                const Expr& e = *a[0].value;
                Node* n = ctx.bindings.at(static_cast<std::size_t>(e.slot)).node;
                const std::string name = as_string(arg_value(ctx, a, 1));
                const AttrValue* v = n->attrs.find(name);
                if (!v) throw ValueError(n->describe() + " has no attribute '" + name + "'");
                return from_attribute(*v);
            });
        // Port descriptions (of graph references or constant values).
        add("shape", 1, 1, ArgMode::Any, "shape(x): the static shape as a list",
            [](EvalContext& ctx, const Args& a) -> Value {
                return ints_value(static_shape(describe_arg(ctx, *a[0].value)));
            });
        add("rank", 1, 1, ArgMode::Any, "rank(x)", [](EvalContext& ctx, const Args& a) -> Value {
            const auto d = describe_arg(ctx, *a[0].value);
            if (!d.shape().rank_known()) throw ValueError("rank is not known");
            return static_cast<std::int64_t>(d.shape().rank());
        });
        add("dim", 2, 2, ArgMode::Any,
            "dim(x, i): one static dimension (negative i counts from the end)",
            [](EvalContext& ctx, const Args& a) -> Value {
                const auto d = describe_arg(ctx, *a[0].value);
                if (!d.shape().rank_known()) throw ValueError("rank is not known");
                const auto r = static_cast<std::int64_t>(d.shape().rank());
                auto i = as_int(arg_value(ctx, a, 1));
                if (i < 0) i += r;
                if (i < 0 || i >= r) throw ValueError("dim index out of range");
                if (d.shape()[static_cast<std::size_t>(i)] < 0)
                    throw ValueError("dimension is dynamic");
                return d.shape()[static_cast<std::size_t>(i)];
            });
        add("dtype", 1, 1, ArgMode::Any, "dtype(x): element type (compare with f32, i64, ...)",
            [](EvalContext& ctx, const Args& a) -> Value {
                return describe_arg(ctx, *a[0].value).type;
            });
        add("size", 1, 1, ArgMode::Any, "size(x): element count of a static shape",
            [](EvalContext& ctx, const Args& a) -> Value {
                return element_count(static_shape(describe_arg(ctx, *a[0].value)));
            });
        add("is_static", 1, 1, ArgMode::Any, "is_static(x): the shape is fully known",
            [](EvalContext& ctx, const Args& a) -> Value {
                return describe_arg(ctx, *a[0].value).shape().is_static();
            });
        // Constant arithmetic (reference kernels).
        add("sqrt", 1, 1, ArgMode::Value, "sqrt(t)", [](EvalContext& c, const Args& a) {
            return unary(
                "Sqrt", [](double x) { return std::sqrt(x); }, arg_value(c, a, 0));
        });
        add("exp", 1, 1, ArgMode::Value, "exp(t)", [](EvalContext& c, const Args& a) {
            return unary(
                "Exp", [](double x) { return std::exp(x); }, arg_value(c, a, 0));
        });
        add("log", 1, 1, ArgMode::Value, "log(t)", [](EvalContext& c, const Args& a) {
            return unary(
                "Log", [](double x) { return std::log(x); }, arg_value(c, a, 0));
        });
        add("abs", 1, 1, ArgMode::Value, "abs(t)", [](EvalContext& c, const Args& a) {
            return unary(
                "Abs", [](double x) { return std::abs(x); }, arg_value(c, a, 0));
        });
        add("pow", 2, 2, ArgMode::Value, "pow(a, b)", [](EvalContext& c, const Args& a) {
            return arithmetic("pow", arg_value(c, a, 0), arg_value(c, a, 1));
        });
        add("max", 2, 2, ArgMode::Value, "max(a, b): elementwise maximum",
            [](EvalContext& c, const Args& a) {
                return arithmetic("max", arg_value(c, a, 0), arg_value(c, a, 1));
            });
        add("min", 2, 2, ArgMode::Value, "min(a, b): elementwise minimum",
            [](EvalContext& c, const Args& a) {
                return arithmetic("min", arg_value(c, a, 0), arg_value(c, a, 1));
            });
        add("reshape", 2, 2, ArgMode::Value, "reshape(t, shape): -1 infers one dimension",
            [](EvalContext& c, const Args& a) -> Value {
                const Tensor t = as_tensor(arg_value(c, a, 0));
                auto dims = as_ints(arg_value(c, a, 1));
                // Computed here (a view), so that it needs no kernel.
                std::int64_t known = 1, infer_at = -1;
                for (std::size_t i = 0; i < dims.size(); ++i) {
                    if (dims[i] == -1) {
                        if (infer_at >= 0) throw ValueError("reshape: two -1 dimensions");
                        infer_at = static_cast<std::int64_t>(i);
                    } else {
                        known *= dims[i];
                    }
                }
                if (infer_at >= 0 && known > 0)
                    dims[static_cast<std::size_t>(infer_at)] = t.size() / known;
                if (element_count(dims) != t.size())
                    throw ValueError("reshape: cannot view " + to_string(t.shape()) + " as " +
                                     to_string(dims));
                return t.reshaped(dims);
            });
        add("transpose", 2, 2, ArgMode::Value, "transpose(t, perm)",
            [](EvalContext& c, const Args& a) -> Value {
                const auto perm = as_ints(arg_value(c, a, 1));
                return run_kernel("Transpose",
                                  {as_tensor(arg_value(c, a, 0)),
                                   Tensor::from_vector<std::int64_t>(
                                       {static_cast<std::int64_t>(perm.size())}, perm)});
            });
        add("concat", 2, 2, ArgMode::Value, "concat([a, b, ...], axis)",
            [](EvalContext& c, const Args& a) -> Value {
                const Value parts = arg_value(c, a, 0);
                if (!parts.is_list()) throw ValueError("concat expects a list of tensors");
                std::vector<Tensor> ts;
                for (const auto& p : parts.list()) ts.push_back(as_tensor(p));
                Attributes attrs;
                attrs.set("axis", AttrValue(as_int(arg_value(c, a, 1))));
                return run_kernel("Concat", ts, std::move(attrs));
            });
        add("reduce_sum", 1, 3, ArgMode::Value, "reduce_sum(t, axes = all, keep_dims = false)",
            [](EvalContext& c, const Args& a) { return reduce("ReduceSum", c, a); });
        add("reduce_mean", 1, 3, ArgMode::Value, "reduce_mean(t, axes, keep_dims)",
            [](EvalContext& c, const Args& a) { return reduce("ReduceMean", c, a); });
        add("reduce_max", 1, 3, ArgMode::Value, "reduce_max(t, axes, keep_dims)",
            [](EvalContext& c, const Args& a) { return reduce("ReduceMax", c, a); });
        add("reduce_min", 1, 3, ArgMode::Value, "reduce_min(t, axes, keep_dims)",
            [](EvalContext& c, const Args& a) { return reduce("ReduceMin", c, a); });
        add("reduce_prod", 1, 3, ArgMode::Value, "reduce_prod(t, axes, keep_dims)",
            [](EvalContext& c, const Args& a) { return reduce("ReduceProd", c, a); });
        add("cast", 2, 2, ArgMode::Value, "cast(t, dtype)",
            [](EvalContext& c, const Args& a) -> Value {
                return as_tensor(arg_value(c, a, 0)).cast(as_dtype(arg_value(c, a, 1)));
            });
        add("fits_f16", 1, 1, ArgMode::Value,
            "fits_f16(t): every finite element is within f16's range (|v| <= 65504); "
            "infinities and NaN have an f16 form",
            [](EvalContext& c, const Args& a) -> Value {
                constexpr double kHalfMax = 65504.0;
                const Tensor t = as_tensor(arg_value(c, a, 0));
                for (std::int64_t i = 0; i < t.size(); ++i) {
                    const double v = t.value_as_double(i);
                    if (std::isfinite(v) && std::fabs(v) > kHalfMax) return false;
                }
                return true;
            });
        add("approx", 2, 2, ArgMode::Value,
            "approx(t, v): every element of t is close to v (or to t2)",
            [](EvalContext& c, const Args& a) -> Value {
                const Value x = arg_value(c, a, 0), y = arg_value(c, a, 1);
                const Tensor tx = as_tensor(x, ElementType::f64),
                             ty = as_tensor(y, ElementType::f64);
                if (ty.size() != 1 && ty.shape() != tx.shape()) return false;
                return all_close(tx, ty);
            });
        add("scalar", 1, 1, ArgMode::Value,
            "scalar(t): the value of a tensor whose elements are all equal",
            [](EvalContext& c, const Args& a) -> Value {
                const Value v = arg_value(c, a, 0);
                if (v.is_number()) return v;
                const Tensor t = as_tensor(v);
                if (t.size() == 0) throw ValueError("scalar() of an empty tensor");
                for (std::int64_t i = 1; i < t.size(); ++i)
                    if (t.value_as_double(i) != t.value_as_double(0))
                        throw ValueError("elements differ");
                if (is_floating(t.type())) return t.value_as_double(0);
                return t.value_as_int64(0);
            });
        add("ints", 1, 1, ArgMode::Value, "ints(t): an integer tensor of rank <= 1 as a list",
            [](EvalContext& c, const Args& a) -> Value {
                return ints_value(as_ints(arg_value(c, a, 0)));
            });
        add("len", 1, 1, ArgMode::Value, "len(list): also the entry count of a list binding",
            [](EvalContext& c, const Args& a) -> Value {
                if (is_list_ref(*a[0].value))
                    return static_cast<std::int64_t>(bound_list(c, *a[0].value).size());
                const Value v = arg_value(c, a, 0);
                if (v.is_list()) return static_cast<std::int64_t>(v.list().size());
                return as_tensor(v).size();
            });
        add("tensor", 1, 2, ArgMode::Value,
            "tensor(values, dtype): a constant from a (nested) list",
            [](EvalContext& c, const Args& a) -> Value {
                const ElementType t =
                    a.size() > 1 ? as_dtype(arg_value(c, a, 1)) : ElementType::dynamic;
                return as_tensor(arg_value(c, a, 0), t);
            });
        // Lists of integers (shapes, axes, pads).
        add("iota", 1, 1, ArgMode::Value, "iota(n): [0, 1, ..., n-1]",
            [](EvalContext& c, const Args& a) -> Value {
                std::vector<std::int64_t> v(static_cast<std::size_t>(
                    std::max<std::int64_t>(0, as_int(arg_value(c, a, 0)))));
                for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::int64_t>(i);
                return ints_value(v);
            });
        add("ones", 1, 1, ArgMode::Value, "ones(n): a list of n ones",
            [](EvalContext& c, const Args& a) -> Value {
                return ints_value(std::vector<std::int64_t>(
                    static_cast<std::size_t>(std::max<std::int64_t>(0, as_int(arg_value(c, a, 0)))),
                    1));
            });
        add("zeros", 1, 1, ArgMode::Value, "zeros(n): a list of n zeros",
            [](EvalContext& c, const Args& a) -> Value {
                return ints_value(std::vector<std::int64_t>(
                    static_cast<std::size_t>(std::max<std::int64_t>(0, as_int(arg_value(c, a, 0)))),
                    0));
            });
        add("join", 2, 8, ArgMode::Value, "join(a, b, ...): concatenated lists",
            [](EvalContext& c, const Args& a) -> Value {
                ValueList out;
                for (std::size_t i = 0; i < a.size(); ++i) {
                    const Value v = arg_value(c, a, i);
                    if (v.is_list())
                        out.insert(out.end(), v.list().begin(), v.list().end());
                    else
                        for (auto x : as_ints(v)) out.push_back(x);
                }
                return out;
            });
        add("take", 2, 2, ArgMode::Value, "take(list, indices): [list[i] for i in indices]",
            [](EvalContext& c, const Args& a) -> Value {
                const auto v = as_ints(arg_value(c, a, 0));
                ValueList out;
                for (auto i : as_ints(arg_value(c, a, 1))) {
                    if (i < 0) i += static_cast<std::int64_t>(v.size());
                    if (i < 0 || i >= static_cast<std::int64_t>(v.size()))
                        throw ValueError("take: index out of range");
                    out.push_back(v[static_cast<std::size_t>(i)]);
                }
                return out;
            });
        add("scatter", 3, 3, ArgMode::Value,
            "scatter(list, indices, values): list with list[indices[k]] = values[k] (negative "
            "indices count from the end)",
            [](EvalContext& c, const Args& a) -> Value {
                auto v = as_ints(arg_value(c, a, 0));
                const auto at = as_ints(arg_value(c, a, 1));
                const auto values = as_ints(arg_value(c, a, 2));
                if (at.size() != values.size())
                    throw ValueError("scatter: " + std::to_string(at.size()) + " indices for " +
                                     std::to_string(values.size()) + " values");
                const auto n = static_cast<std::int64_t>(v.size());
                for (std::size_t k = 0; k < at.size(); ++k) {
                    const auto i = at[k] < 0 ? at[k] + n : at[k];
                    if (i < 0 || i >= n) throw ValueError("scatter: index out of range");
                    v[static_cast<std::size_t>(i)] = values[k];
                }
                return ints_value(v);
            });
        add("slice", 2, 3, ArgMode::Value,
            "slice(list, start, end = len): a sub-list (negative counts from the end)",
            [](EvalContext& c, const Args& a) -> Value {
                const auto v = as_ints(arg_value(c, a, 0));
                const auto n = static_cast<std::int64_t>(v.size());
                auto clampi = [n](std::int64_t i) {
                    return std::clamp(i < 0 ? i + n : i, std::int64_t{0}, n);
                };
                const auto b = clampi(as_int(arg_value(c, a, 1)));
                const auto e = a.size() > 2 ? clampi(as_int(arg_value(c, a, 2))) : n;
                ValueList out;
                for (auto i = b; i < e; ++i) out.push_back(v[static_cast<std::size_t>(i)]);
                return out;
            });
        add("all", 1, 1, ArgMode::Value, "all(list): every element is true (or non-zero)",
            [](EvalContext& c, const Args& a) -> Value {
                const Value v = arg_value(c, a, 0);
                if (v.is_list()) {
                    for (const auto& x : v.list())
                        if (x.is_bool() ? !truthy(x) : as_double(x) == 0) return false;
                    return true;
                }
                const Tensor t = as_tensor(v);
                for (std::int64_t i = 0; i < t.size(); ++i)
                    if (t.value_as_double(i) == 0) return false;
                return true;
            });
        add("any", 1, 1, ArgMode::Value, "any(list): some element is true (or non-zero)",
            [](EvalContext& c, const Args& a) -> Value {
                const Value v = arg_value(c, a, 0);
                if (v.is_list()) {
                    for (const auto& x : v.list())
                        if (x.is_bool() ? truthy(x) : as_double(x) != 0) return true;
                    return false;
                }
                const Tensor t = as_tensor(v);
                for (std::int64_t i = 0; i < t.size(); ++i)
                    if (t.value_as_double(i) != 0) return true;
                return false;
            });
        add("all_equal", 1, 1, ArgMode::Value,
            "all_equal(list): every element equals the first (cs.strides, a list of attributes)",
            [](EvalContext& c, const Args& a) -> Value {
                const Value v = arg_value(c, a, 0);
                if (!v.is_list()) throw ValueError("all_equal expects a list, got " + v.describe());
                for (const auto& x : v.list())
                    if (!values_equal(x, v.list().front())) return false;
                return true;
            });
        for (auto& e : t) e.info.takes_lists = e.info.name == "len" || e.info.name == "same_shape";
        return t;
    }();
    return entries;
}

} // namespace

const std::vector<Builtin>& builtins() {
    static const std::vector<Builtin> infos = [] {
        std::vector<Builtin> out;
        for (const auto& e : table()) out.push_back(e.info);
        return out;
    }();
    return infos;
}

std::optional<int> find_builtin(std::string_view name) {
    const auto& b = builtins();
    for (std::size_t i = 0; i < b.size(); ++i)
        if (b[i].name == name) return static_cast<int>(i);
    return std::nullopt;
}

Value call_builtin(int function, EvalContext& ctx, const std::vector<Arg>& args) {
    return table()[static_cast<std::size_t>(function)].fn(ctx, args);
}

} // namespace mo::rules
