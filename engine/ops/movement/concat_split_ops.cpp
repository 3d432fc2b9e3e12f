// Concat-1, Split-1, VariadicSplit-1: joining and cutting tensors along one axis.
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

// Elements before and after `axis` in a static shape.
std::pair<std::int64_t, std::int64_t> outer_inner(const Shape& s, std::size_t axis) {
    std::int64_t outer = 1, inner = 1;
    for (std::size_t i = 0; i < axis; ++i) outer *= s[i];
    for (std::size_t i = axis + 1; i < s.size(); ++i) inner *= s[i];
    return {outer, inner};
}

// ---- Concat --------------------------------------------------------------------------------

void infer_concat(Node& n) {
    require(n.input_count() >= 1, "Concat needs at least one input");
    ElementType type = ElementType::dynamic;
    std::optional<std::size_t> rank;
    for (std::size_t i = 0; i < n.input_count(); ++i) {
        const ElementType t = n.input_type(i);
        if (t != ElementType::dynamic) {
            require(type == ElementType::dynamic || type == t,
                    "Concat input " + std::to_string(i) + " has element type " +
                        std::string(to_string(t)) + ", earlier inputs have " +
                        std::string(to_string(type)));
            type = t;
        }
        const PartialShape& s = n.input_shape(i);
        if (!s.rank_known()) continue;
        require(!rank || *rank == s.rank(), "Concat inputs have different ranks: " +
                                                n.input_shape(0).to_string() + " and " +
                                                s.to_string() + " (input " + std::to_string(i) +
                                                ")");
        rank = s.rank();
    }
    if (!rank) {
        n.set_output(0, type, PartialShape::dynamic());
        return;
    }
    require(*rank > 0, "Concat inputs must not be scalars");
    const auto axis = static_cast<std::size_t>(
        normalize_axis(n.attrs.get_int("axis"), static_cast<std::int64_t>(*rank)));
    Shape out(*rank, kDyn);
    std::int64_t axis_sum = 0;
    for (std::size_t i = 0; i < n.input_count(); ++i) {
        const PartialShape& s = n.input_shape(i);
        if (!s.rank_known()) {
            axis_sum = kDyn;
            continue;
        }
        for (std::size_t d = 0; d < *rank; ++d) {
            if (d == axis) continue;
            require(dims_compatible(out[d], s[d]),
                    "Concat input " + std::to_string(i) + " has shape " + s.to_string() +
                        ", which differs from the other inputs outside axis " +
                        std::to_string(axis));
            out[d] = dim_merge(out[d], s[d]);
        }
        axis_sum = dim_add(axis_sum, s[axis]);
    }
    out[axis] = axis_sum;
    n.set_output(0, type, PartialShape(out));
}

std::vector<Tensor> eval_concat(const Node& n, std::span<const Tensor> in) {
    const Shape& first = in[0].shape();
    require(!first.empty(), "Concat inputs must not be scalars");
    const auto axis = static_cast<std::size_t>(
        normalize_axis(n.attrs.get_int("axis"), static_cast<std::int64_t>(first.size())));
    Shape out = first;
    out[axis] = 0;
    for (const Tensor& t : in) {
        require(t.type() == in[0].type(), "Concat inputs have different element types");
        Shape probe = t.shape();
        require(probe.size() == first.size(), "Concat inputs have different ranks");
        out[axis] += probe[axis];
        probe[axis] = first[axis];
        require(probe == first, "Concat input shape " + to_string(t.shape()) +
                                    " does not fit " + to_string(first));
    }
    Tensor result(in[0].type(), out);
    const std::size_t elem = element_bytes(in[0].type());
    const auto [outer, inner] = outer_inner(out, axis);
    std::byte* dst = result.mutable_raw();
    for (std::int64_t o = 0; o < outer; ++o) {
        for (const Tensor& t : in) {
            const std::int64_t chunk = t.shape()[axis] * inner;
            copy_elements(dst, t.raw() + o * chunk * static_cast<std::int64_t>(elem), chunk, elem);
            dst += chunk * static_cast<std::int64_t>(elem);
        }
    }
    return {result};
}

// ---- Split and VariadicSplit ---------------------------------------------------------------

// Cuts `t` along `axis` into pieces of the given lengths (which sum to the axis size).
std::vector<Tensor> split_tensor(const Tensor& t, std::size_t axis, const Ints& lengths) {
    const Shape& s = t.shape();
    const std::size_t elem = element_bytes(t.type());
    const auto [outer, inner] = outer_inner(s, axis);
    const std::int64_t row = s[axis] * inner;
    std::vector<Tensor> outs;
    std::int64_t start = 0;
    for (std::int64_t len : lengths) {
        Shape piece = s;
        piece[axis] = len;
        Tensor out(t.type(), piece);
        if (out.size() > 0) {
            std::byte* dst = out.mutable_raw();
            for (std::int64_t o = 0; o < outer; ++o) {
                copy_elements(dst, t.raw() + (o * row + start * inner) * static_cast<std::int64_t>(elem),
                              len * inner, elem);
                dst += len * inner * static_cast<std::int64_t>(elem);
            }
        }
        outs.push_back(std::move(out));
        start += len;
    }
    return outs;
}

std::int64_t split_num(const Node& n) {
    const std::int64_t num = n.attrs.get_int("num_splits");
    require(num >= 1, "num_splits must be positive, got " + std::to_string(num));
    return num;
}

// Split: equal lengths; nullopt when the axis size is unknown.
Ints split_lengths(std::int64_t dim, std::int64_t num) {
    require(is_dynamic(dim) || dim % num == 0, "Split dimension " + std::to_string(dim) +
                                                   " is not divisible by num_splits " +
                                                   std::to_string(num));
    return Ints(static_cast<std::size_t>(num), is_dynamic(dim) ? kDyn : dim / num);
}

// Sets `lengths.size()` outputs: the input shape with the axis dimension replaced.
void set_split_outputs(Node& n, const PartialShape& in, std::optional<std::size_t> axis,
                       const Ints& lengths) {
    n.set_output_count(lengths.size());
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        if (!in.rank_known() || !axis) {
            n.set_output(i, data_type(n), shape_of_rank(rank_of(in)));
            continue;
        }
        Shape out = in.dims();
        out[*axis] = lengths[i];
        n.set_output(i, data_type(n), PartialShape(out));
    }
}

std::optional<std::size_t> split_axis(const Node& n, const PartialShape& in) {
    require_integer_input(n, 1, "split axis");
    require_input_rank(n, 1, {0, 1}, "split axis");
    auto axis = const_scalar(n, 1, "split axis");
    if (!axis || !in.rank_known()) return std::nullopt;
    require(in.rank() > 0, "cannot split a scalar");
    return static_cast<std::size_t>(normalize_axis(*axis, static_cast<std::int64_t>(in.rank())));
}

void infer_split(Node& n) {
    const PartialShape& in = n.input_shape(0);
    const std::int64_t num = split_num(n);
    const auto axis = split_axis(n, in);
    set_split_outputs(n, in, axis, axis ? split_lengths(in[*axis], num) : Ints(num, kDyn));
}

std::vector<Tensor> eval_split(const Node& n, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    require(!s.empty(), "cannot split a scalar");
    const auto axis = static_cast<std::size_t>(
        normalize_axis(scalar_value(in[1], "split axis"), static_cast<std::int64_t>(s.size())));
    return split_tensor(in[0], axis, split_lengths(s[axis], split_num(n)));
}

// VariadicSplit lengths with -1 resolved (when the axis size is known).
Ints variadic_lengths(Ints lengths, std::int64_t dim) {
    std::optional<std::size_t> inferred;
    std::int64_t sum = 0;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        if (lengths[i] == -1) {
            require(!inferred, "split_lengths " + ints_str(lengths) + " has more than one -1");
            inferred = i;
            continue;
        }
        require(lengths[i] >= 0, "split_lengths " + ints_str(lengths) + " has a negative length");
        sum += lengths[i];
    }
    if (is_dynamic(dim)) {
        if (inferred) lengths[*inferred] = kDyn;
        return lengths;
    }
    if (inferred) {
        require(sum <= dim, "split_lengths " + ints_str(lengths) + " exceed the dimension " +
                                std::to_string(dim));
        lengths[*inferred] = dim - sum;
    } else {
        require(sum == dim, "split_lengths " + ints_str(lengths) + " do not sum to the dimension " +
                                std::to_string(dim));
    }
    return lengths;
}

void infer_variadic_split(Node& n) {
    const PartialShape& in = n.input_shape(0);
    const auto axis = split_axis(n, in);
    require_integer_input(n, 2, "split_lengths");
    require_input_rank(n, 2, {1}, "split_lengths");
    if (auto lengths = const_ints(n, 2)) {
        set_split_outputs(n, in, axis, axis ? variadic_lengths(*lengths, in[*axis]) : *lengths);
        return;
    }
    const auto count = length_of_1d_input(n, 2);
    require(count.has_value(),
            "VariadicSplit needs split_lengths of a known length to know its output count");
    set_split_outputs(n, in, axis, Ints(*count, kDyn));
}

std::vector<Tensor> eval_variadic_split(const Node&, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    require(!s.empty(), "cannot split a scalar");
    const auto axis = static_cast<std::size_t>(
        normalize_axis(scalar_value(in[1], "split axis"), static_cast<std::int64_t>(s.size())));
    return split_tensor(in[0], axis, variadic_lengths(in[2].to_int64s(), s[axis]));
}

} // namespace

void register_concat_split_ops(OpRegistry& r) {
    r.add(make_op("Concat", 1, 1, std::numeric_limits<std::size_t>::max(), {"axis"}, infer_concat,
                  eval_concat));
    r.add(make_op("Split", 1, 2, 2, {"num_splits"}, infer_split, eval_split));
    r.add(make_op("VariadicSplit", 1, 3, 3, {}, infer_variadic_split, eval_variadic_split));
}

} // namespace mo::ops::movement
