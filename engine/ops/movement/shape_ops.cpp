// Reshape-1, Squeeze-1, Unsqueeze-1, ShapeOf-1/3: operations that change only the shape. Their
// kernels share the input's storage under the new shape.
#include "engine/ops/movement/movement_common.hpp"

#include <algorithm>

namespace mo::ops::movement {
namespace {

// ---- Reshape -------------------------------------------------------------------------------

PartialShape reshape_output(const PartialShape& in, const Ints& target, bool special_zero) {
    const std::string what = "cannot reshape " + in.to_string() + " to " + ints_str(target);
    Shape out(target.size());
    std::vector<bool> copied(target.size(), false);
    std::optional<std::size_t> inferred;
    for (std::size_t i = 0; i < target.size(); ++i) {
        const std::int64_t v = target[i];
        if (v == -1) {
            require(!inferred, what + ": more than one -1");
            inferred = i;
            out[i] = kDyn;
        } else if (v == 0 && special_zero) {
            if (in.rank_known()) {
                require(i < in.rank(), what + ": 0 at index " + std::to_string(i) +
                                           " copies a dimension the input does not have");
                out[i] = in[i];
                copied[i] = true;
            } else {
                out[i] = kDyn;
            }
        } else {
            require(v >= 0, what + ": invalid dimension " + std::to_string(v));
            out[i] = v;
        }
    }
    if (!in.rank_known()) return PartialShape(out);

    // Element counts of what is not copied one-to-one (copied dims cancel on both sides).
    std::int64_t in_count = 1, out_count = 1;
    bool in_known = true, out_known = true;
    for (std::size_t j = 0; j < in.rank(); ++j) {
        if (j < copied.size() && copied[j]) continue;
        if (is_dynamic(in[j])) in_known = false;
        else in_count *= in[j];
    }
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (copied[i] || (inferred && i == *inferred)) continue;
        if (is_dynamic(out[i])) out_known = false;
        else out_count *= out[i];
    }
    if (inferred) {
        if (in_known && out_known) {
            if (out_count == 0) {
                require(in_count == 0, what + ": cannot infer -1 next to a zero dimension");
                out[*inferred] = 0;
            } else {
                require(in_count % out_count == 0,
                        what + ": " + std::to_string(in_count) + " elements cannot be split by " +
                            std::to_string(out_count));
                out[*inferred] = in_count / out_count;
            }
        }
    } else if (in_known && out_known) {
        require(in_count == out_count, what + ": the element counts differ");
    }
    return PartialShape(out);
}

void infer_reshape(Node& n) {
    require_integer_input(n, 1, "Reshape target shape");
    require_input_rank(n, 1, {1}, "Reshape target shape");
    const bool special_zero = n.attrs.get_bool("special_zero");
    if (auto target = const_ints(n, 1)) {
        n.set_output(0, data_type(n), reshape_output(n.input_shape(0), *target, special_zero));
        return;
    }
    n.set_output(0, data_type(n), shape_of_rank(length_of_1d_input(n, 1)));
}

std::vector<Tensor> eval_reshape(const Node& n, std::span<const Tensor> in) {
    const auto target = in[1].to_int64s();
    const PartialShape out =
        reshape_output(PartialShape(in[0].shape()), target, n.attrs.get_bool("special_zero"));
    return {in[0].reshaped(out.to_shape())};
}

// ---- Squeeze -------------------------------------------------------------------------------

// No axes (or an empty list, as OpenVINO treats it): remove every dimension of size 1.
PartialShape squeeze_output(const PartialShape& in, const std::optional<Ints>& axes) {
    if (!in.rank_known()) return PartialShape::dynamic();
    const auto rank = static_cast<std::int64_t>(in.rank());
    std::vector<bool> remove(in.rank(), false);
    if (!axes || axes->empty()) {
        for (std::size_t i = 0; i < in.rank(); ++i) {
            if (is_dynamic(in[i])) return PartialShape::dynamic(); // might or might not be 1
            remove[i] = in[i] == 1;
        }
    } else {
        for (std::int64_t a : *axes) {
            const auto i = static_cast<std::size_t>(normalize_axis(a, rank));
            require(dims_compatible(in[i], 1), "cannot squeeze axis " + std::to_string(a) +
                                                   " of shape " + in.to_string() +
                                                   ": its size is not 1");
            remove[i] = true;
        }
    }
    Shape out;
    for (std::size_t i = 0; i < in.rank(); ++i)
        if (!remove[i]) out.push_back(in[i]);
    return PartialShape(out);
}

void infer_squeeze(Node& n) {
    if (n.input_count() < 2) {
        n.set_output(0, data_type(n), squeeze_output(n.input_shape(0), std::nullopt));
        return;
    }
    require_integer_input(n, 1, "Squeeze axes");
    require_input_rank(n, 1, {0, 1}, "Squeeze axes");
    auto axes = const_ints(n, 1);
    n.set_output(0, data_type(n),
                 axes ? squeeze_output(n.input_shape(0), *axes) : PartialShape::dynamic());
}

std::vector<Tensor> eval_squeeze(const Node&, std::span<const Tensor> in) {
    std::optional<Ints> axes;
    if (in.size() > 1) axes = in[1].to_int64s();
    return {in[0].reshaped(squeeze_output(PartialShape(in[0].shape()), axes).to_shape())};
}

// ---- Unsqueeze -----------------------------------------------------------------------------

PartialShape unsqueeze_output(const PartialShape& in, const Ints& axes) {
    if (!in.rank_known()) return PartialShape::dynamic();
    const auto out_rank = static_cast<std::int64_t>(in.rank() + axes.size());
    std::vector<bool> inserted(static_cast<std::size_t>(out_rank), false);
    for (std::int64_t a : axes) {
        const auto i = static_cast<std::size_t>(normalize_axis(a, out_rank));
        require(!inserted[i], "Unsqueeze axes " + ints_str(axes) + " repeat axis " +
                                  std::to_string(a));
        inserted[i] = true;
    }
    Shape out(static_cast<std::size_t>(out_rank));
    std::size_t next = 0;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = inserted[i] ? 1 : in[next++];
    return PartialShape(out);
}

void infer_unsqueeze(Node& n) {
    require_integer_input(n, 1, "Unsqueeze axes");
    require_input_rank(n, 1, {0, 1}, "Unsqueeze axes");
    const PartialShape& in = n.input_shape(0);
    if (auto axes = const_ints(n, 1)) {
        n.set_output(0, data_type(n), unsqueeze_output(in, *axes));
        return;
    }
    const auto count = length_of_1d_input(n, 1);
    n.set_output(0, data_type(n),
                 in.rank_known() && count ? PartialShape::dynamic_of_rank(in.rank() + *count)
                                          : PartialShape::dynamic());
}

std::vector<Tensor> eval_unsqueeze(const Node&, std::span<const Tensor> in) {
    return {in[0].reshaped(unsqueeze_output(PartialShape(in[0].shape()), in[1].to_int64s()).to_shape())};
}

// ---- ShapeOf -------------------------------------------------------------------------------

ElementType shape_of_type(const Node& n) {
    if (n.opset() < 3) return ElementType::i64;
    return type_attr(n.attrs, "output_type", "i64", {ElementType::i64, ElementType::i32});
}

void infer_shape_of(Node& n) {
    const PartialShape& in = n.input_shape(0);
    n.set_output(0, shape_of_type(n),
                 in.rank_known() ? PartialShape{static_cast<std::int64_t>(in.rank())}
                                 : PartialShape::dynamic_of_rank(1));
}

std::vector<Tensor> eval_shape_of(const Node& n, std::span<const Tensor> in) {
    const Shape& s = in[0].shape();
    return {Tensor::from_vector<std::int64_t>({static_cast<std::int64_t>(s.size())}, s)
                .cast(shape_of_type(n))};
}

} // namespace

void register_shape_ops(OpRegistry& r) {
    r.add(make_op("Reshape", 1, 2, 2, {"special_zero"}, infer_reshape, eval_reshape));
    r.add(make_op("Squeeze", 1, 1, 2, {}, infer_squeeze, eval_squeeze));
    r.add(make_op("Unsqueeze", 1, 2, 2, {}, infer_unsqueeze, eval_unsqueeze));
    r.add(make_op("ShapeOf", 1, 1, 1, {}, infer_shape_of, eval_shape_of));
    r.add(make_op("ShapeOf", 3, 1, 1, {"output_type"}, infer_shape_of, eval_shape_of));
}

} // namespace mo::ops::movement
