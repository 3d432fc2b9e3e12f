// BatchNormInference-1/5, MVN-1/6, LRN-1, NormalizeL2-1, GRN-1.
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace mo::ops::nn {
namespace {

// For each element of `shape`, the index of its slice when the axes marked in `reduced` are
// reduced (elements that share all non-reduced coordinates share a slice).
std::vector<std::int64_t> slice_of_elements(const Shape& shape, const std::vector<bool>& reduced,
                                            std::int64_t& slices) {
    Shape kept = shape;
    for (std::size_t i = 0; i < shape.size(); ++i)
        if (reduced[i]) kept[i] = 1;
    slices = element_count(kept);
    const auto kept_strides = row_major_strides(kept);
    std::vector<std::int64_t> out(static_cast<std::size_t>(element_count(shape)));
    Shape coord(shape.size(), 0);
    std::int64_t slice = 0;
    for (auto& o : out) {
        o = slice;
        for (std::size_t i = shape.size(); i-- > 0;) { // odometer increment
            if (++coord[i] < shape[i]) {
                if (!reduced[i]) slice += kept_strides[i];
                break;
            }
            if (!reduced[i]) slice -= (shape[i] - 1) * kept_strides[i];
            coord[i] = 0;
        }
    }
    return out;
}

// Reduction axes given by a constant input; checks range and uniqueness.
std::vector<bool> axes_mask(const Ints& axes, std::size_t rank, std::string_view op) {
    std::vector<bool> mask(rank, false);
    for (auto a : axes) {
        const auto axis =
            static_cast<std::size_t>(normalize_axis(a, static_cast<std::int64_t>(rank)));
        require(!mask[axis],
                std::string(op) + " axes contain axis " + std::to_string(a) + " twice");
        mask[axis] = true;
    }
    return mask;
}

// Runs f(T{}) on the float compute type of x and casts the result back.
template <class F> std::vector<Tensor> compute_like(const Tensor& x, F&& f) {
    return with_float_type(x.type(), [&](auto tag) {
        using T = decltype(tag);
        const Tensor xc = x.cast(element_type_of<T>());
        Tensor y(element_type_of<T>(), x.shape());
        f(xc.data<T>(), y.mutable_data<T>());
        return std::vector<Tensor>{y.cast(x.type())};
    });
}

// Subtracts the mean of each slice and, when asked, divides by the slice's standard deviation
// (eps inside or outside the square root).
template <class T>
void mean_variance_normalize(std::span<const T> x, std::span<T> y, const Shape& shape,
                             const std::vector<bool>& reduced, bool normalize_variance, double eps,
                             bool eps_inside) {
    std::int64_t slices = 0;
    const auto slice = slice_of_elements(shape, reduced, slices);
    std::vector<double> sum(static_cast<std::size_t>(slices), 0.0), sq(sum.size(), 0.0);
    std::vector<std::int64_t> count(sum.size(), 0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        sum[slice[i]] += x[i];
        ++count[slice[i]];
    }
    for (std::size_t s = 0; s < sum.size(); ++s)
        sum[s] /= static_cast<double>(std::max<std::int64_t>(count[s], 1));
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double d = x[i] - sum[slice[i]];
        sq[slice[i]] += d * d;
    }
    for (std::size_t s = 0; s < sq.size(); ++s) {
        const double var = sq[s] / static_cast<double>(std::max<std::int64_t>(count[s], 1));
        sq[s] = eps_inside ? 1.0 / std::sqrt(var + eps) : 1.0 / (std::sqrt(var) + eps);
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double d = x[i] - sum[slice[i]];
        y[i] = static_cast<T>(normalize_variance ? d * sq[slice[i]] : d);
    }
}

// ---- BatchNormInference ---------------------------------------------------------------------

OpDef batch_norm_op(int opset) {
    // Opset 1 ports: gamma, beta, data, mean, variance; opset 5: data, gamma, beta, mean, variance.
    const std::size_t data = opset == 1 ? 2 : 0;
    const std::size_t gamma = opset == 1 ? 0 : 1;
    const std::size_t beta = opset == 1 ? 1 : 2;
    return make_op(
        "BatchNormInference", opset, 5, 5, {"epsilon"},
        [=](Node& n) {
            const double eps = n.attrs.get_float("epsilon");
            require(eps >= 0, "epsilon must not be negative, got " + std::to_string(eps));
            ElementType t = n.input_type(data);
            require_floating(t, "data");
            const PartialShape& x = n.input_shape(data);
            require(!x.rank_known() || x.rank() >= 2,
                    "data must have rank >= 2, got " + x.to_string());
            const std::pair<std::size_t, const char*> params[] = {
                {gamma, "gamma"}, {beta, "beta"}, {3, "mean"}, {4, "variance"}};
            for (const auto& [port, name] : params) {
                t = same_type(n, data, port, "data", name);
                const PartialShape& s = n.input_shape(port);
                require_rank(s, 1, 1, name);
                if (s.rank_known() && x.rank_known())
                    require(dims_compatible(s[0], x[1]), std::string(name) + " has " +
                                                             dim_str(s[0]) + " values, data has " +
                                                             dim_str(x[1]) + " channels");
            }
            n.set_output(0, n.input_type(data), x);
        },
        [=](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[data];
            const double eps = n.attrs.get_float("epsilon");
            const auto g = in[gamma].to_doubles(), b = in[beta].to_doubles(),
                       mean = in[3].to_doubles(), var = in[4].to_doubles();
            const std::int64_t channels = x.shape()[1];
            for (const auto* v : {&g, &b, &mean, &var})
                require(static_cast<std::int64_t>(v->size()) == channels,
                        "per-channel inputs must have one value per channel");
            const std::int64_t inner = element_count(dims_from(x.shape(), 2));
            return compute_like(x, [&](auto xs, auto ys) {
                using T = typename decltype(ys)::element_type;
                for (std::size_t i = 0; i < xs.size(); ++i) {
                    const auto c =
                        static_cast<std::size_t>((static_cast<std::int64_t>(i) / inner) % channels);
                    const double scale = g[c] / std::sqrt(var[c] + eps);
                    ys[i] = static_cast<T>((xs[i] - mean[c]) * scale + b[c]);
                }
            });
        });
}

// ---- MVN ------------------------------------------------------------------------------------

OpDef mvn1_op() {
    return make_op(
        "MVN", 1, 1, 1, {"across_channels", "normalize_variance", "eps"},
        [](Node& n) {
            require_floating(n.input_type(0), "data");
            require_rank(n.input_shape(0), 3, 5, "data");
            n.attrs.get_float("eps");
            n.set_output(0, n.input_type(0), n.input_shape(0));
        },
        [](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const bool across = n.attrs.get_bool("across_channels", false);
            std::vector<bool> mask(x.shape().size(), true);
            mask[0] = false;
            if (!across) mask[1] = false;
            return compute_like(x, [&](auto xs, auto ys) {
                mean_variance_normalize(xs, ys, x.shape(), mask,
                                        n.attrs.get_bool("normalize_variance", false),
                                        n.attrs.get_float("eps"), true);
            });
        });
}

bool eps_inside_sqrt(const Attributes& a) {
    const std::string& m = a.get_string("eps_mode");
    if (m == "inside_sqrt") return true;
    if (m == "outside_sqrt") return false;
    throw InferenceError("unknown eps_mode '" + m + "' (expected inside_sqrt or outside_sqrt)");
}

OpDef mvn6_op() {
    return make_op(
        "MVN", 6, 2, 2, {"normalize_variance", "eps", "eps_mode"},
        [](Node& n) {
            require_floating(n.input_type(0), "data");
            require_integral(n.input_type(1), "axes");
            require_rank(n.input_shape(1), 1, 1, "axes");
            n.attrs.get_bool("normalize_variance");
            n.attrs.get_float("eps");
            eps_inside_sqrt(n.attrs);
            if (auto axes = const_ints(n, 1); axes && n.input_shape(0).rank_known())
                axes_mask(*axes, n.input_shape(0).rank(), "MVN");
            n.set_output(0, n.input_type(0), n.input_shape(0));
        },
        [](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const auto mask = axes_mask(in[1].to_int64s(), x.shape().size(), "MVN");
            return compute_like(x, [&](auto xs, auto ys) {
                mean_variance_normalize(xs, ys, x.shape(), mask,
                                        n.attrs.get_bool("normalize_variance"),
                                        n.attrs.get_float("eps"), eps_inside_sqrt(n.attrs));
            });
        });
}

// ---- LRN ------------------------------------------------------------------------------------

// Sums v over the window [c - half, c + half] (clipped) along `axis`, in place.
void box_sum(std::vector<double>& v, const Shape& shape, std::size_t axis, std::int64_t half) {
    const std::int64_t dim = shape[axis];
    const std::int64_t inner = element_count(dims_from(shape, axis + 1));
    const std::int64_t outer = element_count(shape) / std::max<std::int64_t>(dim * inner, 1);
    std::vector<double> line(static_cast<std::size_t>(dim)), prefix(line.size() + 1);
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t i = 0; i < inner; ++i) {
            const std::int64_t base = o * dim * inner + i;
            prefix[0] = 0;
            for (std::int64_t c = 0; c < dim; ++c) prefix[c + 1] = prefix[c] + v[base + c * inner];
            for (std::int64_t c = 0; c < dim; ++c) {
                const std::int64_t lo = std::max<std::int64_t>(0, c - half);
                const std::int64_t hi = std::min(dim, c + half + 1);
                v[base + c * inner] = prefix[hi] - prefix[lo];
            }
        }
}

OpDef lrn_op() {
    return make_op(
        "LRN", 1, 2, 2, {"alpha", "beta", "bias", "size"},
        [](Node& n) {
            require_floating(n.input_type(0), "data");
            require_integral(n.input_type(1), "axes");
            require_rank(n.input_shape(1), 1, 1, "axes");
            n.attrs.get_float("alpha");
            require(n.attrs.get_float("beta") > 0, "beta must be positive");
            n.attrs.get_float("bias");
            require(n.attrs.get_int("size") > 0, "size must be positive");
            if (auto axes = const_ints(n, 1); axes && n.input_shape(0).rank_known())
                axes_mask(*axes, n.input_shape(0).rank(), "LRN");
            n.set_output(0, n.input_type(0), n.input_shape(0));
        },
        [](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const auto mask = axes_mask(in[1].to_int64s(), x.shape().size(), "LRN");
            const std::int64_t size = n.attrs.get_int("size");
            const double alpha = n.attrs.get_float("alpha"), beta = n.attrs.get_float("beta"),
                         bias = n.attrs.get_float("bias");
            const auto axis_count = std::count(mask.begin(), mask.end(), true);
            const double scale =
                alpha / std::pow(static_cast<double>(size), static_cast<double>(axis_count));
            return compute_like(x, [&](auto xs, auto ys) {
                using T = typename decltype(ys)::element_type;
                std::vector<double> sq(xs.size());
                for (std::size_t i = 0; i < xs.size(); ++i) sq[i] = double(xs[i]) * double(xs[i]);
                for (std::size_t a = 0; a < mask.size(); ++a)
                    if (mask[a]) box_sum(sq, x.shape(), a, size / 2);
                for (std::size_t i = 0; i < xs.size(); ++i)
                    ys[i] = static_cast<T>(xs[i] / std::pow(bias + scale * sq[i], beta));
            });
        });
}

// ---- NormalizeL2 and GRN --------------------------------------------------------------------

// y = x / norm(slice) where norm = sqrt(combine(sum of squares of the slice)).
template <class T, class Combine>
void l2_normalize(std::span<const T> x, std::span<T> y, const Shape& shape,
                  const std::vector<bool>& reduced, Combine combine) {
    std::int64_t slices = 0;
    const auto slice = slice_of_elements(shape, reduced, slices);
    std::vector<double> sq(static_cast<std::size_t>(slices), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) sq[slice[i]] += double(x[i]) * double(x[i]);
    for (auto& s : sq) s = std::sqrt(combine(s));
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = static_cast<T>(x[i] / sq[slice[i]]);
}

OpDef normalize_l2_op() {
    return make_op(
        "NormalizeL2", 1, 2, 2, {"eps", "eps_mode"},
        [](Node& n) {
            require_floating(n.input_type(0), "data");
            require_integral(n.input_type(1), "axes");
            require_rank(n.input_shape(1), 0, 1, "axes");
            n.attrs.get_float("eps");
            const std::string& mode = n.attrs.get_string("eps_mode");
            require(mode == "add" || mode == "max",
                    "unknown eps_mode '" + mode + "' (expected add or max)");
            if (auto axes = const_ints(n, 1); axes && n.input_shape(0).rank_known())
                axes_mask(*axes, n.input_shape(0).rank(), "NormalizeL2");
            n.set_output(0, n.input_type(0), n.input_shape(0));
        },
        [](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            const auto mask = axes_mask(in[1].to_int64s(), x.shape().size(), "NormalizeL2");
            const double eps = n.attrs.get_float("eps");
            const bool add = n.attrs.get_string("eps_mode") == "add";
            return compute_like(x, [&](auto xs, auto ys) {
                l2_normalize(xs, ys, x.shape(), mask,
                             [&](double s) { return add ? s + eps : std::max(s, eps); });
            });
        });
}

OpDef grn_op() {
    return make_op(
        "GRN", 1, 1, 1, {"bias"},
        [](Node& n) {
            require_floating(n.input_type(0), "data");
            require_rank(n.input_shape(0), 2, 4, "data");
            n.attrs.get_float("bias");
            n.set_output(0, n.input_type(0), n.input_shape(0));
        },
        [](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            std::vector<bool> mask(x.shape().size(), false);
            mask.at(1) = true;
            const double bias = n.attrs.get_float("bias");
            return compute_like(x, [&](auto xs, auto ys) {
                l2_normalize(xs, ys, x.shape(), mask, [&](double s) { return s + bias; });
            });
        });
}

} // namespace

void register_normalization_ops(OpRegistry& r) {
    r.add(batch_norm_op(1));
    r.add(batch_norm_op(5));
    r.add(mvn1_op());
    r.add(mvn6_op());
    r.add(lrn_op());
    r.add(normalize_l2_op());
    r.add(grn_op());
}

} // namespace mo::ops::nn
