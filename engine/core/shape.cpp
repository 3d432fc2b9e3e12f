#include "engine/core/shape.hpp"

#include "engine/core/error.hpp"

#include <algorithm>

namespace mo {

std::int64_t element_count(std::span<const std::int64_t> shape) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::string to_string(std::span<const std::int64_t> shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i) s += ',';
        s += shape[i] < 0 ? std::string("?") : std::to_string(shape[i]);
    }
    return s + "]";
}

bool PartialShape::is_static() const {
    return rank_known_ && std::none_of(dims_.begin(), dims_.end(), [](auto d) { return d < 0; });
}

const Shape& PartialShape::to_shape() const {
    if (!is_static()) throw InferenceError("shape " + to_string() + " is not static");
    return dims_;
}

std::optional<Shape> PartialShape::static_shape() const {
    if (!is_static()) return std::nullopt;
    return dims_;
}

std::string PartialShape::to_string() const {
    return rank_known_ ? mo::to_string(dims_) : std::string("[...]");
}

std::optional<PartialShape> broadcast_numpy(const PartialShape& a, const PartialShape& b) {
    if (!a.rank_known() || !b.rank_known()) return PartialShape::dynamic();
    const std::size_t rank = std::max(a.rank(), b.rank());
    Shape out(rank);
    for (std::size_t i = 0; i < rank; ++i) {
        const std::int64_t da = i < rank - a.rank() ? 1 : a[i - (rank - a.rank())];
        const std::int64_t db = i < rank - b.rank() ? 1 : b[i - (rank - b.rank())];
        if (da == 1)
            out[i] = db;
        else if (db == 1)
            out[i] = da;
        else if (da < 0)
            out[i] = db; // unknown vs known: the known one (or stays unknown)
        else if (db < 0)
            out[i] = da;
        else if (da == db)
            out[i] = da;
        else
            return std::nullopt;
    }
    return PartialShape(std::move(out));
}

std::optional<PartialShape> merge(const PartialShape& a, const PartialShape& b) {
    if (!a.rank_known()) return b;
    if (!b.rank_known()) return a;
    if (!compatible(a, b)) return std::nullopt;
    Shape out(a.rank());
    for (std::size_t i = 0; i < a.rank(); ++i) out[i] = a[i] < 0 ? b[i] : a[i];
    return PartialShape(std::move(out));
}

bool compatible(const PartialShape& a, const PartialShape& b) {
    if (!a.rank_known() || !b.rank_known()) return true;
    if (a.rank() != b.rank()) return false;
    for (std::size_t i = 0; i < a.rank(); ++i)
        if (a[i] >= 0 && b[i] >= 0 && a[i] != b[i]) return false;
    return true;
}

std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank) {
    if (axis < -rank || axis >= std::max<std::int64_t>(rank, 1))
        throw InferenceError("axis " + std::to_string(axis) + " is out of range for rank " +
                             std::to_string(rank));
    return axis < 0 ? axis + rank : axis;
}

} // namespace mo
