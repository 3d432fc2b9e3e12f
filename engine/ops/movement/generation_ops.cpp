// Range-1/4, OneHot-1 and NonZero-3: operations that generate tensors from values.
#include "engine/ops/movement/movement_common.hpp"

#include <cmath>

namespace mo::ops::movement {
namespace {

// ---- Range ---------------------------------------------------------------------------------

ElementType range_type(const Node& n) {
    if (n.opset() >= 4) return type_attr(n.attrs, "output_type", std::nullopt);
    ElementType t = ElementType::dynamic;
    for (std::size_t i = 0; i < 3; ++i) {
        const ElementType ti = n.input_type(i);
        if (ti == ElementType::dynamic) continue;
        require(t == ElementType::dynamic || t == ti,
                "Range-1 start, stop and step must have the same element type");
        t = ti;
    }
    return t;
}

struct RangeParams {
    double start, stop, step;
};

// Integer output types use the bounds truncated toward zero (the spec's cast to output_type).
RangeParams range_params(double start, double stop, double step, ElementType type) {
    if (is_integral(type)) {
        start = std::trunc(start);
        stop = std::trunc(stop);
        step = std::trunc(step);
    }
    require(std::isfinite(start) && std::isfinite(stop) && std::isfinite(step),
            "Range bounds must be finite");
    require(step != 0, "Range step must not be 0");
    return {start, stop, step};
}

std::int64_t range_count(const RangeParams& p) {
    const double count = std::ceil((p.stop - p.start) / p.step);
    require(count < 9.0e15, "Range would produce too many elements");
    return count > 0 ? static_cast<std::int64_t>(count) : 0;
}

void infer_range(Node& n) {
    static const char* names[] = {"Range start", "Range stop", "Range step"};
    for (std::size_t i = 0; i < 3; ++i) {
        require_input_rank(n, i, {0, 1}, names[i]);
        const ElementType t = n.input_type(i);
        require(t != ElementType::boolean, std::string(names[i]) + " must be numeric");
    }
    const ElementType type = range_type(n);
    require(type != ElementType::boolean, "Range output type must be numeric");
    double v[3];
    for (std::size_t i = 0; i < 3; ++i) {
        auto t = n.graph().constant_value(n.input(i));
        if (!t) {
            n.set_output(0, type, PartialShape::dynamic_of_rank(1));
            return;
        }
        require(t->size() == 1, std::string(names[i]) + " must be a scalar");
        v[i] = t->value_as_double(0);
    }
    const std::int64_t count = range_count(range_params(v[0], v[1], v[2], type));
    n.set_output(0, type, PartialShape{count});
}

std::vector<Tensor> eval_range(const Node& n, std::span<const Tensor> in) {
    const ElementType type = n.opset() >= 4 ? range_type(n) : in[0].type();
    for (std::size_t i = 0; i < 3; ++i)
        require(in[i].size() == 1, "Range start, stop and step must be scalars");
    const RangeParams p = range_params(in[0].value_as_double(0), in[1].value_as_double(0),
                                       in[2].value_as_double(0), type);
    const std::int64_t count = range_count(p);
    if (is_integral(type)) {
        // Exact integer arithmetic (doubles lose precision for large 64-bit values).
        auto as_int = [&](const Tensor& t) {
            return is_integral(t.type()) ? t.value_as_int64(0)
                                         : static_cast<std::int64_t>(std::trunc(t.value_as_double(0)));
        };
        const std::int64_t start = as_int(in[0]), step = as_int(in[2]);
        const auto values = Tensor::from_vector<std::int64_t>({count}, [&] {
            Ints v(static_cast<std::size_t>(count));
            for (std::int64_t i = 0; i < count; ++i) v[static_cast<std::size_t>(i)] = start + i * step;
            return v;
        }());
        return {values.cast(type)};
    }
    Tensor out(type, {count});
    for (std::int64_t i = 0; i < count; ++i)
        set_value_from_double(out, i, p.start + static_cast<double>(i) * p.step);
    return {out};
}

// ---- OneHot --------------------------------------------------------------------------------

PartialShape one_hot_output(const PartialShape& indices, std::int64_t axis_attr,
                            std::int64_t depth) {
    if (!indices.rank_known()) return PartialShape::dynamic();
    const auto out_rank = static_cast<std::int64_t>(indices.rank() + 1);
    const auto axis = static_cast<std::size_t>(normalize_axis(axis_attr, out_rank));
    Shape out = indices.dims();
    out.insert(out.begin() + static_cast<std::ptrdiff_t>(axis), depth);
    return PartialShape(out);
}

void infer_one_hot(Node& n) {
    require_integer_input(n, 0, "OneHot indices");
    require_integer_input(n, 1, "OneHot depth");
    require_input_rank(n, 1, {0, 1}, "OneHot depth");
    require_input_rank(n, 2, {0, 1}, "OneHot on_value");
    require_input_rank(n, 3, {0, 1}, "OneHot off_value");
    const ElementType on = n.input_type(2), off = n.input_type(3);
    require(on == ElementType::dynamic || off == ElementType::dynamic || on == off,
            "OneHot on_value (" + std::string(to_string(on)) + ") and off_value (" +
                std::string(to_string(off)) + ") must have the same element type");
    std::int64_t depth = kDyn;
    if (auto d = const_scalar(n, 1, "OneHot depth")) {
        require(*d > 0, "OneHot depth must be positive, got " + std::to_string(*d));
        depth = *d;
    }
    n.set_output(0, on == ElementType::dynamic ? off : on,
                 one_hot_output(n.input_shape(0), n.attrs.get_int("axis"), depth));
}

std::vector<Tensor> eval_one_hot(const Node& n, std::span<const Tensor> in) {
    const std::int64_t depth = scalar_value(in[1], "OneHot depth");
    require(depth > 0, "OneHot depth must be positive, got " + std::to_string(depth));
    require(in[2].size() == 1 && in[3].size() == 1, "OneHot on_value and off_value must be scalars");
    const Shape& is = in[0].shape();
    const auto out_rank = static_cast<std::int64_t>(is.size() + 1);
    const auto axis = static_cast<std::size_t>(normalize_axis(n.attrs.get_int("axis"), out_rank));
    const Shape out_shape =
        one_hot_output(PartialShape(is), n.attrs.get_int("axis"), depth).to_shape();
    const ElementType type = in[2].type();
    const Tensor off = in[3].cast(type);
    const std::size_t elem = element_bytes(type);
    std::int64_t outer = 1, inner = 1;
    for (std::size_t i = 0; i < axis; ++i) outer *= is[i];
    for (std::size_t i = axis; i < is.size(); ++i) inner *= is[i];
    const auto indices = in[0].to_int64s();
    Tensor out(type, out_shape);
    std::byte* dst = out.mutable_raw();
    for (std::int64_t f = 0; f < out.size(); ++f) copy_elements(dst + f * elem, off.raw(), 1, elem);
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t i = 0; i < inner; ++i) {
            // Indices outside [0, depth) select nothing: the row stays off_value.
            const std::int64_t idx = indices[static_cast<std::size_t>(o * inner + i)];
            if (idx >= 0 && idx < depth)
                copy_elements(dst + ((o * depth + idx) * inner + i) * static_cast<std::int64_t>(elem),
                              in[2].raw(), 1, elem);
        }
    return {out};
}

// ---- NonZero -------------------------------------------------------------------------------

ElementType non_zero_type(const Node& n) {
    return type_attr(n.attrs, "output_type", "i64", {ElementType::i64, ElementType::i32});
}

std::int64_t count_non_zero(const Tensor& t) {
    std::int64_t count = 0;
    for (std::int64_t i = 0; i < t.size(); ++i) count += t.value_as_double(i) != 0.0;
    return count;
}

void infer_non_zero(Node& n) {
    const ElementType type = non_zero_type(n);
    const PartialShape& in = n.input_shape(0);
    if (auto v = n.graph().constant_value(n.input(0))) {
        n.set_output(0, type,
                     PartialShape{static_cast<std::int64_t>(v->shape().size()), count_non_zero(*v)});
        return;
    }
    n.set_output(0, type,
                 PartialShape{in.rank_known() ? static_cast<std::int64_t>(in.rank()) : kDyn, kDyn});
}

std::vector<Tensor> eval_non_zero(const Node& n, std::span<const Tensor> in) {
    const Tensor& t = in[0];
    const Shape& s = t.shape();
    const std::int64_t count = count_non_zero(t);
    const auto rank = static_cast<std::int64_t>(s.size());
    Ints out(static_cast<std::size_t>(rank * count));
    Shape pos(s.size(), 0);
    std::int64_t column = 0;
    for (std::int64_t i = 0; i < t.size(); ++i) {
        if (t.value_as_double(i) != 0.0) {
            for (std::int64_t d = 0; d < rank; ++d)
                out[static_cast<std::size_t>(d * count + column)] = pos[static_cast<std::size_t>(d)];
            ++column;
        }
        for (std::size_t d = s.size(); d-- > 0;) {
            if (++pos[d] < s[d]) break;
            pos[d] = 0;
        }
    }
    return {Tensor::from_vector<std::int64_t>({rank, count}, out).cast(non_zero_type(n))};
}

} // namespace

void register_generation_ops(OpRegistry& r) {
    r.add(make_op("Range", 1, 3, 3, {}, infer_range, eval_range));
    r.add(make_op("Range", 4, 3, 3, {"output_type"}, infer_range, eval_range));
    r.add(make_op("OneHot", 1, 4, 4, {"axis"}, infer_one_hot, eval_one_hot));
    r.add(make_op("NonZero", 3, 1, 1, {"output_type"}, infer_non_zero, eval_non_zero));
}

} // namespace mo::ops::movement
