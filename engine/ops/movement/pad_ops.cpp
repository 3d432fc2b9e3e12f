// Pad-1: extends each axis by pads_begin/pads_end elements, filled by pad_mode.
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

enum class PadMode { constant, edge, reflect, symmetric };

PadMode pad_mode(const Node& n) {
    const std::string& m = n.attrs.get_string("pad_mode");
    if (m == "constant") return PadMode::constant;
    if (m == "edge") return PadMode::edge;
    if (m == "reflect") return PadMode::reflect;
    if (m == "symmetric") return PadMode::symmetric;
    throw InferenceError("pad_mode must be constant, edge, reflect or symmetric, got '" + m + "'");
}

PartialShape pad_output(const PartialShape& in, const Ints& begin, const Ints& end, PadMode mode) {
    require(begin.size() == end.size(), "pads_begin " + ints_str(begin) + " and pads_end " +
                                            ints_str(end) + " differ in length");
    if (!in.rank_known()) return PartialShape::dynamic_of_rank(begin.size());
    require(begin.size() == in.rank(), "pads_begin " + ints_str(begin) + " does not fit rank " +
                                           std::to_string(in.rank()) + " of " + in.to_string());
    Shape out(in.rank());
    for (std::size_t i = 0; i < in.rank(); ++i) {
        require(begin[i] >= 0 && end[i] >= 0, "pads must be non-negative, got pads_begin " +
                                                  ints_str(begin) + ", pads_end " + ints_str(end));
        const std::int64_t d = in[i];
        if (!is_dynamic(d)) {
            const std::int64_t most = std::max(begin[i], end[i]);
            if (mode == PadMode::reflect)
                require(most <= d - 1, "reflect padding of axis " + std::to_string(i) + " of " +
                                           in.to_string() + " must be at most " +
                                           std::to_string(d - 1));
            if (mode == PadMode::symmetric)
                require(most <= d, "symmetric padding of axis " + std::to_string(i) + " of " +
                                       in.to_string() + " must be at most " + std::to_string(d));
            if (mode == PadMode::edge)
                require(most == 0 || d > 0, "edge padding of an empty axis " + std::to_string(i));
        }
        out[i] = dim_add(d, begin[i] + end[i]);
    }
    return PartialShape(out);
}

void infer_pad(Node& n) {
    const PadMode mode = pad_mode(n);
    for (std::size_t i : {1, 2}) {
        require_integer_input(n, i, "pads");
        require_input_rank(n, i, {1}, "pads");
    }
    if (n.input_count() > 3) {
        require(mode == PadMode::constant, "pad_value is only used with pad_mode constant");
        require_input_rank(n, 3, {0}, "pad_value");
        const ElementType d = n.input_type(0), v = n.input_type(3);
        require(d == ElementType::dynamic || v == ElementType::dynamic || d == v,
                "pad_value has element type " + std::string(to_string(v)) + ", data has " +
                    std::string(to_string(d)));
    }
    const PartialShape& in = n.input_shape(0);
    auto begin = const_ints(n, 1), end = const_ints(n, 2);
    if (begin && end) {
        n.set_output(0, data_type(n), pad_output(in, *begin, *end, mode));
        return;
    }
    std::optional<std::size_t> rank = rank_of(in);
    if (!rank) rank = length_of_1d_input(n, 1);
    if (!rank) rank = length_of_1d_input(n, 2);
    n.set_output(0, data_type(n), shape_of_rank(rank));
}

// Input index read by output index `o` of an axis of size `d` padded by `before`.
std::int64_t padded_index(std::int64_t o, std::int64_t before, std::int64_t d, PadMode mode) {
    const std::int64_t i = o - before;
    if (i >= 0 && i < d) return i;
    switch (mode) {
    case PadMode::constant: return -1;
    case PadMode::edge: return i < 0 ? 0 : d - 1;
    case PadMode::reflect: return i < 0 ? -i : 2 * (d - 1) - i;
    case PadMode::symmetric: return i < 0 ? -i - 1 : 2 * d - 1 - i;
    }
    return -1;
}

std::vector<Tensor> eval_pad(const Node& n, std::span<const Tensor> in) {
    const PadMode mode = pad_mode(n);
    const Tensor& data = in[0];
    const Shape& s = data.shape();
    const Ints begin = in[1].to_int64s(), end = in[2].to_int64s();
    const Shape out = pad_output(PartialShape(s), begin, end, mode).to_shape();
    const auto strides = row_major_strides(s);
    std::vector<std::vector<std::int64_t>> offsets(s.size());
    for (std::size_t a = 0; a < s.size(); ++a) {
        offsets[a].resize(static_cast<std::size_t>(out[a]));
        for (std::int64_t o = 0; o < out[a]; ++o) {
            const std::int64_t i = padded_index(o, begin[a], s[a], mode);
            offsets[a][static_cast<std::size_t>(o)] = i < 0 ? kOutside : i * strides[a];
        }
    }
    Tensor fill;
    if (in.size() > 3) {
        require(in[3].size() == 1, "pad_value must be a scalar");
        fill = in[3].cast(data.type());
    }
    return {copy_mapped(data, out, offsets, fill.valid() ? fill.raw() : nullptr)};
}

} // namespace

void register_pad_ops(OpRegistry& r) {
    r.add(make_op("Pad", 1, 3, 4, {"pad_mode"}, infer_pad, eval_pad));
}

} // namespace mo::ops::movement
