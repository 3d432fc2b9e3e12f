#include "engine/rules/value.hpp"

#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"
#include "engine/eval/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <sstream>

namespace mo::rules {

std::string Value::describe() const {
    struct V {
        std::string operator()(std::monostate) const { return "none"; }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            std::ostringstream s;
            s << d;
            return s.str();
        }
        std::string operator()(const std::string& s) const { return "\"" + s + "\""; }
        std::string operator()(ElementType t) const { return std::string(to_string(t)); }
        std::string operator()(const Tensor& t) const {
            return "tensor " + std::string(to_string(t.type())) + to_string(t.shape());
        }
        std::string operator()(const ValueList& l) const {
            std::string s = "[";
            for (std::size_t i = 0; i < l.size(); ++i) s += (i ? ", " : "") + l[i].describe();
            return s + "]";
        }
    };
    return std::visit(V{}, v);
}

bool truthy(const Value& v) {
    if (auto* b = std::get_if<bool>(&v.v)) return *b;
    throw ValueError("expected a condition, got " + v.describe());
}

double as_double(const Value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v.v)) return static_cast<double>(*i);
    if (auto* d = std::get_if<double>(&v.v)) return *d;
    if (auto* b = std::get_if<bool>(&v.v)) return *b ? 1 : 0;
    if (v.is_tensor() && v.tensor().size() == 1) return v.tensor().value_as_double(0);
    throw ValueError("expected a number, got " + v.describe());
}

std::int64_t as_int(const Value& v) {
    if (auto* i = std::get_if<std::int64_t>(&v.v)) return *i;
    if (auto* d = std::get_if<double>(&v.v); d && std::floor(*d) == *d)
        return static_cast<std::int64_t>(*d);
    if (v.is_tensor() && v.tensor().size() == 1 && !is_floating(v.tensor().type()))
        return v.tensor().value_as_int64(0);
    throw ValueError("expected an integer, got " + v.describe());
}

std::vector<std::int64_t> as_ints(const Value& v) {
    if (v.is_list()) {
        std::vector<std::int64_t> out;
        for (const auto& e : v.list()) out.push_back(as_int(e));
        return out;
    }
    if (v.is_tensor() && v.tensor().shape().size() <= 1 && !is_floating(v.tensor().type()))
        return v.tensor().to_int64s();
    throw ValueError("expected a list of integers, got " + v.describe());
}

std::string as_string(const Value& v) {
    if (v.is_string()) return std::get<std::string>(v.v);
    throw ValueError("expected a string, got " + v.describe());
}

ElementType as_dtype(const Value& v) {
    if (v.is_dtype()) return std::get<ElementType>(v.v);
    if (v.is_string())
        if (auto t = element_type_from_string(std::get<std::string>(v.v))) return *t;
    throw ValueError("expected an element type, got " + v.describe());
}

namespace {
// Flattens nested lists of numbers; returns the shape.
void flatten(const Value& v, std::vector<double>& out, Shape& shape, std::size_t depth,
             bool& floating) {
    if (v.is_list()) {
        const auto& l = v.list();
        if (shape.size() <= depth)
            shape.push_back(static_cast<std::int64_t>(l.size()));
        else if (shape[depth] != static_cast<std::int64_t>(l.size()))
            throw ValueError("ragged nested list");
        for (const auto& e : l) flatten(e, out, shape, depth + 1, floating);
        return;
    }
    if (std::holds_alternative<double>(v.v)) floating = true;
    out.push_back(as_double(v));
}
} // namespace

Tensor as_tensor(const Value& v, ElementType hint) {
    if (v.is_tensor()) return v.tensor();
    if (v.is_number() || v.is_bool() || v.is_list()) {
        std::vector<double> data;
        Shape shape;
        bool floating = false;
        flatten(v, data, shape, 0, floating);
        ElementType t = hint;
        if (t == ElementType::dynamic) t = floating ? ElementType::f32 : ElementType::i64;
        if (v.is_bool()) t = ElementType::boolean;
        Tensor out(t == ElementType::f16 || t == ElementType::bf16 ? ElementType::f32 : t, shape);
        for (std::size_t i = 0; i < data.size(); ++i)
            set_value_from_double(out, static_cast<std::int64_t>(i), data[i]);
        return out.type() == t ? out : out.cast(t);
    }
    throw ValueError("expected a tensor, got " + v.describe());
}

Value from_attribute(const AttrValue& a) {
    struct V {
        Value operator()(bool b) const { return b; }
        Value operator()(std::int64_t i) const { return i; }
        Value operator()(double d) const { return d; }
        Value operator()(const std::string& s) const { return s; }
        Value operator()(const std::vector<std::int64_t>& l) const {
            ValueList out(l.begin(), l.end());
            return out;
        }
        Value operator()(const std::vector<double>& l) const {
            ValueList out(l.begin(), l.end());
            return out;
        }
        Value operator()(const std::vector<std::string>& l) const {
            ValueList out(l.begin(), l.end());
            return out;
        }
        Value operator()(const Tensor& t) const { return t; }
    };
    return std::visit(V{}, a);
}

AttrValue to_attribute(const Value& v) {
    struct V {
        AttrValue operator()(std::monostate) const {
            throw ValueError("no value for an attribute");
        }
        AttrValue operator()(bool b) const { return b; }
        AttrValue operator()(std::int64_t i) const { return i; }
        AttrValue operator()(double d) const { return d; }
        AttrValue operator()(const std::string& s) const { return s; }
        AttrValue operator()(ElementType t) const { return std::string(to_string(t)); }
        AttrValue operator()(const Tensor& t) const {
            if (t.shape().size() > 1) return t;
            if (t.shape().empty()) {
                if (is_floating(t.type())) return t.value_as_double(0);
                return t.value_as_int64(0);
            }
            if (is_floating(t.type())) return t.to_doubles();
            return t.to_int64s();
        }
        AttrValue operator()(const ValueList& l) const {
            bool all_int = true, all_num = true, all_str = true;
            for (const auto& e : l) {
                all_int = all_int && e.is_int();
                all_num = all_num && e.is_number();
                all_str = all_str && e.is_string();
            }
            if (all_int) {
                std::vector<std::int64_t> out;
                for (const auto& e : l) out.push_back(as_int(e));
                return out;
            }
            if (all_num) {
                std::vector<double> out;
                for (const auto& e : l) out.push_back(as_double(e));
                return out;
            }
            if (all_str) {
                std::vector<std::string> out;
                for (const auto& e : l) out.push_back(as_string(e));
                return out;
            }
            throw ValueError("a list attribute must hold only numbers or only strings");
        }
    };
    return std::visit(V{}, v.v);
}

bool values_equal(const Value& a, const Value& b) {
    if (a.is_number() && b.is_number()) {
        if (a.is_int() && b.is_int()) return as_int(a) == as_int(b);
        return as_double(a) == as_double(b);
    }
    if (a.is_list() && b.is_list()) {
        if (a.list().size() != b.list().size()) return false;
        for (std::size_t i = 0; i < a.list().size(); ++i)
            if (!values_equal(a.list()[i], b.list()[i])) return false;
        return true;
    }
    if (a.is_dtype() || b.is_dtype()) {
        if (a.is_dtype() && b.is_dtype()) return as_dtype(a) == as_dtype(b);
        if (a.is_string() || b.is_string()) return as_dtype(a) == as_dtype(b);
        return false;
    }
    if (a.is_tensor() && b.is_tensor()) return a.tensor().equals(b.tensor());
    if (a.is_tensor() || b.is_tensor()) {
        const Tensor& t = a.is_tensor() ? a.tensor() : b.tensor();
        const Value& other = a.is_tensor() ? b : a;
        if (t.size() != 1 || !other.is_number()) return false;
        return t.value_as_double(0) == as_double(other);
    }
    if (a.is_string() && b.is_string()) return as_string(a) == as_string(b);
    if (a.is_bool() && b.is_bool()) return std::get<bool>(a.v) == std::get<bool>(b.v);
    return a.is_none() && b.is_none();
}

Tensor run_kernel(const std::string& type, const std::vector<Tensor>& inputs, Attributes attrs) {
    Graph scratch;
    std::vector<Output> args;
    for (const Tensor& t : inputs) args.push_back(scratch.add_const(t).output(0));
    Node& node = scratch.add(type, std::move(args), std::move(attrs));
    auto results = evaluate_node(node, inputs);
    if (results.empty()) throw ValueError(type + " produced no value");
    return results.front();
}

namespace {

// Reads f32 elements where the bytes are: weights borrowed from a model file may sit at unaligned
// addresses, and reading them in place avoids Tensor::raw()'s realigned copy of the whole tensor.
class F32Reader {
public:
    explicit F32Reader(const Tensor& t) : bytes_(t.bytes().data()) {}
    float operator[](std::int64_t i) const {
        float v;
        std::memcpy(&v, bytes_ + i * static_cast<std::int64_t>(sizeof(float)), sizeof(float));
        return v;
    }

private:
    const std::byte* bytes_;
};

// f(x, y) with numpy broadcasting (shapes aligned at the right; a dimension of 1 repeats), as
// the Add/Multiply kernels compute it; nullopt when the shapes do not broadcast. The innermost
// dimension runs as a tight loop (weights times a per-channel scale is the common case).
template <class F> std::optional<Tensor> f32_broadcast(F f, const Tensor& x, const Tensor& y) {
    const std::size_t rank = std::max(x.shape().size(), y.shape().size());
    Shape out_shape(rank, 1), xd(rank, 1), yd(rank, 1);
    for (std::size_t i = 0; i < x.shape().size(); ++i)
        xd[rank - x.shape().size() + i] = x.shape()[i];
    for (std::size_t i = 0; i < y.shape().size(); ++i)
        yd[rank - y.shape().size() + i] = y.shape()[i];
    for (std::size_t i = 0; i < rank; ++i) {
        if (xd[i] != yd[i] && xd[i] != 1 && yd[i] != 1) return std::nullopt;
        out_shape[i] = xd[i] == 1 ? yd[i] : xd[i];
    }
    // Element strides of each operand, 0 along a repeated dimension.
    std::vector<std::int64_t> xs(rank, 0), ys(rank, 0);
    for (std::int64_t i = static_cast<std::int64_t>(rank) - 1, sx = 1, sy = 1; i >= 0; --i) {
        const auto u = static_cast<std::size_t>(i);
        xs[u] = xd[u] == 1 ? 0 : sx;
        ys[u] = yd[u] == 1 ? 0 : sy;
        sx *= xd[u];
        sy *= yd[u];
    }
    Tensor out(ElementType::f32, out_shape);
    float* o = out.mutable_data<float>().data();
    const F32Reader xv(x), yv(y);
    const std::int64_t total = out.size();
    if (total == 0) return out;
    const std::int64_t inner = rank ? out_shape[rank - 1] : 1;
    const std::int64_t xin = rank ? xs[rank - 1] : 0, yin = rank ? ys[rank - 1] : 0;
    std::vector<std::int64_t> index(rank, 0);
    std::int64_t xi = 0, yi = 0;
    for (std::int64_t k = 0; k < total; k += inner) {
        for (std::int64_t j = 0; j < inner; ++j) o[k + j] = f(xv[xi + j * xin], yv[yi + j * yin]);
        for (std::size_t d = rank > 0 ? rank - 1 : 0;
             d-- > 0;) { // odometer over the outer dimensions
            xi += xs[d];
            yi += ys[d];
            if (++index[d] < out_shape[d]) break;
            xi -= xs[d] * out_shape[d];
            yi -= ys[d] * out_shape[d];
            index[d] = 0;
        }
    }
    return out;
}

template <class F> std::optional<Tensor> f32_apply(F f, const Tensor& x, const Tensor& y) {
    const bool same = x.shape() == y.shape();
    const bool x_one = x.size() == 1 && x.shape().size() <= y.shape().size();
    const bool y_one = y.size() == 1 && y.shape().size() <= x.shape().size();
    if (!same && !x_one && !y_one) return f32_broadcast(f, x, y);
    const Tensor& big = same || y_one ? x : y;
    Tensor out(ElementType::f32, big.shape());
    float* o = out.mutable_data<float>().data();
    const F32Reader xs(x), ys(y);
    const std::int64_t n = out.size();
    if (same)
        for (std::int64_t i = 0; i < n; ++i) o[i] = f(xs[i], ys[i]);
    else if (y_one)
        for (std::int64_t i = 0; i < n; ++i) o[i] = f(xs[i], ys[0]);
    else
        for (std::int64_t i = 0; i < n; ++i) o[i] = f(xs[0], ys[i]);
    return out;
}

// The common case of weight folding (f32 tensors, numpy broadcasting) computed in place: the
// general path builds a scratch graph per operation, which dominates the cost of a rewrite on
// large models. Same results as the Add/Subtract/Multiply/Divide kernels.
std::optional<Tensor> f32_elementwise(const std::string& op, const Tensor& x, const Tensor& y) {
    if (x.type() != ElementType::f32 || y.type() != ElementType::f32) return std::nullopt;
    if (op == "+") return f32_apply([](float p, float q) { return p + q; }, x, y);
    if (op == "-") return f32_apply([](float p, float q) { return p - q; }, x, y);
    if (op == "*") return f32_apply([](float p, float q) { return p * q; }, x, y);
    if (op == "/") return f32_apply([](float p, float q) { return p / q; }, x, y);
    return std::nullopt;
}

} // namespace

Value arithmetic(const std::string& op, const Value& a, const Value& b) {
    if (op == "+" && a.is_string() && b.is_string()) return as_string(a) + as_string(b); // names
    if (a.is_number() && b.is_number()) {
        if (a.is_int() && b.is_int() && op != "/") {
            const auto x = as_int(a), y = as_int(b);
            if (op == "+") return x + y;
            if (op == "-") return x - y;
            if (op == "*") return x * y;
        }
        const double x = as_double(a), y = as_double(b);
        if (op == "+") return x + y;
        if (op == "-") return x - y;
        if (op == "*") return x * y;
        if (op == "/") return x / y;
        if (op == "pow") return std::pow(x, y);
        if (op == "max") return std::max(x, y);
        if (op == "min") return std::min(x, y);
        throw ValueError("unknown operator " + op);
    }
    // Lists (shapes, pads) combine elementwise with a list of the same length or a number.
    if (a.is_list() || b.is_list()) {
        if (a.is_tensor() || b.is_tensor()) throw ValueError("cannot combine a list with a tensor");
        const std::size_t n = a.is_list() ? a.list().size() : b.list().size();
        if (a.is_list() && b.is_list() && b.list().size() != n)
            throw ValueError("lists of different lengths");
        ValueList out;
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(
                arithmetic(op, a.is_list() ? a.list()[i] : a, b.is_list() ? b.list()[i] : b));
        return out;
    }
    // Tensor arithmetic: a plain number takes the element type of the tensor operand.
    const ElementType hint = a.is_tensor()   ? a.tensor().type()
                             : b.is_tensor() ? b.tensor().type()
                                             : ElementType::dynamic;
    const Tensor x = as_tensor(a, hint), y = as_tensor(b, hint);
    if (auto fast = f32_elementwise(op, x, y)) return *fast;
    static const std::map<std::string, std::string> kOps = {
        {"+", "Add"},     {"-", "Subtract"},  {"*", "Multiply"}, {"/", "Divide"},
        {"pow", "Power"}, {"max", "Maximum"}, {"min", "Minimum"}};
    auto it = kOps.find(op);
    if (it == kOps.end()) throw ValueError("unknown operator " + op);
    Attributes attrs;
    attrs.set("auto_broadcast", "numpy");
    return run_kernel(it->second, {x, y}, std::move(attrs));
}

} // namespace mo::rules
