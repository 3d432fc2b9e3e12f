// BatchToSpace-2 and SpaceToBatch-2, computed as the spec defines them: reshape, transpose,
// reshape, with cropping (BatchToSpace) or zero padding (SpaceToBatch) of the spatial axes.
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

struct BlockInputs {
    Ints block, begin, end; // begin/end: crops (BatchToSpace) or pads (SpaceToBatch)
};

void check_block_inputs(const BlockInputs& in, std::size_t rank, std::string_view amounts) {
    const std::string a(amounts);
    require(in.block.size() == rank && in.begin.size() == rank && in.end.size() == rank,
            "block_shape, " + a + "_begin and " + a + "_end must have one entry per data axis (" +
                std::to_string(rank) + ")");
    for (std::size_t i = 0; i < rank; ++i) {
        require(in.block[i] >= 1, "block_shape " + ints_str(in.block) + " must be >= 1");
        require(in.begin[i] >= 0 && in.end[i] >= 0, a + "_begin " + ints_str(in.begin) + " and " +
                                                        a + "_end " + ints_str(in.end) +
                                                        " must be non-negative");
    }
    require(in.block[0] == 1 && in.begin[0] == 0 && in.end[0] == 0,
            "the batch axis must have block size 1 and no " + a);
}

std::int64_t block_volume(const Ints& block) {
    std::int64_t v = 1;
    for (auto b : block) v *= b;
    return v;
}

// ---- BatchToSpace --------------------------------------------------------------------------

PartialShape batch_to_space_output(const PartialShape& data, const BlockInputs& in) {
    if (!data.rank_known()) return PartialShape::dynamic_of_rank(in.block.size());
    require(data.rank() >= 2, "BatchToSpace data must have rank >= 2, got " + data.to_string());
    check_block_inputs(in, data.rank(), "crops");
    Shape out(data.rank());
    const std::int64_t volume = block_volume(in.block);
    require(is_dynamic(data[0]) || data[0] % volume == 0,
            "BatchToSpace batch " + std::to_string(data[0]) +
                " is not divisible by the block volume " + std::to_string(volume));
    out[0] = is_dynamic(data[0]) ? kDyn : data[0] / volume;
    for (std::size_t i = 1; i < data.rank(); ++i) {
        if (is_dynamic(data[i])) {
            out[i] = kDyn;
            continue;
        }
        const std::int64_t full = data[i] * in.block[i];
        require(in.begin[i] + in.end[i] <= full,
                "BatchToSpace crops of axis " + std::to_string(i) + " exceed its size " +
                    std::to_string(full));
        out[i] = full - in.begin[i] - in.end[i];
    }
    return PartialShape(out);
}

// ---- SpaceToBatch --------------------------------------------------------------------------

PartialShape space_to_batch_output(const PartialShape& data, const BlockInputs& in) {
    if (!data.rank_known()) return PartialShape::dynamic_of_rank(in.block.size());
    require(data.rank() >= 2, "SpaceToBatch data must have rank >= 2, got " + data.to_string());
    check_block_inputs(in, data.rank(), "pads");
    Shape out(data.rank());
    out[0] = dim_mul(data[0], block_volume(in.block));
    for (std::size_t i = 1; i < data.rank(); ++i) {
        if (is_dynamic(data[i])) {
            out[i] = kDyn;
            continue;
        }
        const std::int64_t padded = data[i] + in.begin[i] + in.end[i];
        require(padded % in.block[i] == 0,
                "SpaceToBatch padded axis " + std::to_string(i) + " (" + std::to_string(padded) +
                    ") is not divisible by its block size " + std::to_string(in.block[i]));
        out[i] = padded / in.block[i];
    }
    return PartialShape(out);
}

// ---- shared inference and kernels ----------------------------------------------------------

template <PartialShape (*Output)(const PartialShape&, const BlockInputs&)>
void infer_block_op(Node& n) {
    for (std::size_t i = 1; i < 4; ++i) {
        require_integer_input(n, i, "block_shape and crops/pads");
        require_input_rank(n, i, {1}, "block_shape and crops/pads");
    }
    auto block = const_ints(n, 1), begin = const_ints(n, 2), end = const_ints(n, 3);
    const PartialShape& data = n.input_shape(0);
    if (block && begin && end) {
        n.set_output(0, data_type(n), Output(data, {*block, *begin, *end}));
        return;
    }
    std::optional<std::size_t> rank = rank_of(data);
    for (std::size_t i = 1; i < 4 && !rank; ++i) rank = length_of_1d_input(n, i);
    n.set_output(0, data_type(n), shape_of_rank(rank));
}

BlockInputs block_inputs(std::span<const Tensor> in) {
    return {in[1].to_int64s(), in[2].to_int64s(), in[3].to_int64s()};
}

std::vector<Tensor> eval_batch_to_space(const Node&, std::span<const Tensor> in) {
    const BlockInputs b = block_inputs(in);
    const Shape& s = in[0].shape();
    const Shape out = batch_to_space_output(PartialShape(s), b).to_shape();
    const std::size_t n = s.size();
    const std::int64_t new_batch = s[0] / block_volume(b.block);
    // [B_1 .. B_{n-1}, batch', D_1 .. D_{n-1}] -> [batch', D_1, B_1, D_2, B_2, ...]
    Shape view(b.block.begin() + 1, b.block.end());
    view.push_back(new_batch);
    view.insert(view.end(), s.begin() + 1, s.end());
    const auto nn = static_cast<std::int64_t>(n);
    Ints perm{nn - 1};
    for (std::int64_t i = 1; i < nn; ++i) {
        perm.push_back(nn - 1 + i);
        perm.push_back(i - 1);
    }
    Shape uncropped{new_batch};
    for (std::size_t i = 1; i < n; ++i) uncropped.push_back(s[i] * b.block[i]);
    const Tensor moved = transpose_tensor(in[0].reshaped(view), perm).reshaped(uncropped);
    // Crop: each axis reads indices crops_begin .. crops_begin + out - 1.
    const auto strides = row_major_strides(uncropped);
    std::vector<std::vector<std::int64_t>> offsets(n);
    for (std::size_t i = 0; i < n; ++i) offsets[i] = affine_offsets(out[i], b.begin[i], 1, strides[i]);
    return {copy_mapped(moved, out, offsets)};
}

std::vector<Tensor> eval_space_to_batch(const Node&, std::span<const Tensor> in) {
    const BlockInputs b = block_inputs(in);
    const Shape& s = in[0].shape();
    const Shape out = space_to_batch_output(PartialShape(s), b).to_shape();
    const std::size_t n = s.size();
    // Zero padding of the spatial axes.
    Shape padded(n);
    const auto strides = row_major_strides(s);
    std::vector<std::vector<std::int64_t>> offsets(n);
    for (std::size_t i = 0; i < n; ++i) {
        padded[i] = s[i] + b.begin[i] + b.end[i];
        offsets[i].resize(static_cast<std::size_t>(padded[i]));
        for (std::int64_t o = 0; o < padded[i]; ++o) {
            const std::int64_t src = o - b.begin[i];
            offsets[i][static_cast<std::size_t>(o)] =
                src >= 0 && src < s[i] ? src * strides[i] : kOutside;
        }
    }
    const Tensor x = copy_mapped(in[0], padded, offsets);
    // [batch, P_1/B_1, B_1, ..., P_{n-1}/B_{n-1}, B_{n-1}] -> [B_1, .., B_{n-1}, batch, P_1/B_1, ..]
    Shape view{s[0]};
    for (std::size_t i = 1; i < n; ++i) {
        view.push_back(padded[i] / b.block[i]);
        view.push_back(b.block[i]);
    }
    Ints perm;
    for (std::size_t i = 1; i < n; ++i) perm.push_back(static_cast<std::int64_t>(2 * i));
    perm.push_back(0);
    for (std::size_t i = 1; i < n; ++i) perm.push_back(static_cast<std::int64_t>(2 * i - 1));
    return {transpose_tensor(x.reshaped(view), perm).reshaped(out)};
}

} // namespace

void register_batch_space_ops(OpRegistry& r) {
    r.add(make_op("BatchToSpace", 2, 4, 4, {}, infer_block_op<batch_to_space_output>,
                  eval_batch_to_space));
    r.add(make_op("SpaceToBatch", 2, 4, 4, {}, infer_block_op<space_to_batch_output>,
                  eval_space_to_batch));
}

} // namespace mo::ops::movement
