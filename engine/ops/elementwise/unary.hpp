#pragma once
// Building blocks of unary element-wise ops: output = f(input), same type and shape.
#include "engine/ops/elementwise/common.hpp"

#include <type_traits>

namespace mo::ops::ew {

// Marks an op defined for floating-point types only.
struct FloatingOnly {};

// Integer inputs of a floating function (Sqrt, Sin, ...) are computed in double and rounded.
template <class F> auto via_double(F f) {
    return [f](auto x) {
        using T = decltype(x);
        return round_to<T>(f(static_cast<double>(x)));
    };
}
inline constexpr auto identity = [](auto x) { return x; };

// Applies `on_float` to floating elements (f16/bf16 computed in f32) and `on_int` to integer
// ones (or rejects them when on_int is FloatingOnly).
template <class FF, class FI>
std::vector<Tensor> eval_unary(std::span<const Tensor> inputs, FF on_float, FI on_int) {
    require_input_count(inputs, 1, 1);
    const ElementType type = inputs[0].type();
    const ElementType ct = compute_type(type);
    const Tensor in = prepared(inputs[0], ct);
    auto apply = [&](auto tag) {
        using T = typename decltype(tag)::type;
        if constexpr (std::is_floating_point_v<T>) {
            return unary_map<T, T>(in, ct, [&](T v) -> T { return static_cast<T>(on_float(v)); });
        } else if constexpr (!std::is_same_v<FI, FloatingOnly>) {
            return unary_map<T, T>(in, ct, [&](T v) -> T { return static_cast<T>(on_int(v)); });
        } else {
            no_kernel_for(type);
            return Tensor{};
        }
    };
    Tensor out;
    if constexpr (std::is_same_v<FI, FloatingOnly>)
        out = visit_floating(ct, apply);
    else
        out = visit_numeric(ct, apply);
    return {converted(out, type)};
}

// Inference of a unary op: output = input description after the type check.
inline void infer_unary_numeric(Node& n) {
    require_numeric(n.input_type(0));
    n.set_output(0, n.input_type(0), n.input_shape(0));
}
inline void infer_unary_floating(Node& n) {
    require_floating(n.input_type(0));
    n.set_output(0, n.input_type(0), n.input_shape(0));
}

// Registers a unary op without attributes.
template <class FF, class FI>
void add_unary(OpRegistry& r, std::string type, int opset, FF on_float, FI on_int) {
    constexpr bool floating_only = std::is_same_v<FI, FloatingOnly>;
    r.add(make_op(std::move(type), opset, 1, 1, {},
                  floating_only ? InferFn(infer_unary_floating) : InferFn(infer_unary_numeric),
                  [on_float, on_int](const Node&, std::span<const Tensor> in) {
                      return eval_unary(in, on_float, on_int);
                  }));
}

} // namespace mo::ops::ew
