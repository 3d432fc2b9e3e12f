// Transpose-1 and the operations defined as reshape -> transpose -> reshape: DepthToSpace-1,
// SpaceToDepth-1, ShuffleChannels-1.
#include "engine/ops/movement/movement_common.hpp"

#include <numeric>

namespace mo::ops::movement {
namespace {

// ---- Transpose -----------------------------------------------------------------------------

// The permutation for `order` on a tensor of rank `rank` (empty order: reversed axes).
Ints transpose_order(const Ints& order, std::size_t rank) {
    if (order.empty()) {
        Ints reversed(rank);
        std::iota(reversed.rbegin(), reversed.rend(), 0);
        return reversed;
    }
    require(order.size() == rank, "Transpose order " + ints_str(order) + " does not fit rank " +
                                      std::to_string(rank));
    std::vector<bool> seen(rank, false);
    for (std::int64_t a : order) {
        require(a >= 0 && a < static_cast<std::int64_t>(rank) && !seen[static_cast<std::size_t>(a)],
                "Transpose order " + ints_str(order) + " is not a permutation of [0, " +
                    std::to_string(rank) + ")");
        seen[static_cast<std::size_t>(a)] = true;
    }
    return order;
}

void infer_transpose(Node& n) {
    require_integer_input(n, 1, "Transpose order");
    require_input_rank(n, 1, {1}, "Transpose order");
    const PartialShape& in = n.input_shape(0);
    auto order = const_ints(n, 1);
    if (order && in.rank_known()) {
        const Ints perm = transpose_order(*order, in.rank());
        Shape out(perm.size());
        for (std::size_t i = 0; i < perm.size(); ++i) out[i] = in[static_cast<std::size_t>(perm[i])];
        n.set_output(0, data_type(n), PartialShape(out));
        return;
    }
    std::optional<std::size_t> rank = rank_of(in);
    if (!rank) {
        const auto len = order ? std::optional<std::size_t>(order->size()) : length_of_1d_input(n, 1);
        if (len && *len > 0) rank = len;
    }
    n.set_output(0, data_type(n), shape_of_rank(rank));
}

std::vector<Tensor> eval_transpose(const Node&, std::span<const Tensor> in) {
    return {transpose_tensor(in[0], transpose_order(in[1].to_int64s(), in[0].shape().size()))};
}

// ---- DepthToSpace / SpaceToDepth -----------------------------------------------------------

struct BlockParams {
    std::int64_t block = 1;
    bool blocks_first = true;
};

BlockParams block_params(const Node& n) {
    BlockParams p;
    p.block = n.attrs.get_int("block_size", 1);
    require(p.block > 0, "block_size must be positive, got " + std::to_string(p.block));
    const std::string mode = n.attrs.get_string("mode");
    require(mode == "blocks_first" || mode == "depth_first",
            "mode must be blocks_first or depth_first, got '" + mode + "'");
    p.blocks_first = mode == "blocks_first";
    return p;
}

std::int64_t ipow(std::int64_t base, std::size_t exp) {
    std::int64_t r = 1;
    for (std::size_t i = 0; i < exp; ++i) r *= base;
    return r;
}

PartialShape depth_to_space_output(const PartialShape& in, std::int64_t block) {
    if (!in.rank_known()) return PartialShape::dynamic();
    require(in.rank() >= 3, "DepthToSpace input must have rank >= 3, got " + in.to_string());
    const std::int64_t divisor = ipow(block, in.rank() - 2);
    Shape out(in.dims());
    if (!is_dynamic(in[1])) {
        require(in[1] % divisor == 0, "DepthToSpace depth " + std::to_string(in[1]) +
                                          " is not divisible by block_size^" +
                                          std::to_string(in.rank() - 2) + " = " +
                                          std::to_string(divisor));
        out[1] = in[1] / divisor;
    }
    for (std::size_t i = 2; i < in.rank(); ++i) out[i] = dim_mul(in[i], block);
    return PartialShape(out);
}

PartialShape space_to_depth_output(const PartialShape& in, std::int64_t block) {
    if (!in.rank_known()) return PartialShape::dynamic();
    require(in.rank() >= 3, "SpaceToDepth input must have rank >= 3, got " + in.to_string());
    Shape out(in.dims());
    out[1] = dim_mul(in[1], ipow(block, in.rank() - 2));
    for (std::size_t i = 2; i < in.rank(); ++i) {
        if (is_dynamic(in[i])) continue;
        require(in[i] % block == 0, "SpaceToDepth dimension " + std::to_string(i) + " of " +
                                        in.to_string() + " is not divisible by block_size " +
                                        std::to_string(block));
        out[i] = in[i] / block;
    }
    return PartialShape(out);
}

void infer_depth_to_space(Node& n) {
    n.set_output(0, data_type(n), depth_to_space_output(n.input_shape(0), block_params(n).block));
}

void infer_space_to_depth(Node& n) {
    n.set_output(0, data_type(n), space_to_depth_output(n.input_shape(0), block_params(n).block));
}

std::vector<Tensor> eval_depth_to_space(const Node& n, std::span<const Tensor> in) {
    const auto p = block_params(n);
    const Shape& s = in[0].shape();
    const Shape out = depth_to_space_output(PartialShape(s), p.block).to_shape();
    const std::size_t k = s.size() - 2;
    const std::int64_t new_depth = out[1];
    // View: [N, bs x K, C', D...] (blocks_first) or [N, C', bs x K, D...] (depth_first).
    Shape view{s[0]};
    if (!p.blocks_first) view.push_back(new_depth);
    for (std::size_t i = 0; i < k; ++i) view.push_back(p.block);
    if (p.blocks_first) view.push_back(new_depth);
    for (std::size_t i = 0; i < k; ++i) view.push_back(s[2 + i]);
    // Result order: N, C', then each spatial dim followed by its block dim.
    const auto kk = static_cast<std::int64_t>(k);
    Ints perm{0, p.blocks_first ? kk + 1 : 1};
    for (std::int64_t i = 1; i <= kk; ++i) {
        perm.push_back(kk + 1 + i);
        perm.push_back(p.blocks_first ? i : i + 1);
    }
    return {transpose_tensor(in[0].reshaped(view), perm).reshaped(out)};
}

std::vector<Tensor> eval_space_to_depth(const Node& n, std::span<const Tensor> in) {
    const auto p = block_params(n);
    const Shape& s = in[0].shape();
    const Shape out = space_to_depth_output(PartialShape(s), p.block).to_shape();
    const std::size_t k = s.size() - 2;
    // View: [N, C, D1/bs, bs, D2/bs, bs, ...].
    Shape view{s[0], s[1]};
    for (std::size_t i = 0; i < k; ++i) {
        view.push_back(s[2 + i] / p.block);
        view.push_back(p.block);
    }
    // Result order: N, then the depth made of block dims and C, then the reduced spatial dims.
    Ints perm{0};
    if (!p.blocks_first) perm.push_back(1);
    for (std::size_t i = 0; i < k; ++i) perm.push_back(static_cast<std::int64_t>(3 + 2 * i));
    if (p.blocks_first) perm.push_back(1);
    for (std::size_t i = 0; i < k; ++i) perm.push_back(static_cast<std::int64_t>(2 + 2 * i));
    return {transpose_tensor(in[0].reshaped(view), perm).reshaped(out)};
}

// ---- ShuffleChannels -----------------------------------------------------------------------

struct ShuffleParams {
    std::size_t axis = 1;
    std::int64_t group = 1;
};

ShuffleParams shuffle_params(const Node& n, const PartialShape& in) {
    require(in.rank() >= 1, "ShuffleChannels input must have rank >= 1");
    ShuffleParams p;
    p.axis = static_cast<std::size_t>(
        normalize_axis(n.attrs.get_int("axis", 1), static_cast<std::int64_t>(in.rank())));
    p.group = n.attrs.get_int("group", 1);
    require(p.group >= 1, "group must be positive, got " + std::to_string(p.group));
    const std::int64_t c = in[p.axis];
    require(is_dynamic(c) || c % p.group == 0,
            "ShuffleChannels dimension " + std::to_string(c) + " is not divisible by group " +
                std::to_string(p.group));
    return p;
}

void infer_shuffle_channels(Node& n) {
    const PartialShape& in = n.input_shape(0);
    if (in.rank_known()) shuffle_params(n, in);
    n.set_output(0, data_type(n), in);
}

std::vector<Tensor> eval_shuffle_channels(const Node& n, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    const auto p = shuffle_params(n, PartialShape(s));
    std::int64_t outer = 1, inner = 1;
    for (std::size_t i = 0; i < p.axis; ++i) outer *= s[i];
    for (std::size_t i = p.axis + 1; i < s.size(); ++i) inner *= s[i];
    const Shape view{outer, p.group, s[p.axis] / p.group, inner};
    const Ints perm{0, 2, 1, 3};
    return {transpose_tensor(in[0].reshaped(view), perm).reshaped(s)};
}

} // namespace

void register_transpose_ops(OpRegistry& r) {
    r.add(make_op("Transpose", 1, 2, 2, {}, infer_transpose, eval_transpose));
    r.add(make_op("DepthToSpace", 1, 1, 1, {"block_size", "mode"}, infer_depth_to_space,
                  eval_depth_to_space));
    r.add(make_op("SpaceToDepth", 1, 1, 1, {"block_size", "mode"}, infer_space_to_depth,
                  eval_space_to_depth));
    r.add(make_op("ShuffleChannels", 1, 1, 1, {"axis", "group"}, infer_shuffle_channels,
                  eval_shuffle_channels));
}

} // namespace mo::ops::movement
