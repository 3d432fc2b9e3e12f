// MaxPool-1, MaxPool-8, AvgPool-1, AdaptiveAvgPool-8, AdaptiveMaxPool-8.
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mo::ops::nn {
namespace {

struct PoolPlan {
    PartialShape output;
    Ints kernel, strides, dilations, pads_begin, pads_end;
    bool pads_known = true;
};

bool ceil_rounding(const Attributes& a) {
    const std::string r = a.get_string("rounding_type", "floor");
    if (r == "floor") return false;
    if (r == "ceil") return true;
    throw InferenceError("unknown rounding_type '" + r + "' (expected floor or ceil)");
}

PoolPlan plan_pool(const Attributes& a, const PartialShape& x, bool has_dilations) {
    PoolPlan p;
    require_rank(x, 3, 5, "data");
    if (!x.rank_known()) {
        p.output = PartialShape::dynamic();
        p.pads_known = false;
        return p;
    }
    const std::size_t n = x.rank() - 2;
    const AutoPad mode = auto_pad_attr(a);
    const bool ceil = ceil_rounding(a);
    p.kernel = spatial_attr(a, "kernel", n);
    p.strides = spatial_attr(a, "strides", n);
    p.dilations = has_dilations ? spatial_attr(a, "dilations", n, 1) : Ints(n, 1);
    require_positive(p.kernel, "kernel");
    require_positive(p.strides, "strides");
    require_positive(p.dilations, "dilations");
    read_pads(a, mode, n, p.pads_begin, p.pads_end);
    Shape out{x[0], x[1]};
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t window = (p.kernel[i] - 1) * p.dilations[i] + 1;
        out.push_back(forward_axis(mode, x[2 + i], window, p.strides[i], p.pads_begin[i],
                                   p.pads_end[i], p.pads_known, ceil, i));
    }
    p.output = PartialShape(std::move(out));
    return p;
}

Geometry3 geometry_of(const PoolPlan& p, const Shape& in) {
    if (!p.output.is_static() || !p.pads_known) throw Error("pooling geometry is not fully known");
    return make_geometry(dims_from(in, 2), dims_from(p.output.to_shape(), 2), p.kernel, p.strides,
                         p.dilations, p.pads_begin, p.pads_end);
}

// Calls visit(plane, o, od, oh, ow) for every output position of every (batch*channel) plane:
// `plane` is that plane's input, `o` the flat output index.
template <class T, class Visit>
void for_each_window(const T* x, const Geometry3& g, std::int64_t planes, Visit&& visit) {
    for (std::int64_t s = 0; s < planes; ++s) {
        const T* plane = x + s * g.in_size();
        std::int64_t o = s * g.out_size();
        for (std::int64_t od = 0; od < g.out[0]; ++od)
            for (std::int64_t oh = 0; oh < g.out[1]; ++oh)
                for (std::int64_t ow = 0; ow < g.out[2]; ++ow, ++o) visit(plane, o, od, oh, ow);
    }
}

// Max over each window; `indices` (may be null) receives the flat index of the maximum within
// its (batch*channel) plane, or -1 when the window holds only padding.
template <class T>
void max_pool(const T* x, T* y, std::int64_t* indices, const Geometry3& g, std::int64_t planes) {
    for_each_window(x, g, planes, [&](const T* plane, std::int64_t o, std::int64_t od,
                                      std::int64_t oh, std::int64_t ow) {
        T best = -std::numeric_limits<T>::infinity();
        std::int64_t best_at = -1;
        for (std::int64_t kd = 0; kd < g.kernel[0]; ++kd) {
            const std::int64_t id = od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
            if (id < 0 || id >= g.in[0]) continue;
            for (std::int64_t kh = 0; kh < g.kernel[1]; ++kh) {
                const std::int64_t ih = oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
                if (ih < 0 || ih >= g.in[1]) continue;
                for (std::int64_t kw = 0; kw < g.kernel[2]; ++kw) {
                    const std::int64_t iw = ow * g.stride[2] - g.pad_begin[2] + kw * g.dilation[2];
                    if (iw < 0 || iw >= g.in[2]) continue;
                    const std::int64_t at = (id * g.in[1] + ih) * g.in[2] + iw;
                    if (best_at < 0 || plane[at] > best) {
                        best = plane[at];
                        best_at = at;
                    }
                }
            }
        }
        y[o] = best;
        if (indices) indices[o] = best_at;
    });
}

// Average over each window. With exclude_pad only input pixels are counted; otherwise pixels of
// the padded input ([-pad_begin, in+pad_end)) are counted too.
template <class T>
void avg_pool(const T* x, T* y, const Geometry3& g, std::int64_t planes, bool exclude_pad) {
    auto range = [&](int axis, std::int64_t o, std::int64_t& lo, std::int64_t& hi,
                     std::int64_t& counted) {
        const std::int64_t start = o * g.stride[axis] - g.pad_begin[axis];
        const std::int64_t end = start + g.kernel[axis];
        lo = std::max<std::int64_t>(start, 0);
        hi = std::min(end, g.in[axis]);
        counted = exclude_pad ? hi - lo
                              : std::min(end, g.in[axis] + g.pad_end[axis]) -
                                    std::max(start, -g.pad_begin[axis]);
    };
    for_each_window(x, g, planes, [&](const T* plane, std::int64_t o, std::int64_t od,
                                      std::int64_t oh, std::int64_t ow) {
        std::int64_t d0, d1, cd, h0, h1, ch, w0, w1, cw;
        range(0, od, d0, d1, cd);
        range(1, oh, h0, h1, ch);
        range(2, ow, w0, w1, cw);
        T sum = 0;
        for (std::int64_t id = d0; id < d1; ++id)
            for (std::int64_t ih = h0; ih < h1; ++ih)
                for (std::int64_t iw = w0; iw < w1; ++iw)
                    sum += plane[(id * g.in[1] + ih) * g.in[2] + iw];
        const std::int64_t count = std::max<std::int64_t>(cd, 0) * std::max<std::int64_t>(ch, 0) *
                                   std::max<std::int64_t>(cw, 0);
        y[o] = count > 0 ? sum / static_cast<T>(count) : T{0};
    });
}

Tensor index_tensor(ElementType type, const Shape& shape, const std::vector<std::int64_t>& v) {
    Tensor t(ElementType::i64, shape);
    std::copy(v.begin(), v.end(), t.mutable_data<std::int64_t>().begin());
    return t.cast(type);
}

std::int64_t planes_of(const Shape& s) {
    return s[0] * s[1];
}

OpDef max_pool_op(int opset) {
    const bool v8 = opset == 8;
    std::vector<std::string> attrs =
        v8 ? std::vector<std::string>{"strides",    "dilations",
                                      "pads_begin", "pads_end",
                                      "kernel",     "rounding_type",
                                      "auto_pad",   "index_element_type",
                                      "axis"}
           : std::vector<std::string>{"strides", "pads_begin",    "pads_end",
                                      "kernel",  "rounding_type", "auto_pad"};
    return make_op(
        "MaxPool", opset, 1, 1, std::move(attrs),
        [v8](Node& n) {
            const PoolPlan p = plan_pool(n.attrs, n.input_shape(0), v8);
            n.set_output(0, n.input_type(0), p.output);
            if (v8) {
                const ElementType it = index_type_attr(n.attrs, "index_element_type", "i64");
                if (n.input_shape(0).rank_known())
                    normalize_axis(n.attrs.get_int("axis", 0),
                                   static_cast<std::int64_t>(n.input_shape(0).rank()));
                n.set_output(1, it, p.output);
            }
        },
        [v8](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const PoolPlan p = plan_pool(n.attrs, PartialShape(x.shape()), v8);
            const Geometry3 g = geometry_of(p, x.shape());
            const Shape& out_shape = p.output.to_shape();
            return with_float_type(x.type(), [&](auto tag) {
                using T = decltype(tag);
                const ElementType ct = element_type_of<T>();
                const Tensor xc = x.cast(ct);
                Tensor y(ct, out_shape);
                std::vector<std::int64_t> idx(v8 ? static_cast<std::size_t>(y.size()) : 0);
                max_pool(xc.data<T>().data(), y.mutable_data<T>().data(), v8 ? idx.data() : nullptr,
                         g, planes_of(x.shape()));
                std::vector<Tensor> out{y.cast(x.type())};
                if (v8) {
                    // Indices count in the input flattened from `axis` (plane offsets included).
                    const auto rank = static_cast<std::int64_t>(x.shape().size());
                    const auto axis =
                        static_cast<std::size_t>(normalize_axis(n.attrs.get_int("axis", 0), rank));
                    const std::int64_t bound = element_count(dims_from(x.shape(), axis));
                    const std::int64_t per_plane = g.out_size();
                    for (std::size_t i = 0; i < idx.size(); ++i) {
                        const std::int64_t plane = static_cast<std::int64_t>(i) / per_plane;
                        if (idx[i] >= 0) idx[i] = (plane * g.in_size() + idx[i]) % bound;
                    }
                    out.push_back(index_tensor(
                        index_type_attr(n.attrs, "index_element_type", "i64"), out_shape, idx));
                }
                return out;
            });
        },
        v8 ? 2 : 1);
}

OpDef avg_pool_op() {
    return make_op(
        "AvgPool", 1, 1, 1,
        {"strides", "pads_begin", "pads_end", "kernel", "exclude-pad", "rounding_type", "auto_pad"},
        [](Node& n) {
            const PoolPlan p = plan_pool(n.attrs, n.input_shape(0), false);
            n.attrs.get_bool("exclude-pad", false); // validates the type when present
            n.set_output(0, n.input_type(0), p.output);
        },
        [](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const PoolPlan p = plan_pool(n.attrs, PartialShape(x.shape()), false);
            const Geometry3 g = geometry_of(p, x.shape());
            const bool exclude_pad = n.attrs.get_bool("exclude-pad", false);
            return with_float_type(x.type(), [&](auto tag) {
                using T = decltype(tag);
                const Tensor xc = x.cast(element_type_of<T>());
                Tensor y(element_type_of<T>(), p.output.to_shape());
                avg_pool(xc.data<T>().data(), y.mutable_data<T>().data(), g, planes_of(x.shape()),
                         exclude_pad);
                return std::vector<Tensor>{y.cast(x.type())};
            });
        });
}

// ---- adaptive pooling ----------------------------------------------------------------------

PartialShape adaptive_output(const Node& n) {
    const PartialShape& x = n.input_shape(0);
    require_rank(x, 3, 5, "data");
    require_rank(n.input_shape(1), 1, 1, "output_size");
    require_integral(n.input_type(1), "output_size");
    const auto sizes = const_ints(n, 1);
    if (x.rank_known() && n.input_shape(1).rank_known())
        require(dims_compatible(n.input_shape(1)[0], static_cast<std::int64_t>(x.rank()) - 2),
                "output_size has " + dim_str(n.input_shape(1)[0]) + " values, expected " +
                    std::to_string(x.rank() - 2) + " (one per spatial axis)");
    if (!x.rank_known())
        return sizes ? PartialShape::dynamic_of_rank(sizes->size() + 2) : PartialShape::dynamic();
    Shape out{x[0], x[1]};
    for (std::size_t i = 0; i + 2 < x.rank(); ++i) {
        if (!sizes) {
            out.push_back(kDyn);
            continue;
        }
        require((*sizes)[i] > 0,
                "output_size values must be positive, got " + std::to_string((*sizes)[i]));
        out.push_back((*sizes)[i]);
    }
    return PartialShape(std::move(out));
}

// Adaptive window [floor(o*in/out), ceil((o+1)*in/out)) along one axis.
std::int64_t adaptive_begin(std::int64_t o, std::int64_t in, std::int64_t out) {
    return (o * in) / out;
}
std::int64_t adaptive_end(std::int64_t o, std::int64_t in, std::int64_t out) {
    return ((o + 1) * in + out - 1) / out;
}

template <class T>
void adaptive_pool(const T* x, T* y, std::int64_t* indices, const Geometry3& g, std::int64_t planes,
                   bool is_max) {
    for (std::int64_t s = 0; s < planes; ++s) {
        const T* plane = x + s * g.in_size();
        std::int64_t o = s * g.out_size();
        for (std::int64_t od = 0; od < g.out[0]; ++od)
            for (std::int64_t oh = 0; oh < g.out[1]; ++oh)
                for (std::int64_t ow = 0; ow < g.out[2]; ++ow, ++o) {
                    const std::int64_t d0 = adaptive_begin(od, g.in[0], g.out[0]),
                                       d1 = adaptive_end(od, g.in[0], g.out[0]);
                    const std::int64_t h0 = adaptive_begin(oh, g.in[1], g.out[1]),
                                       h1 = adaptive_end(oh, g.in[1], g.out[1]);
                    const std::int64_t w0 = adaptive_begin(ow, g.in[2], g.out[2]),
                                       w1 = adaptive_end(ow, g.in[2], g.out[2]);
                    T acc = is_max ? -std::numeric_limits<T>::infinity() : T{0};
                    std::int64_t best_at = -1;
                    for (std::int64_t id = d0; id < d1; ++id)
                        for (std::int64_t ih = h0; ih < h1; ++ih)
                            for (std::int64_t iw = w0; iw < w1; ++iw) {
                                const std::int64_t at = (id * g.in[1] + ih) * g.in[2] + iw;
                                if (!is_max)
                                    acc += plane[at];
                                else if (best_at < 0 || plane[at] > acc) {
                                    acc = plane[at];
                                    best_at = at;
                                }
                            }
                    const std::int64_t count = (d1 - d0) * (h1 - h0) * (w1 - w0);
                    y[o] = is_max ? acc : acc / static_cast<T>(count);
                    if (indices) indices[o] = best_at;
                }
    }
}

OpDef adaptive_op(bool is_max) {
    return make_op(
        is_max ? "AdaptiveMaxPool" : "AdaptiveAvgPool", 8, 2, 2,
        is_max ? std::vector<std::string>{"index_element_type"} : std::vector<std::string>{},
        [is_max](Node& n) {
            require_floating(n.input_type(0), "data");
            const PartialShape out = adaptive_output(n);
            n.set_output(0, n.input_type(0), out);
            if (is_max) n.set_output(1, index_type_attr(n.attrs, "index_element_type", "i64"), out);
        },
        [is_max](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const Ints sizes = in[1].to_int64s();
            require(sizes.size() + 2 == x.shape().size(),
                    "output_size must have one value per spatial axis");
            for (auto s : sizes) require(s > 0, "output_size values must be positive");
            Shape out_shape{x.shape()[0], x.shape()[1]};
            out_shape.insert(out_shape.end(), sizes.begin(), sizes.end());
            const std::size_t ns = sizes.size();
            const Geometry3 g = make_geometry(dims_from(x.shape(), 2), sizes, Ints(ns, 1),
                                              Ints(ns, 1), Ints(ns, 1), Ints(ns, 0), Ints(ns, 0));
            return with_float_type(x.type(), [&](auto tag) {
                using T = decltype(tag);
                const Tensor xc = x.cast(element_type_of<T>());
                Tensor y(element_type_of<T>(), out_shape);
                std::vector<std::int64_t> idx(is_max ? static_cast<std::size_t>(y.size()) : 0);
                adaptive_pool(xc.data<T>().data(), y.mutable_data<T>().data(),
                              is_max ? idx.data() : nullptr, g, planes_of(x.shape()), is_max);
                std::vector<Tensor> out{y.cast(x.type())};
                if (is_max)
                    out.push_back(index_tensor(
                        index_type_attr(n.attrs, "index_element_type", "i64"), out_shape, idx));
                return out;
            });
        },
        is_max ? 2 : 1);
}

} // namespace

void register_pooling_ops(OpRegistry& r) {
    r.add(max_pool_op(1));
    r.add(max_pool_op(8));
    r.add(avg_pool_op());
    r.add(adaptive_op(false));
    r.add(adaptive_op(true));
}

} // namespace mo::ops::nn
