// StridedSlice-1 and Slice-8. Both are planned as a list of output dimensions, each reading
// `size` indices start, start+step, ... of one input axis (or being a new axis of size 1), plus
// input axes fixed at one index (StridedSlice's shrink_axis_mask). The kernel is copy_mapped.
#include "engine/ops/movement/movement_common.hpp"

#include <algorithm>

namespace mo::ops::movement {
namespace {

struct OutDim {
    std::optional<std::size_t> input_axis; // none: a new axis of size 1
    std::int64_t start = 0, step = 1, size = kDyn;
};

struct SlicePlan {
    std::vector<OutDim> dims;
    std::vector<std::pair<std::size_t, std::int64_t>> fixed; // (input axis, index)

    PartialShape shape() const {
        Shape s;
        for (const auto& d : dims) s.push_back(d.size);
        return PartialShape(s);
    }
};

OutDim full_dim(std::size_t axis, std::int64_t size) { return {axis, 0, 1, size}; }

// Python-style slicing of one axis of size `dim` (dynamic: size stays dynamic). Masked bounds use
// the real beginning/end in the direction of the step; others are made non-negative and clamped.
OutDim slice_dim(std::size_t axis, std::int64_t dim, std::int64_t begin, std::int64_t end,
                 std::int64_t step, bool ignore_begin, bool ignore_end) {
    require(step != 0, "slice step must not be 0");
    OutDim out{axis, 0, step, kDyn};
    if (is_dynamic(dim)) return out;
    auto clamp_index = [&](std::int64_t v, std::int64_t lo, std::int64_t hi) {
        if (v < 0) v = v < -dim ? lo : v + dim; // |v| may exceed dim: clamp before adding
        return std::clamp(v, lo, hi);
    };
    std::int64_t first, last;
    if (step > 0) {
        first = ignore_begin ? 0 : clamp_index(begin, 0, dim);
        last = ignore_end ? dim : clamp_index(end, 0, dim);
        out.size = last > first ? (last - first + step - 1) / step : 0;
    } else {
        first = ignore_begin ? dim - 1 : clamp_index(begin, -1, dim - 1);
        last = ignore_end ? -1 : clamp_index(end, -1, dim - 1);
        out.size = first > last ? (first - last - step - 1) / -step : 0;
    }
    out.start = first;
    return out;
}

Tensor run_plan(const Tensor& data, const SlicePlan& plan) {
    const Shape& s = data.shape();
    const auto strides = row_major_strides(s);
    std::int64_t base = 0;
    for (const auto& [axis, index] : plan.fixed) base += index * strides[axis];
    Shape out;
    std::vector<std::vector<std::int64_t>> offsets;
    for (const auto& d : plan.dims) {
        out.push_back(d.size);
        offsets.push_back(d.input_axis ? affine_offsets(d.size, d.start, d.step, strides[*d.input_axis])
                                       : std::vector<std::int64_t>{0});
    }
    return copy_mapped(data, out, offsets, nullptr, base);
}

// ---- StridedSlice --------------------------------------------------------------------------

struct Masks {
    std::vector<bool> begin, end, new_axis, shrink, ellipsis;
};

std::vector<bool> read_mask(const Attributes& a, std::string_view name, bool required,
                            std::size_t length) {
    const Ints v = required ? a.get_ints(name) : a.get_ints(name, {});
    std::vector<bool> bits(std::max(length, v.size()), false);
    for (std::size_t i = 0; i < v.size(); ++i) {
        require(v[i] == 0 || v[i] == 1,
                "attribute '" + std::string(name) + "' must hold only 0 and 1, got " + ints_str(v));
        bits[i] = v[i] == 1;
    }
    return bits;
}

Masks read_masks(const Node& n, std::size_t length) {
    return {read_mask(n.attrs, "begin_mask", true, length),
            read_mask(n.attrs, "end_mask", true, length),
            read_mask(n.attrs, "new_axis_mask", false, length),
            read_mask(n.attrs, "shrink_axis_mask", false, length),
            read_mask(n.attrs, "ellipsis_mask", false, length)};
}

struct SliceValues {
    Ints begin, end, stride;
};

// Plans a StridedSlice of an input of known rank with `count` slice entries. `values` absent:
// begin/end/stride unknown (only the rank and the untouched dimensions are known).
SlicePlan strided_slice_plan(const PartialShape& in, std::size_t count, const Masks& m,
                             const SliceValues* values) {
    const std::size_t rank = in.rank();
    // Entries that consume an input axis (everything but new axes and the ellipsis).
    std::optional<std::size_t> ellipsis;
    std::size_t consuming = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (m.ellipsis[i]) {
            require(!ellipsis, "ellipsis_mask must have at most one bit set");
            ellipsis = i;
        } else if (!m.new_axis[i]) {
            ++consuming;
        }
    }
    require(consuming <= rank, "StridedSlice has " + std::to_string(consuming) +
                                   " slice entries for an input of rank " + std::to_string(rank));
    SlicePlan plan;
    std::size_t axis = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (ellipsis && i == *ellipsis) {
            for (std::size_t k = 0; k < rank - consuming; ++k, ++axis)
                plan.dims.push_back(full_dim(axis, in[axis]));
        } else if (m.new_axis[i]) {
            plan.dims.push_back({std::nullopt, 0, 1, 1});
        } else if (m.shrink[i]) {
            if (values) {
                const std::int64_t dim = in[axis];
                std::int64_t index = values->begin[i];
                if (!is_dynamic(dim)) {
                    if (index < 0) index += dim;
                    require(index >= 0 && index < dim,
                            "StridedSlice shrinks axis " + std::to_string(axis) + " of " +
                                in.to_string() + " at index " + std::to_string(values->begin[i]) +
                                ", which is out of range");
                }
                plan.fixed.emplace_back(axis, index);
            }
            ++axis;
        } else {
            if (values)
                plan.dims.push_back(slice_dim(axis, in[axis], values->begin[i], values->end[i],
                                              values->stride[i], m.begin[i], m.end[i]));
            else
                plan.dims.push_back({axis, 0, 1, kDyn});
            ++axis;
        }
    }
    for (; axis < rank; ++axis) plan.dims.push_back(full_dim(axis, in[axis]));
    return plan;
}

void infer_strided_slice(Node& n) {
    for (std::size_t i = 1; i < n.input_count(); ++i) {
        require_integer_input(n, i, "StridedSlice begin/end/stride");
        require_input_rank(n, i, {1}, "StridedSlice begin/end/stride");
    }
    const PartialShape& in = n.input_shape(0);
    auto begin = const_ints(n, 1), end = const_ints(n, 2);
    std::optional<Ints> stride;
    if (n.input_count() > 3) stride = const_ints(n, 3);
    // The number of slice entries: from begin's value, else from any input's static length.
    std::size_t length = 0;
    bool length_known = false;
    for (std::size_t i = 1; i < n.input_count(); ++i) {
        const auto len = i == 1 && begin ? std::optional(begin->size()) : length_of_1d_input(n, i);
        if (!len) continue;
        require(!length_known || *len == length,
                "StridedSlice begin, end and stride must have the same length");
        length = *len;
        length_known = true;
    }
    if (!in.rank_known() || !length_known) {
        n.set_output(0, data_type(n), PartialShape::dynamic());
        return;
    }
    const Masks masks = read_masks(n, length);
    const bool known = begin && end && (n.input_count() < 4 || stride);
    SliceValues values;
    if (known) {
        values = {*begin, *end, n.input_count() > 3 ? *stride : Ints(length, 1)};
        require(values.end.size() == length && values.stride.size() == length,
                "StridedSlice begin, end and stride must have the same length");
    }
    n.set_output(0, data_type(n),
                 strided_slice_plan(in, length, masks, known ? &values : nullptr).shape());
}

std::vector<Tensor> eval_strided_slice(const Node& n, std::span<const Tensor> in) {
    SliceValues v{in[1].to_int64s(), in[2].to_int64s(), {}};
    v.stride = in.size() > 3 ? in[3].to_int64s() : Ints(v.begin.size(), 1);
    require(v.end.size() == v.begin.size() && v.stride.size() == v.begin.size(),
            "StridedSlice begin, end and stride must have the same length");
    const SlicePlan plan = strided_slice_plan(PartialShape(in[0].shape()), v.begin.size(),
                                              read_masks(n, v.begin.size()), &v);
    return {run_plan(in[0], plan)};
}

// ---- Slice ---------------------------------------------------------------------------------

// Normalized, unique axes (default: 0 .. count-1).
Ints slice_axes(const std::optional<Ints>& given, std::size_t count, std::size_t rank) {
    Ints axes(count);
    std::vector<bool> seen(rank, false);
    for (std::size_t i = 0; i < count; ++i) {
        const std::int64_t a = given ? (*given)[i] : static_cast<std::int64_t>(i);
        axes[i] = normalize_axis(a, static_cast<std::int64_t>(rank));
        require(!seen[static_cast<std::size_t>(axes[i])],
                "Slice axes " + ints_str(given ? *given : axes) + " repeat an axis");
        seen[static_cast<std::size_t>(axes[i])] = true;
    }
    return axes;
}

SlicePlan slice_plan(const PartialShape& in, const Ints& start, const Ints& stop, const Ints& step,
                     const Ints& axes) {
    require(stop.size() == start.size() && step.size() == start.size() &&
                axes.size() == start.size(),
            "Slice start, stop, step and axes must have the same length");
    SlicePlan plan;
    for (std::size_t a = 0; a < in.rank(); ++a) plan.dims.push_back(full_dim(a, in[a]));
    for (std::size_t i = 0; i < start.size(); ++i) {
        const auto a = static_cast<std::size_t>(axes[i]);
        plan.dims[a] = slice_dim(a, in[a], start[i], stop[i], step[i], false, false);
    }
    return plan;
}

void infer_slice(Node& n) {
    for (std::size_t i = 1; i < n.input_count(); ++i) {
        require_integer_input(n, i, "Slice start/stop/step/axes");
        require_input_rank(n, i, {1}, "Slice start/stop/step/axes");
    }
    const PartialShape& in = n.input_shape(0);
    if (!in.rank_known()) {
        n.set_output(0, data_type(n), PartialShape::dynamic());
        return;
    }
    require(in.rank() >= 1, "Slice data must have rank >= 1");
    std::optional<std::size_t> count;
    for (std::size_t i = 1; i < n.input_count() && !count; ++i) count = length_of_1d_input(n, i);
    std::optional<Ints> axes_given;
    if (n.input_count() > 4) {
        axes_given = const_ints(n, 4);
        if (!axes_given) { // which axes are sliced is unknown
            n.set_output(0, data_type(n), PartialShape::dynamic_of_rank(in.rank()));
            return;
        }
        count = axes_given->size();
    }
    auto start = const_ints(n, 1), stop = const_ints(n, 2);
    std::optional<Ints> step = n.input_count() > 3 ? const_ints(n, 3) : std::nullopt;
    if (start) count = start->size();
    if (!count) {
        n.set_output(0, data_type(n), PartialShape::dynamic_of_rank(in.rank()));
        return;
    }
    const Ints axes = slice_axes(axes_given, *count, in.rank());
    if (start && stop && (step || n.input_count() < 4)) {
        const Ints steps = step ? *step : Ints(*count, 1);
        n.set_output(0, data_type(n), slice_plan(in, *start, *stop, steps, axes).shape());
        return;
    }
    Shape out = in.dims();
    for (auto a : axes) out[static_cast<std::size_t>(a)] = kDyn;
    n.set_output(0, data_type(n), PartialShape(out));
}

std::vector<Tensor> eval_slice(const Node&, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    require(!s.empty(), "Slice data must have rank >= 1");
    const Ints start = in[1].to_int64s(), stop = in[2].to_int64s();
    const Ints step = in.size() > 3 ? in[3].to_int64s() : Ints(start.size(), 1);
    std::optional<Ints> axes_given;
    if (in.size() > 4) axes_given = in[4].to_int64s();
    require(!axes_given || axes_given->size() == start.size(),
            "Slice start, stop, step and axes must have the same length");
    const Ints axes = slice_axes(axes_given, start.size(), s.size());
    return {run_plan(in[0], slice_plan(PartialShape(s), start, stop, step, axes))};
}

} // namespace

void register_slice_ops(OpRegistry& r) {
    r.add(make_op("StridedSlice", 1, 3, 4,
                  {"begin_mask", "end_mask", "new_axis_mask", "shrink_axis_mask", "ellipsis_mask"},
                  infer_strided_slice, eval_strided_slice));
    r.add(make_op("Slice", 8, 3, 5, {}, infer_slice, eval_slice));
}

} // namespace mo::ops::movement
