#pragma once
// Helpers shared by the nn family: attribute parsing, window (convolution/pooling) geometry,
// type checks, and the floating-point compute type of the reference kernels.
#include "engine/ops/kernel_utils.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::ops::nn {

using Ints = std::vector<std::int64_t>;
inline constexpr std::int64_t kDyn = PartialShape::kDynamic;

// Registration of each file's operations (called by register.cpp).
void register_convolution_ops(OpRegistry& r);
void register_pooling_ops(OpRegistry& r);
void register_matmul_ops(OpRegistry& r);
void register_normalization_ops(OpRegistry& r);
void register_softmax_ops(OpRegistry& r);
void register_interpolate_ops(OpRegistry& r);
void register_topk_ops(OpRegistry& r);
void register_einsum_ops(OpRegistry& r);
void register_grid_sample_ops(OpRegistry& r);
void register_detection_ops(OpRegistry& r); // DetectionOutput

// ---- types -------------------------------------------------------------------------------

std::string type_name(ElementType t);
// Common element type of inputs `a` and `b` of a node (dynamic when both are unknown); throws
// "<what_a> type f32 does not match <what_b> type f16" when they differ.
ElementType same_type(const Node& n, std::size_t a, std::size_t b, std::string_view what_a,
                      std::string_view what_b);
// Throws unless `t` is dynamic or a floating type.
void require_floating(ElementType t, std::string_view what);
// Throws unless `t` is dynamic or an integer type.
void require_integral(ElementType t, std::string_view what);
// Parses "i32"/"i64" (index_element_type attributes).
ElementType index_type_attr(const Attributes& a, std::string_view name, std::string_view fallback);

// Floating type the kernels compute in: f64 stays f64, every other type computes in f32.
inline ElementType float_compute_type(ElementType t) {
    return t == ElementType::f64 ? ElementType::f64 : ElementType::f32;
}
// Calls f(T{}) with float or double according to float_compute_type(t).
template <class F> decltype(auto) with_float_type(ElementType t, F&& f) {
    if (float_compute_type(t) == ElementType::f64) return f(double{});
    return f(float{});
}

// ---- shapes ------------------------------------------------------------------------------

// Throws "<what> must have rank between lo and hi, got r" when the rank is known and outside.
void require_rank(const PartialShape& s, std::size_t lo, std::size_t hi, std::string_view what);
// "2 and 3" style dimension comparison: true when either is dynamic or they are equal.
inline bool dims_compatible(std::int64_t a, std::int64_t b) {
    return a < 0 || b < 0 || a == b;
}
std::string dim_str(std::int64_t d);

// ---- window geometry (convolution and pooling) ---------------------------------------------

enum class AutoPad { explicit_pads, same_upper, same_lower, valid };
AutoPad auto_pad_attr(const Attributes& a);

// An int list attribute with exactly `n` values (one per spatial axis). When absent and a
// fallback value is given, n copies of it.
Ints spatial_attr(const Attributes& a, std::string_view name, std::size_t n,
                  std::optional<std::int64_t> fallback = std::nullopt);
// Throws unless every value is positive.
void require_positive(const Ints& v, std::string_view name);
// pads_begin and pads_end: required with explicit padding; with auto_pad they are ignored and
// may be omitted (zeros).
void read_pads(const Attributes& a, AutoPad mode, std::size_t n, Ints& begin, Ints& end);

struct AxisPads {
    std::int64_t begin = 0;
    std::int64_t end = 0;
};

// Padding of one spatial axis of a forward window op. `window` is the dilated extent
// ((kernel-1)*dilation+1). For same_upper/same_lower the input size must be known (nullopt
// otherwise): the output is ceil(in/stride) and the odd pixel goes to the end/beginning.
std::optional<AxisPads> forward_pads(AutoPad mode, std::int64_t in, std::int64_t window,
                                     std::int64_t stride, std::int64_t pad_begin,
                                     std::int64_t pad_end);
// Output size of one spatial axis of a forward window op (kDyn when in or window is unknown).
// Throws when the window does not fit the padded input.
std::int64_t forward_out_dim(AutoPad mode, std::int64_t in, std::int64_t window,
                             std::int64_t stride, const std::optional<AxisPads>& pads,
                             bool ceil_rounding, std::size_t axis);
// Both for one spatial axis, as convolution and pooling need them: resolves the axis' pads in
// place (pads_known turns false when they cannot be known yet) and returns the output size.
std::int64_t forward_axis(AutoPad mode, std::int64_t in, std::int64_t window, std::int64_t stride,
                          std::int64_t& pad_begin, std::int64_t& pad_end, bool& pads_known,
                          bool ceil_rounding, std::size_t axis);

// Spatial geometry with 1D/2D problems lifted to 3D (leading axes of size 1), so the kernels
// are written once.
struct Geometry3 {
    std::array<std::int64_t, 3> in{1, 1, 1}, out{1, 1, 1}, kernel{1, 1, 1}, stride{1, 1, 1},
        dilation{1, 1, 1}, pad_begin{0, 0, 0}, pad_end{0, 0, 0};
    std::int64_t in_size() const { return in[0] * in[1] * in[2]; }
    std::int64_t out_size() const { return out[0] * out[1] * out[2]; }
    std::int64_t kernel_size() const { return kernel[0] * kernel[1] * kernel[2]; }
};
Geometry3 make_geometry(const Ints& in, const Ints& out, const Ints& kernel, const Ints& stride,
                        const Ints& dilation, const Ints& pad_begin, const Ints& pad_end);

// Shape of dims [from, rank) of a static shape, and their product.
Ints dims_from(const Shape& s, std::size_t from);

} // namespace mo::ops::nn
