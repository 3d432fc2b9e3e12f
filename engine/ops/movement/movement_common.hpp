#pragma once
// Helpers shared by the data-movement family: reading constant shape-defining inputs, dimension
// arithmetic on partially known shapes, and byte-level copy kernels. The kernels never look at
// element values: they move byte_size(type)-sized elements, so one kernel serves every type.
#include "engine/ops/kernel_utils.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mo::ops::movement {

using Ints = std::vector<std::int64_t>;
inline constexpr std::int64_t kDyn = PartialShape::kDynamic;

// Registration of each file's operations (called by register.cpp).
void register_shape_ops(OpRegistry& r);         // Reshape, Squeeze, Unsqueeze, ShapeOf
void register_transpose_ops(OpRegistry& r);     // Transpose, DepthToSpace, SpaceToDepth,
                                                // ShuffleChannels
void register_concat_split_ops(OpRegistry& r);  // Concat, Split, VariadicSplit
void register_gather_ops(OpRegistry& r);        // Gather, GatherElements, GatherND
void register_scatter_ops(OpRegistry& r);       // ScatterUpdate, ScatterElementsUpdate,
                                                // ScatterNDUpdate
void register_slice_ops(OpRegistry& r);         // StridedSlice, Slice
void register_pad_ops(OpRegistry& r);           // Pad
void register_tile_broadcast_ops(OpRegistry& r); // Tile, Broadcast
void register_generation_ops(OpRegistry& r);    // Range, OneHot, NonZero
void register_reverse_ops(OpRegistry& r);       // Reverse, ReverseSequence, Roll
void register_batch_space_ops(OpRegistry& r);   // BatchToSpace, SpaceToBatch

// ---- dimensions ----------------------------------------------------------------------------

inline bool is_dynamic(std::int64_t d) { return d < 0; }
// Products and sums that stay dynamic when an operand is dynamic.
inline std::int64_t dim_mul(std::int64_t a, std::int64_t b) {
    return is_dynamic(a) || is_dynamic(b) ? kDyn : a * b;
}
inline std::int64_t dim_add(std::int64_t a, std::int64_t b) {
    return is_dynamic(a) || is_dynamic(b) ? kDyn : a + b;
}
// True when two dimensions can describe the same extent.
inline bool dims_compatible(std::int64_t a, std::int64_t b) {
    return is_dynamic(a) || is_dynamic(b) || a == b;
}
// The known one of two compatible dimensions.
inline std::int64_t dim_merge(std::int64_t a, std::int64_t b) { return is_dynamic(a) ? b : a; }
std::string dim_str(std::int64_t d);
// The product of dimensions [from, to) of a static shape (1 for an empty range).
inline std::int64_t product(const Shape& s, std::size_t from, std::size_t to) {
    std::int64_t p = 1;
    for (std::size_t i = from; i < to; ++i) p *= s[i];
    return p;
}
std::string ints_str(std::span<const std::int64_t> v); // "[1,-1,0]" (values, not dims)

// Rank-known shape with every dimension dynamic, or dynamic rank when `rank` is unknown.
PartialShape shape_of_rank(std::optional<std::size_t> rank);
// The rank of a shape when known.
inline std::optional<std::size_t> rank_of(const PartialShape& s) {
    return s.rank_known() ? std::optional<std::size_t>(s.rank()) : std::nullopt;
}
// The element count of a 1-D input of `node` (its length) when its shape says so.
std::optional<std::size_t> length_of_1d_input(const Node& node, std::size_t i);

// ---- inputs --------------------------------------------------------------------------------

// Throws unless `t` is dynamic or an integer type.
void require_integer_input(const Node& node, std::size_t i, std::string_view what);
// Throws unless input i's rank is unknown or one of the given ranks.
void require_input_rank(const Node& node, std::size_t i, std::initializer_list<std::size_t> ranks,
                        std::string_view what);
// A constant scalar (or one-element) integer input, when computable. Throws when it has more
// than one element.
std::optional<std::int64_t> const_scalar(const Node& node, std::size_t i, std::string_view what);
// Single value of a one-element tensor (kernels); throws naming `what` otherwise.
std::int64_t scalar_value(const Tensor& t, std::string_view what);

// "i64"/"i32" style attribute into an element type; `allowed` restricts the accepted set when
// not empty.
ElementType type_attr(const Attributes& a, std::string_view name,
                      std::optional<std::string_view> fallback,
                      std::initializer_list<ElementType> allowed = {});

// Output type of data-moving ops: the type of input 0.
inline ElementType data_type(const Node& n) { return n.input_type(0); }

// ---- kernels -------------------------------------------------------------------------------

// Bytes per element of a tensor the movement kernels can handle; throws Error otherwise.
std::size_t element_bytes(ElementType t);

// Marks an output index that reads no source element (filled instead).
inline constexpr std::int64_t kOutside = std::numeric_limits<std::int64_t>::min();

// The general separable copy: output element [o_0, ..., o_{n-1}] reads the source element at
// offsets[0][o_0] + ... + offsets[n-1][o_{n-1}] (in elements). An offset of kOutside makes the
// element read `fill` (one element's bytes) instead, or stay zero when fill is null. `base` is
// added to every source offset.
// Transpose, slicing, tiling, broadcasting, padding, reversing and rolling are all this copy
// with different offset tables.
Tensor copy_mapped(const Tensor& src, const Shape& out_shape,
                   const std::vector<std::vector<std::int64_t>>& offsets,
                   const std::byte* fill = nullptr, std::int64_t base = 0);

// Offsets start*stride, (start+step)*stride, ... for `count` indices.
std::vector<std::int64_t> affine_offsets(std::int64_t count, std::int64_t start, std::int64_t step,
                                         std::int64_t stride);

// Output dim i is input dim perm[i]; perm must be a permutation of [0, rank).
Tensor transpose_tensor(const Tensor& t, std::span<const std::int64_t> perm);

// Copies `count` elements of `elem` bytes.
inline void copy_elements(std::byte* dst, const std::byte* src, std::int64_t count,
                          std::size_t elem) {
    if (count > 0) std::memcpy(dst, src, static_cast<std::size_t>(count) * elem);
}

// Throws InferenceError naming `what` when `index` is outside [0, size).
void require_index_in_range(std::int64_t index, std::int64_t size, std::string_view what);

} // namespace mo::ops::movement

