#pragma once
// Axes handling shared by the reductions: validation of an axes list and the reduced shape.
#include "engine/core/shape.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace mo::ops::red {

// One flag per dimension of a rank-`rank` tensor: true where `axes` reduces it. Negative axes
// count from the back. Throws InferenceError for an axis out of [-rank, rank) or a repeated axis.
std::vector<bool> reduced_axes(std::span<const std::int64_t> axes, std::size_t rank);

// The shape after reducing the flagged dims: removed, or kept as 1 when keep_dims.
PartialShape reduced_shape(const PartialShape& in, const std::vector<bool>& reduced,
                           bool keep_dims);
Shape reduced_shape(const Shape& in, const std::vector<bool>& reduced, bool keep_dims);

} // namespace mo::ops::red
