// Tile-1 and Broadcast-1/3: replicating data along axes. Both kernels are copy_mapped where a
// replicated axis reads its source index modulo the source size (Tile) or index 0 (Broadcast).
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

// ---- Tile ----------------------------------------------------------------------------------

PartialShape tile_output(const PartialShape& in, const Ints& repeats) {
    for (auto r : repeats)
        require(r >= 0, "Tile repeats must be non-negative, got " + ints_str(repeats));
    if (!in.rank_known()) return PartialShape::dynamic();
    const std::size_t rank = std::max(in.rank(), repeats.size());
    Shape out(rank);
    for (std::size_t i = 0; i < rank; ++i) {
        const std::size_t from_end = rank - i; // 1-based position from the right
        const std::int64_t d = from_end <= in.rank() ? in[in.rank() - from_end] : 1;
        const std::int64_t r = from_end <= repeats.size() ? repeats[repeats.size() - from_end] : 1;
        out[i] = dim_mul(d, r);
    }
    return PartialShape(out);
}

void infer_tile(Node& n) {
    require_integer_input(n, 1, "Tile repeats");
    require_input_rank(n, 1, {0, 1}, "Tile repeats");
    const PartialShape& in = n.input_shape(0);
    if (auto repeats = const_ints(n, 1)) {
        n.set_output(0, data_type(n), tile_output(in, *repeats));
        return;
    }
    const auto count = length_of_1d_input(n, 1);
    n.set_output(0, data_type(n),
                 in.rank_known() && count
                     ? PartialShape::dynamic_of_rank(std::max(in.rank(), *count))
                     : PartialShape::dynamic());
}

std::vector<Tensor> eval_tile(const Node&, std::span<const Tensor> in) {
    const Shape out = tile_output(PartialShape(in[0].shape()), in[1].to_int64s()).to_shape();
    // The data promoted to the output rank with leading 1s.
    Shape src = in[0].shape();
    src.insert(src.begin(), out.size() - src.size(), 1);
    const auto strides = row_major_strides(src);
    std::vector<std::vector<std::int64_t>> offsets(out.size());
    for (std::size_t a = 0; a < out.size(); ++a) {
        offsets[a].resize(static_cast<std::size_t>(out[a]));
        for (std::int64_t o = 0; o < out[a]; ++o)
            offsets[a][static_cast<std::size_t>(o)] = (o % src[a]) * strides[a];
    }
    return {copy_mapped(in[0], out, offsets)};
}

// ---- Broadcast -----------------------------------------------------------------------------

enum class BroadcastMode { numpy, explicit_axes, bidirectional };

BroadcastMode broadcast_mode(const Node& n) {
    const std::string m = n.attrs.get_string("mode", "numpy");
    if (m == "numpy") return BroadcastMode::numpy;
    if (m == "explicit") return BroadcastMode::explicit_axes;
    if (m == "bidirectional" && n.opset() >= 3) return BroadcastMode::bidirectional;
    throw InferenceError("Broadcast-" + std::to_string(n.opset()) + " does not support mode '" +
                         m + "'");
}

// For each output axis, the data axis it reads (none: replicated from nothing).
std::vector<std::optional<std::size_t>> broadcast_axis_map(std::size_t data_rank,
                                                           std::size_t out_rank,
                                                           BroadcastMode mode, const Ints& axes) {
    std::vector<std::optional<std::size_t>> map(out_rank);
    if (mode == BroadcastMode::explicit_axes) {
        for (std::size_t i = 0; i < axes.size(); ++i) map[static_cast<std::size_t>(axes[i])] = i;
    } else {
        for (std::size_t i = 0; i < data_rank; ++i) map[out_rank - data_rank + i] = i;
    }
    return map;
}

void check_explicit_axes(const Ints& axes, std::size_t data_rank, std::size_t out_rank) {
    require(axes.size() == data_rank, "Broadcast axes_mapping " + ints_str(axes) +
                                          " must have one entry per data axis (" +
                                          std::to_string(data_rank) + ")");
    for (std::size_t i = 0; i < axes.size(); ++i) {
        require(axes[i] >= 0 && axes[i] < static_cast<std::int64_t>(out_rank),
                "Broadcast axes_mapping " + ints_str(axes) + " is out of range for output rank " +
                    std::to_string(out_rank));
        require(i == 0 || axes[i] > axes[i - 1],
                "Broadcast axes_mapping " + ints_str(axes) + " must be increasing");
    }
}

PartialShape broadcast_output(const PartialShape& data, const Ints& target, BroadcastMode mode,
                              const Ints& axes) {
    for (auto t : target)
        require(t >= 0, "Broadcast target shape " + ints_str(target) + " has a negative dimension");
    const PartialShape tshape{Shape(target)};
    if (mode == BroadcastMode::bidirectional) {
        auto out = broadcast_numpy(data, tshape);
        require(out.has_value(), "cannot broadcast " + data.to_string() + " and " +
                                     ints_str(target) + " bidirectionally");
        return *out;
    }
    if (!data.rank_known()) return tshape;
    if (mode == BroadcastMode::explicit_axes) check_explicit_axes(axes, data.rank(), target.size());
    else
        require(data.rank() <= target.size(), "cannot broadcast " + data.to_string() + " to " +
                                                  ints_str(target) + ": the data rank is larger");
    const auto map = broadcast_axis_map(data.rank(), target.size(), mode, axes);
    for (std::size_t j = 0; j < target.size(); ++j) {
        if (!map[j]) continue;
        const std::int64_t d = data[*map[j]];
        require(is_dynamic(d) || d == 1 || d == target[j],
                "cannot broadcast " + data.to_string() + " to " + ints_str(target) +
                    (mode == BroadcastMode::explicit_axes ? " with axes_mapping " + ints_str(axes)
                                                          : std::string()));
    }
    return tshape;
}

void infer_broadcast(Node& n) {
    const BroadcastMode mode = broadcast_mode(n);
    require_integer_input(n, 1, "Broadcast target shape");
    require_input_rank(n, 1, {1}, "Broadcast target shape");
    const bool has_axes = n.input_count() > 2;
    require(has_axes == (mode == BroadcastMode::explicit_axes),
            has_axes ? "Broadcast axes_mapping is only used with mode explicit"
                     : "Broadcast mode explicit needs the axes_mapping input");
    const PartialShape& data = n.input_shape(0);
    auto target = const_ints(n, 1);
    std::optional<Ints> axes;
    if (has_axes) {
        require_integer_input(n, 2, "Broadcast axes_mapping");
        axes = const_ints(n, 2);
    }
    if (target && (!has_axes || axes)) {
        n.set_output(0, data_type(n), broadcast_output(data, *target, mode, axes ? *axes : Ints{}));
        return;
    }
    auto rank = target ? std::optional<std::size_t>(target->size()) : length_of_1d_input(n, 1);
    if (mode == BroadcastMode::bidirectional)
        rank = rank && data.rank_known() ? std::optional(std::max(*rank, data.rank())) : std::nullopt;
    n.set_output(0, data_type(n), shape_of_rank(rank));
}

std::vector<Tensor> eval_broadcast(const Node& n, std::span<const Tensor> in) {
    const BroadcastMode mode = broadcast_mode(n);
    require((in.size() > 2) == (mode == BroadcastMode::explicit_axes),
            "Broadcast axes_mapping is used exactly with mode explicit");
    const Shape& ds = in[0].shape();
    const Ints axes = in.size() > 2 ? in[2].to_int64s() : Ints{};
    const Shape out = broadcast_output(PartialShape(ds), in[1].to_int64s(), mode, axes).to_shape();
    const auto map = broadcast_axis_map(ds.size(), out.size(), mode, axes);
    const auto strides = row_major_strides(ds);
    std::vector<std::vector<std::int64_t>> offsets(out.size());
    for (std::size_t j = 0; j < out.size(); ++j) {
        const bool reads = map[j] && ds[*map[j]] != 1;
        offsets[j] = reads ? affine_offsets(out[j], 0, 1, strides[*map[j]])
                           : std::vector<std::int64_t>(static_cast<std::size_t>(out[j]), 0);
    }
    return {copy_mapped(in[0], out, offsets)};
}

} // namespace

void register_tile_broadcast_ops(OpRegistry& r) {
    r.add(make_op("Tile", 1, 2, 2, {}, infer_tile, eval_tile));
    r.add(make_op("Broadcast", 1, 2, 3, {"mode"}, infer_broadcast, eval_broadcast));
    r.add(make_op("Broadcast", 3, 2, 3, {"mode"}, infer_broadcast, eval_broadcast));
}

} // namespace mo::ops::movement
