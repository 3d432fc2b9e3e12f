#pragma once
// Shared pieces of the element-wise family: inference helpers (broadcast modes, element type
// checks) and kernel helpers (typed views of tensors, broadcasting maps).
#include "engine/ops/elementwise/broadcast_walker.hpp"
#include "engine/ops/elementwise/numeric.hpp"
#include "engine/ops/kernel_utils.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace mo::ops::ew {

// ---- registration of the parts of the family (one file each) ----
void register_arithmetic_ops(OpRegistry& r);            // Add, Subtract, ..., FloorMod, Mod
void register_comparison_ops(OpRegistry& r);            // Equal, ..., LogicalAnd/Or/Xor/Not
void register_unary_math_ops(OpRegistry& r);            // Abs, ..., Tanh, Round, Sign
void register_activation_ops(OpRegistry& r);            // Relu, Sigmoid, Clamp, Elu, ..., Gelu
void register_parametric_activation_ops(OpRegistry& r); // PRelu, Selu, HardSigmoid, Swish
void register_convert_ops(OpRegistry& r);               // Convert, ConvertLike
void register_select_op(OpRegistry& r);                 // Select

// ---- inference ----
enum class AutoBroadcast { none, numpy };

// The node's auto_broadcast attribute ("numpy" when absent; "none"/"explicit" mean none).
AutoBroadcast auto_broadcast_of(const Node& node);

// Output shape of an element-wise op over shapes a and b; throws InferenceError naming both
// shapes when they are incompatible under `mode`.
PartialShape broadcast_shapes(const PartialShape& a, const PartialShape& b, AutoBroadcast mode);

// The common element type of inputs i and j (dynamic merges with anything); throws
// "inputs have element types f32 and i64" when they differ.
ElementType merge_input_types(const Node& node, std::size_t i, std::size_t j);

// Type requirements of the specs; dynamic always passes.
void require_numeric(ElementType t, std::string_view what = "input");  // not boolean
void require_floating(ElementType t, std::string_view what = "input"); // f16, bf16, f32, f64
void require_boolean(ElementType t, std::string_view what = "input");

// Checks that input i holds a single element when its shape is known (scalar parameters such
// as Selu's alpha).
void require_single_element(const Node& node, std::size_t i, std::string_view what);

// ---- kernels ----
// NumPy broadcast of two static shapes (Error when incompatible).
Shape broadcast_static(const Shape& a, const Shape& b);

// `t` converted to `type` (like Tensor::cast, with fast paths between f16/bf16 and f32).
Tensor converted(const Tensor& t, ElementType type);
// `t` converted to `type` (f16/bf16 -> f32 for computing) with storage suitably aligned for
// typed access (borrowed buffers from model files may not be).
Tensor prepared(const Tensor& t, ElementType type);
// Boolean tensor whose bytes are exactly 0 or 1 (so it can be read as uint8_t safely).
Tensor normalized_bool(const Tensor& t);

// Throws Error when the kernel got a different number of inputs than it needs.
void require_input_count(std::span<const Tensor> inputs, std::size_t min, std::size_t max);
// Throws Error "inputs have element types f32 and i64" when they differ.
void require_same_type(const Tensor& a, const Tensor& b);

template <class T> const T* typed(const Tensor& t) {
    return reinterpret_cast<const T*>(t.raw());
}
template <class T> T* typed_mut(Tensor& t) {
    return reinterpret_cast<T*>(t.mutable_raw());
}

// Element-wise op(a, b) with broadcasting into a new tensor of `out_type` (stored as O).
template <class I, class O, class Op>
Tensor binary_map(const Tensor& a, const Tensor& b, ElementType out_type, Op op) {
    Shape out_shape = broadcast_static(a.shape(), b.shape());
    Tensor out(out_type, out_shape);
    BroadcastWalker<2> walker(out_shape, {&a.shape(), &b.shape()});
    binary_broadcast(typed<I>(a), typed<I>(b), typed_mut<O>(out), walker, op);
    return out;
}

// out[i] = f(in[i]) into a new tensor of `out_type` (stored as O) with the shape of `in`.
template <class I, class O, class F> Tensor unary_map(const Tensor& in, ElementType out_type, F f) {
    Tensor out(out_type, in.shape());
    const I* src = typed<I>(in);
    O* dst = typed_mut<O>(out);
    const std::int64_t n = in.size();
    for (std::int64_t i = 0; i < n; ++i) dst[i] = static_cast<O>(f(src[i]));
    return out;
}

// Reads a one-element tensor (a scalar parameter input) as double.
double scalar_value(const Tensor& t, std::string_view what);

} // namespace mo::ops::ew
