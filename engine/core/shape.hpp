#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mo {

// A static shape: every dimension known.
using Shape = std::vector<std::int64_t>;

// Number of elements of a static shape (1 for a scalar).
std::int64_t element_count(std::span<const std::int64_t> shape);
std::string to_string(std::span<const std::int64_t> shape); // "[1,3,224,224]"

// A shape whose rank or dimensions may be unknown. A dimension of kDynamic is unknown.
class PartialShape {
public:
    static constexpr std::int64_t kDynamic = -1;

    PartialShape() = default; // dynamic rank
    PartialShape(Shape dims) : dims_(std::move(dims)), rank_known_(true) {}
    PartialShape(std::initializer_list<std::int64_t> dims) : dims_(dims), rank_known_(true) {}
    static PartialShape dynamic() { return {}; }
    static PartialShape dynamic_of_rank(std::size_t rank) {
        return PartialShape(Shape(rank, kDynamic));
    }

    bool rank_known() const { return rank_known_; }
    std::size_t rank() const { return dims_.size(); } // only meaningful when rank_known()
    bool is_static() const;
    // Requires is_static().
    const Shape& to_shape() const;
    std::optional<Shape> static_shape() const;
    const std::vector<std::int64_t>& dims() const { return dims_; }
    std::int64_t operator[](std::size_t i) const { return dims_[i]; }
    std::int64_t& operator[](std::size_t i) { return dims_[i]; }

    // "[1,3,?,224]" or "[...]" for dynamic rank.
    std::string to_string() const;
    bool operator==(const PartialShape&) const = default;

private:
    std::vector<std::int64_t> dims_;
    bool rank_known_ = false;
};

// NumPy-style broadcast of two shapes; nullopt when incompatible.
std::optional<PartialShape> broadcast_numpy(const PartialShape& a, const PartialShape& b);
// Merges two descriptions of the same shape; nullopt when they contradict.
std::optional<PartialShape> merge(const PartialShape& a, const PartialShape& b);
// Whether merge(a, b) succeeds (no shape is built).
bool compatible(const PartialShape& a, const PartialShape& b);

// Normalises an axis in [-rank, rank) to [0, rank); throws InferenceError otherwise.
std::int64_t normalize_axis(std::int64_t axis, std::int64_t rank);

} // namespace mo
