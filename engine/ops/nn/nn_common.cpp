#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>

namespace mo::ops::nn {

std::string type_name(ElementType t) {
    return std::string(to_string(t));
}

ElementType same_type(const Node& n, std::size_t a, std::size_t b, std::string_view what_a,
                      std::string_view what_b) {
    const ElementType ta = n.input_type(a), tb = n.input_type(b);
    if (ta == ElementType::dynamic) return tb;
    if (tb == ElementType::dynamic) return ta;
    require(ta == tb, [&] {
        return std::string(what_a) + " type " + type_name(ta) + " does not match " +
               std::string(what_b) + " type " + type_name(tb);
    });
    return ta;
}

void require_floating(ElementType t, std::string_view what) {
    require(t == ElementType::dynamic || is_floating(t), [&] {
        return std::string(what) + " must have a floating-point type, got " + type_name(t);
    });
}

void require_integral(ElementType t, std::string_view what) {
    require(t == ElementType::dynamic || is_integral(t),
            std::string(what) + " must have an integer type, got " + type_name(t));
}

ElementType index_type_attr(const Attributes& a, std::string_view name, std::string_view fallback) {
    const std::string s = a.get_string(name, fallback);
    if (s == "i32") return ElementType::i32;
    if (s == "i64") return ElementType::i64;
    throw InferenceError("attribute '" + std::string(name) + "' must be i32 or i64, got '" + s +
                         "'");
}

void require_rank(const PartialShape& s, std::size_t lo, std::size_t hi, std::string_view what) {
    if (!s.rank_known()) return;
    if (s.rank() >= lo && s.rank() <= hi) return;
    const std::string range = lo == hi
                                  ? std::to_string(lo)
                                  : "between " + std::to_string(lo) + " and " + std::to_string(hi);
    throw InferenceError(std::string(what) + " must have rank " + range + ", got rank " +
                         std::to_string(s.rank()) + " " + s.to_string());
}

std::string dim_str(std::int64_t d) {
    return d < 0 ? std::string("?") : std::to_string(d);
}

AutoPad auto_pad_attr(const Attributes& a) {
    const std::string s = a.get_string("auto_pad", "explicit");
    if (s == "explicit" || s == "notset" || s.empty()) return AutoPad::explicit_pads;
    if (s == "same_upper") return AutoPad::same_upper;
    if (s == "same_lower") return AutoPad::same_lower;
    if (s == "valid") return AutoPad::valid;
    throw InferenceError("unknown auto_pad '" + s +
                         "' (expected explicit, same_upper, same_lower or valid)");
}

Ints spatial_attr(const Attributes& a, std::string_view name, std::size_t n,
                  std::optional<std::int64_t> fallback) {
    if (!a.has(name) && fallback) return Ints(n, *fallback);
    Ints v = a.get_ints(name);
    require(v.size() == n, [&] {
        return "attribute '" + std::string(name) + "' has " + std::to_string(v.size()) +
               " values, expected " + std::to_string(n) + " (one per spatial axis)";
    });
    return v;
}

void read_pads(const Attributes& a, AutoPad mode, std::size_t n, Ints& begin, Ints& end) {
    const std::optional<std::int64_t> fallback =
        mode == AutoPad::explicit_pads ? std::nullopt : std::optional<std::int64_t>(0);
    begin = spatial_attr(a, "pads_begin", n, fallback);
    end = spatial_attr(a, "pads_end", n, fallback);
}

void require_positive(const Ints& v, std::string_view name) {
    for (auto x : v)
        require(x > 0, [&] {
            return "attribute '" + std::string(name) + "' must be positive, got " +
                   std::to_string(x);
        });
}

std::optional<AxisPads> forward_pads(AutoPad mode, std::int64_t in, std::int64_t window,
                                     std::int64_t stride, std::int64_t pad_begin,
                                     std::int64_t pad_end) {
    switch (mode) {
    case AutoPad::explicit_pads:
        return AxisPads{pad_begin, pad_end};
    case AutoPad::valid:
        return AxisPads{0, 0};
    case AutoPad::same_upper:
    case AutoPad::same_lower: {
        if (in < 0 || window < 0) return std::nullopt;
        const std::int64_t out = (in + stride - 1) / stride;
        const std::int64_t total = std::max<std::int64_t>(0, (out - 1) * stride + window - in);
        const std::int64_t small = total / 2;
        return mode == AutoPad::same_upper ? AxisPads{small, total - small}
                                           : AxisPads{total - small, small};
    }
    }
    return std::nullopt;
}

std::int64_t forward_out_dim(AutoPad mode, std::int64_t in, std::int64_t window,
                             std::int64_t stride, const std::optional<AxisPads>& pads,
                             bool ceil_rounding, std::size_t axis) {
    if (in < 0) return kDyn;
    if (mode == AutoPad::same_upper || mode == AutoPad::same_lower)
        return (in + stride - 1) / stride;
    if (window < 0 || !pads) return kDyn;
    const std::int64_t padded = in + pads->begin + pads->end;
    require(padded >= window,
            "window of size " + std::to_string(window) + " does not fit the padded input of size " +
                std::to_string(padded) + " along spatial axis " + std::to_string(axis));
    const std::int64_t span = padded - window;
    return (ceil_rounding ? (span + stride - 1) / stride : span / stride) + 1;
}

std::int64_t forward_axis(AutoPad mode, std::int64_t in, std::int64_t window, std::int64_t stride,
                          std::int64_t& pad_begin, std::int64_t& pad_end, bool& pads_known,
                          bool ceil_rounding, std::size_t axis) {
    const auto pads = forward_pads(mode, in, window, stride, pad_begin, pad_end);
    if (pads) {
        pad_begin = pads->begin;
        pad_end = pads->end;
    } else {
        pads_known = false;
    }
    return forward_out_dim(mode, in, window, stride, pads, ceil_rounding, axis);
}

Geometry3 make_geometry(const Ints& in, const Ints& out, const Ints& kernel, const Ints& stride,
                        const Ints& dilation, const Ints& pad_begin, const Ints& pad_end) {
    Geometry3 g;
    const std::size_t n = in.size();
    if (n > 3) throw Error("at most 3 spatial axes are supported");
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t j = 3 - n + i;
        g.in[j] = in[i];
        g.out[j] = out[i];
        g.kernel[j] = kernel[i];
        g.stride[j] = stride[i];
        g.dilation[j] = dilation[i];
        g.pad_begin[j] = pad_begin[i];
        g.pad_end[j] = pad_end[i];
    }
    return g;
}

Ints dims_from(const Shape& s, std::size_t from) {
    return Ints(s.begin() + static_cast<std::ptrdiff_t>(std::min(from, s.size())), s.end());
}

} // namespace mo::ops::nn
