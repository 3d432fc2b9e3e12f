// Reverse-1, ReverseSequence-1 and Roll-7: reordering elements along axes; the output keeps the
// data's type and shape.
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

// ---- Reverse -------------------------------------------------------------------------------

bool reverse_mask_mode(const Node& n) {
    const std::string& mode = n.attrs.get_string("mode");
    require(mode == "index" || mode == "mask", "Reverse mode must be index or mask, got '" + mode +
                                                   "'");
    return mode == "mask";
}

// Which axes of a rank-`rank` tensor are reversed, from the axis input's values.
std::vector<bool> reversed_axes(bool mask_mode, const Ints& values, std::size_t rank) {
    std::vector<bool> flip(rank, false);
    if (mask_mode) {
        require(values.size() == rank, "Reverse mask has " + std::to_string(values.size()) +
                                           " entries for a tensor of rank " +
                                           std::to_string(rank));
        for (std::size_t i = 0; i < rank; ++i) flip[i] = values[i] != 0;
        return flip;
    }
    require(values.size() <= rank, "Reverse has more axes " + ints_str(values) + " than rank " +
                                       std::to_string(rank));
    for (std::int64_t a : values) {
        const auto i = static_cast<std::size_t>(normalize_axis(a, static_cast<std::int64_t>(rank)));
        require(!flip[i], "Reverse axes " + ints_str(values) + " repeat an axis");
        flip[i] = true;
    }
    return flip;
}

void infer_reverse(Node& n) {
    const bool mask_mode = reverse_mask_mode(n);
    require_input_rank(n, 1, {1}, "Reverse axis");
    const ElementType t = n.input_type(1);
    if (mask_mode)
        require(t == ElementType::dynamic || t == ElementType::boolean,
                "Reverse mask must be boolean, got " + std::string(to_string(t)));
    else
        require_integer_input(n, 1, "Reverse axes");
    const PartialShape& in = n.input_shape(0);
    if (auto values = const_ints(n, 1); values && in.rank_known())
        reversed_axes(mask_mode, *values, in.rank());
    n.set_output(0, data_type(n), in);
}

std::vector<Tensor> eval_reverse(const Node& n, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    const auto flip = reversed_axes(reverse_mask_mode(n), in[1].to_int64s(), s.size());
    const auto strides = row_major_strides(s);
    std::vector<std::vector<std::int64_t>> offsets(s.size());
    for (std::size_t a = 0; a < s.size(); ++a)
        offsets[a] = flip[a] ? affine_offsets(s[a], s[a] - 1, -1, strides[a])
                             : affine_offsets(s[a], 0, 1, strides[a]);
    return {copy_mapped(in[0], s, offsets)};
}

// ---- ReverseSequence -----------------------------------------------------------------------

std::pair<std::size_t, std::size_t> sequence_axes(const Node& n, std::size_t rank) {
    const auto r = static_cast<std::int64_t>(rank);
    return {static_cast<std::size_t>(normalize_axis(n.attrs.get_int("batch_axis", 0), r)),
            static_cast<std::size_t>(normalize_axis(n.attrs.get_int("seq_axis", 1), r))};
}

void infer_reverse_sequence(Node& n) {
    require_input_rank(n, 1, {1}, "ReverseSequence seq_lengths");
    const PartialShape& in = n.input_shape(0);
    if (in.rank_known()) {
        require(in.rank() >= 2, "ReverseSequence data must have rank >= 2, got " + in.to_string());
        const std::size_t batch = sequence_axes(n, in.rank()).first;
        const PartialShape& lengths = n.input_shape(1);
        if (lengths.rank_known())
            require(dims_compatible(lengths[0], in[batch]),
                    "ReverseSequence seq_lengths " + lengths.to_string() +
                        " must have one entry per batch of " + in.to_string());
    }
    n.set_output(0, data_type(n), in);
}

std::vector<Tensor> eval_reverse_sequence(const Node& n, std::span<const Tensor> in) {
    const Tensor& data = in[0];
    const Shape& s = data.shape();
    require(s.size() >= 2, "ReverseSequence data must have rank >= 2");
    const auto [batch, seq] = sequence_axes(n, s.size());
    const auto lengths = in[1].to_int64s();
    require(static_cast<std::int64_t>(lengths.size()) == s[batch],
            "ReverseSequence seq_lengths must have one entry per batch");
    for (auto len : lengths)
        require(len >= 0 && len <= s[seq], "ReverseSequence length " + std::to_string(len) +
                                               " is out of range [0, " + std::to_string(s[seq]) +
                                               "]");
    const auto strides = row_major_strides(s);
    const auto elem = static_cast<std::int64_t>(element_bytes(data.type()));
    Tensor out(data.type(), s);
    std::byte* dst = out.mutable_raw();
    Shape pos(s.size(), 0);
    for (std::int64_t f = 0; f < out.size(); ++f) {
        const std::int64_t len = lengths[static_cast<std::size_t>(pos[batch])];
        const std::int64_t t = pos[seq];
        const std::int64_t src = t < len ? f + (len - 1 - 2 * t) * strides[seq] : f;
        copy_elements(dst + f * elem, data.raw() + src * elem, 1, static_cast<std::size_t>(elem));
        for (std::size_t d = s.size(); d-- > 0;) {
            if (++pos[d] < s[d]) break;
            pos[d] = 0;
        }
    }
    return {out};
}

// ---- Roll ----------------------------------------------------------------------------------

// Total shift per axis.
Ints roll_shifts(const Ints& shift, const Ints& axes, std::size_t rank, bool shift_is_scalar) {
    require(shift_is_scalar || shift.size() == axes.size(),
            "Roll shift " + ints_str(shift) + " and axes " + ints_str(axes) +
                " must have the same length");
    Ints total(rank, 0);
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const auto a = static_cast<std::size_t>(
            normalize_axis(axes[i], static_cast<std::int64_t>(rank)));
        total[a] += shift_is_scalar ? shift.at(0) : shift[i];
    }
    return total;
}

void infer_roll(Node& n) {
    require_integer_input(n, 1, "Roll shift");
    require_integer_input(n, 2, "Roll axes");
    require_input_rank(n, 1, {0, 1}, "Roll shift");
    require_input_rank(n, 2, {0, 1}, "Roll axes");
    const PartialShape& in = n.input_shape(0);
    auto shift = const_ints(n, 1), axes = const_ints(n, 2);
    if (in.rank_known() && shift && axes) {
        require(in.rank() >= 1, "Roll data must have rank >= 1");
        const PartialShape& shift_shape = n.input_shape(1);
        roll_shifts(*shift, *axes, in.rank(), shift_shape.rank_known() && shift_shape.rank() == 0);
    }
    n.set_output(0, data_type(n), in);
}

std::vector<Tensor> eval_roll(const Node&, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    require(!s.empty(), "Roll data must have rank >= 1");
    const Ints total = roll_shifts(in[1].to_int64s(), in[2].to_int64s(), s.size(),
                                   in[1].shape().empty());
    const auto strides = row_major_strides(s);
    std::vector<std::vector<std::int64_t>> offsets(s.size());
    for (std::size_t a = 0; a < s.size(); ++a) {
        offsets[a].resize(static_cast<std::size_t>(s[a]));
        if (s[a] == 0) continue;
        const std::int64_t shift = ((total[a] % s[a]) + s[a]) % s[a];
        for (std::int64_t o = 0; o < s[a]; ++o)
            offsets[a][static_cast<std::size_t>(o)] = ((o - shift + s[a]) % s[a]) * strides[a];
    }
    return {copy_mapped(in[0], s, offsets)};
}

} // namespace

void register_reverse_ops(OpRegistry& r) {
    r.add(make_op("Reverse", 1, 2, 2, {"mode"}, infer_reverse, eval_reverse));
    r.add(make_op("ReverseSequence", 1, 2, 2, {"batch_axis", "seq_axis"}, infer_reverse_sequence,
                  eval_reverse_sequence));
    r.add(make_op("Roll", 7, 3, 3, {}, infer_roll, eval_roll));
}

} // namespace mo::ops::movement
