#include "engine/ops/reduction/axes.hpp"

#include "engine/core/error.hpp"

#include <string>

namespace mo::ops::red {

std::vector<bool> reduced_axes(std::span<const std::int64_t> axes, std::size_t rank) {
    std::vector<bool> reduced(rank, false);
    const auto r = static_cast<std::int64_t>(rank);
    for (std::int64_t axis : axes) {
        if (axis < -r || axis >= r)
            throw InferenceError("axis " + std::to_string(axis) + " is out of range for rank " +
                                 std::to_string(rank));
        const auto a = static_cast<std::size_t>(axis < 0 ? axis + r : axis);
        if (reduced[a])
            throw InferenceError("axis " + std::to_string(axis) + " is listed more than once");
        reduced[a] = true;
    }
    return reduced;
}

Shape reduced_shape(const Shape& in, const std::vector<bool>& reduced, bool keep_dims) {
    Shape out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (!reduced[i])
            out.push_back(in[i]);
        else if (keep_dims)
            out.push_back(1);
    }
    return out;
}

PartialShape reduced_shape(const PartialShape& in, const std::vector<bool>& reduced,
                           bool keep_dims) {
    if (!in.rank_known()) return in;
    return PartialShape(reduced_shape(in.dims(), reduced, keep_dims));
}

} // namespace mo::ops::red
