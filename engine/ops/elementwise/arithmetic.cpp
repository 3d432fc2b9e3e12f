// Binary arithmetic with broadcasting: Add, Subtract, Multiply, Divide, Power, Maximum, Minimum,
// SquaredDifference, FloorMod, Mod (all opset 1). Output type = input type (numeric, same for
// both inputs). Integer arithmetic wraps; integer division by zero gives 0 instead of trapping.
#include "engine/ops/elementwise/common.hpp"

#include <cmath>
#include <type_traits>

namespace mo::ops::ew {
namespace {

void infer_arithmetic(Node& n) {
    const AutoBroadcast mode = auto_broadcast_of(n);
    const ElementType t = merge_input_types(n, 0, 1);
    require_numeric(t, "inputs");
    n.set_output(0, t, broadcast_shapes(n.input_shape(0), n.input_shape(1), mode));
}

// Op: a callable with template <class T> T operator()(T, T) const.
template <class Op> std::vector<Tensor> eval_arithmetic(std::span<const Tensor> in, Op op) {
    require_input_count(in, 2, 2);
    require_same_type(in[0], in[1]);
    const ElementType type = in[0].type();
    const ElementType ct = compute_type(type);
    const Tensor a = prepared(in[0], ct);
    const Tensor b = prepared(in[1], ct);
    Tensor out = visit_numeric(ct, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return binary_map<T, T>(a, b, ct, [op](T x, T y) -> T { return op(x, y); });
    });
    return {converted(out, type)};
}

template <class Op> void add_arithmetic(OpRegistry& r, std::string type, Op op) {
    r.add(
        make_op(std::move(type), 1, 2, 2, {"auto_broadcast"}, infer_arithmetic,
                [op](const Node&, std::span<const Tensor> in) { return eval_arithmetic(in, op); }));
}

struct AddOp {
    template <class T> T operator()(T a, T b) const { return add_wrap(a, b); }
};
struct SubtractOp {
    template <class T> T operator()(T a, T b) const { return sub_wrap(a, b); }
};
struct MultiplyOp {
    template <class T> T operator()(T a, T b) const { return mul_wrap(a, b); }
};
struct DivideOp {
    bool floor; // m_pythondiv: integer division rounds toward negative infinity
    template <class T> T operator()(T a, T b) const {
        if constexpr (std::is_floating_point_v<T>)
            return a / b;
        else
            return int_divide(a, b, floor);
    }
};
struct PowerOp {
    template <class T> T operator()(T a, T b) const {
        if constexpr (std::is_floating_point_v<T>)
            return std::pow(a, b);
        else
            return int_power(a, b);
    }
};
struct MaximumOp {
    template <class T> T operator()(T a, T b) const { return a < b ? b : a; }
};
struct MinimumOp {
    template <class T> T operator()(T a, T b) const { return b < a ? b : a; }
};
struct SquaredDifferenceOp {
    template <class T> T operator()(T a, T b) const {
        const T d = sub_wrap(a, b);
        return mul_wrap(d, d);
    }
};
struct FloorModOp { // sign of the divisor, like Python's %
    template <class T> T operator()(T a, T b) const {
        if constexpr (std::is_floating_point_v<T>) {
            T r = std::fmod(a, b);
            if (r != 0 && ((r < 0) != (b < 0))) r += b;
            return r;
        } else {
            return int_floor_mod(a, b);
        }
    }
};
struct ModOp { // sign of the dividend, like C's fmod / %
    template <class T> T operator()(T a, T b) const {
        if constexpr (std::is_floating_point_v<T>)
            return std::fmod(a, b);
        else
            return int_trunc_mod(a, b);
    }
};

} // namespace

void register_arithmetic_ops(OpRegistry& r) {
    add_arithmetic(r, "Add", AddOp{});
    add_arithmetic(r, "Subtract", SubtractOp{});
    add_arithmetic(r, "Multiply", MultiplyOp{});
    add_arithmetic(r, "Power", PowerOp{});
    add_arithmetic(r, "Maximum", MaximumOp{});
    add_arithmetic(r, "Minimum", MinimumOp{});
    add_arithmetic(r, "SquaredDifference", SquaredDifferenceOp{});
    add_arithmetic(r, "FloorMod", FloorModOp{});
    add_arithmetic(r, "Mod", ModOp{});
    r.add(make_op("Divide", 1, 2, 2, {"m_pythondiv", "auto_broadcast"}, infer_arithmetic,
                  [](const Node& n, std::span<const Tensor> in) {
                      return eval_arithmetic(in, DivideOp{n.attrs.get_bool("m_pythondiv", true)});
                  }));
}

} // namespace mo::ops::ew
