// Interpolate-4. Every mode is separable (the n-D weights are products of per-axis weights), so
// the kernel resamples one axis at a time.
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <cmath>

namespace mo::ops::nn {
namespace {

enum class Mode { nearest, linear, linear_onnx, cubic };
enum class Transform {
    half_pixel,
    pytorch_half_pixel,
    asymmetric,
    tf_half_pixel_for_nn,
    align_corners
};
enum class Nearest { round_prefer_floor, round_prefer_ceil, floor, ceil, simple };

struct InterpAttrs {
    Mode mode = Mode::nearest;
    bool by_sizes = true;
    Transform transform = Transform::half_pixel;
    Nearest nearest = Nearest::round_prefer_floor;
    bool antialias = false;
    double cube_coeff = -0.75;
    Ints pads_begin, pads_end; // raw attribute values (fitted to the rank later)
};

template <class E, std::size_t N>
E parse_enum(const std::string& value, std::string_view attr,
             const std::pair<const char*, E> (&options)[N]) {
    std::string list;
    for (const auto& [name, e] : options) {
        if (value == name) return e;
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    throw InferenceError("unknown " + std::string(attr) + " '" + value + "' (expected " + list +
                         ")");
}

InterpAttrs read_attrs(const Attributes& a) {
    InterpAttrs t;
    static const std::pair<const char*, Mode> modes[] = {{"nearest", Mode::nearest},
                                                         {"linear", Mode::linear},
                                                         {"linear_onnx", Mode::linear_onnx},
                                                         {"cubic", Mode::cubic}};
    static const std::pair<const char*, bool> calc[] = {{"sizes", true}, {"scales", false}};
    static const std::pair<const char*, Transform> transforms[] = {
        {"half_pixel", Transform::half_pixel},
        {"pytorch_half_pixel", Transform::pytorch_half_pixel},
        {"asymmetric", Transform::asymmetric},
        {"tf_half_pixel_for_nn", Transform::tf_half_pixel_for_nn},
        {"align_corners", Transform::align_corners}};
    static const std::pair<const char*, Nearest> nearests[] = {
        {"round_prefer_floor", Nearest::round_prefer_floor},
        {"round_prefer_ceil", Nearest::round_prefer_ceil},
        {"floor", Nearest::floor},
        {"ceil", Nearest::ceil},
        {"simple", Nearest::simple}};
    t.mode = parse_enum(a.get_string("mode"), "mode", modes);
    t.by_sizes = parse_enum(a.get_string("shape_calculation_mode"), "shape_calculation_mode", calc);
    t.transform = parse_enum(a.get_string("coordinate_transformation_mode", "half_pixel"),
                             "coordinate_transformation_mode", transforms);
    t.nearest =
        parse_enum(a.get_string("nearest_mode", "round_prefer_floor"), "nearest_mode", nearests);
    t.antialias = a.get_bool("antialias", false);
    t.cube_coeff = a.get_float("cube_coeff", -0.75);
    t.pads_begin = a.get_ints("pads_begin", {0});
    t.pads_end = a.get_ints("pads_end", {0});
    for (const Ints* pads : {&t.pads_begin, &t.pads_end})
        for (auto p : *pads) require(p >= 0, "pads must not be negative, got " + std::to_string(p));
    return t;
}

// Pads fitted to the rank: missing values are zero, extra values are ignored.
Ints fit_pads(Ints pads, std::size_t rank) {
    pads.resize(rank, 0);
    return pads;
}

// scale*len rounded down; the small epsilon keeps f32 scales such as 0.7 from losing a pixel.
std::int64_t scaled_dim(std::int64_t len, double scale) {
    return static_cast<std::int64_t>(std::floor(static_cast<double>(len) * scale + 1e-5));
}

struct InterpPlan {
    PartialShape padded;
    PartialShape output;
    Ints axes; // valid when axes_known
    bool axes_known = true;
};

InterpPlan plan_interpolate(const InterpAttrs& a, const PartialShape& x,
                            const std::optional<Ints>& sizes,
                            const std::optional<std::vector<double>>& scales,
                            const std::optional<Ints>& axes_in, bool has_axes_input) {
    InterpPlan p;
    if (!x.rank_known()) {
        p.output = p.padded = PartialShape::dynamic();
        p.axes_known = false;
        return p;
    }
    const std::size_t rank = x.rank();
    const Ints pb = fit_pads(a.pads_begin, rank), pe = fit_pads(a.pads_end, rank);
    Shape padded = x.dims();
    for (std::size_t i = 0; i < rank; ++i)
        if (padded[i] >= 0) padded[i] += pb[i] + pe[i];
    p.padded = PartialShape(padded);
    if (has_axes_input && !axes_in) {
        p.output = PartialShape::dynamic_of_rank(rank);
        p.axes_known = false;
        return p;
    }
    if (axes_in) {
        std::vector<bool> seen(rank, false);
        for (auto ax : *axes_in) {
            require(ax >= 0 && ax < static_cast<std::int64_t>(rank),
                    "axis " + std::to_string(ax) + " is out of range for rank " +
                        std::to_string(rank));
            require(!seen[ax], "axes contain axis " + std::to_string(ax) + " twice");
            seen[ax] = true;
        }
        p.axes = *axes_in;
    } else {
        for (std::size_t i = 0; i < rank; ++i) p.axes.push_back(static_cast<std::int64_t>(i));
    }
    if (sizes)
        require(sizes->size() == p.axes.size(),
                "sizes has " + std::to_string(sizes->size()) + " values, expected " +
                    std::to_string(p.axes.size()) + " (one per axis)");
    if (scales)
        require(scales->size() == p.axes.size(),
                "scales has " + std::to_string(scales->size()) + " values, expected " +
                    std::to_string(p.axes.size()) + " (one per axis)");
    Shape out = padded;
    for (std::size_t i = 0; i < p.axes.size(); ++i) {
        const auto ax = static_cast<std::size_t>(p.axes[i]);
        if (a.by_sizes) {
            out[ax] = sizes ? (*sizes)[i] : kDyn;
            if (sizes) require((*sizes)[i] >= 0, "sizes must not be negative");
        } else {
            out[ax] = scales && padded[ax] >= 0 ? scaled_dim(padded[ax], (*scales)[i]) : kDyn;
            if (scales) require((*scales)[i] > 0, "scales must be positive");
        }
    }
    p.output = PartialShape(std::move(out));
    return p;
}

// ---- per-axis weights ------------------------------------------------------------------------

struct Tap {
    std::int64_t index;
    double weight;
};

double original_coordinate(Transform t, std::int64_t o, double scale, std::int64_t out_len,
                           std::int64_t in_len) {
    const double x = static_cast<double>(o);
    switch (t) {
    case Transform::half_pixel:
        return (x + 0.5) / scale - 0.5;
    case Transform::pytorch_half_pixel:
        return out_len > 1 ? (x + 0.5) / scale - 0.5 : 0.0;
    case Transform::asymmetric:
        return x / scale;
    case Transform::tf_half_pixel_for_nn:
        return (x + 0.5) / scale;
    case Transform::align_corners:
        return out_len == 1
                   ? 0.0
                   : x * static_cast<double>(in_len - 1) / static_cast<double>(out_len - 1);
    }
    return x;
}

std::int64_t nearest_pixel(Nearest m, double x, bool downsample) {
    switch (m) {
    case Nearest::round_prefer_floor:
        return x == std::floor(x) + 0.5 ? static_cast<std::int64_t>(std::floor(x))
                                        : static_cast<std::int64_t>(std::round(x));
    case Nearest::round_prefer_ceil:
        return static_cast<std::int64_t>(std::round(x));
    case Nearest::floor:
        return static_cast<std::int64_t>(std::floor(x));
    case Nearest::ceil:
        return static_cast<std::int64_t>(std::ceil(x));
    case Nearest::simple:
        return downsample ? static_cast<std::int64_t>(std::ceil(x)) : static_cast<std::int64_t>(x);
    }
    return 0;
}

std::array<double, 4> cubic_coefficients(double s, double a) {
    const double t = std::abs(s);
    return {a * (t - 1.0) * (t - 1.0) * t, ((a + 2.0) * t - (a + 3.0)) * t * t + 1.0,
            (((-a - 2.0) * t + (2.0 * a + 3.0)) * t - a) * t, -a * t * t * (t - 1.0)};
}

// Taps of every output pixel along one axis. `aa` is the antialiasing factor of linear mode
// (1 without antialiasing).
std::vector<std::vector<Tap>> axis_taps(const InterpAttrs& a, std::int64_t in_len,
                                        std::int64_t out_len, double scale, double aa) {
    std::vector<std::vector<Tap>> taps(static_cast<std::size_t>(out_len));
    auto clip = [&](std::int64_t i) { return std::clamp<std::int64_t>(i, 0, in_len - 1); };
    for (std::int64_t o = 0; o < out_len; ++o) {
        const double c = original_coordinate(a.transform, o, scale, out_len, in_len);
        auto& t = taps[static_cast<std::size_t>(o)];
        switch (a.mode) {
        case Mode::nearest:
            t.push_back({clip(nearest_pixel(a.nearest, c, scale < 1)), 1.0});
            break;
        case Mode::linear_onnx: {
            const double cc = std::clamp(c, 0.0, static_cast<double>(in_len - 1));
            const std::int64_t i1 = clip(static_cast<std::int64_t>(cc));
            const std::int64_t i2 = std::min(i1 + 1, in_len - 1);
            double d1 = std::abs(cc - static_cast<double>(i1)),
                   d2 = std::abs(cc - static_cast<double>(i2));
            if (i1 == i2) d1 = d2 = 0.5;
            t.push_back({i1, d2});
            t.push_back({i2, d1});
            break;
        }
        case Mode::cubic: {
            const double f = std::floor(c);
            const auto w = cubic_coefficients(c - f, a.cube_coeff);
            for (int j = 0; j < 4; ++j)
                t.push_back(
                    {clip(static_cast<std::int64_t>(f) + j - 1), w[static_cast<std::size_t>(j)]});
            break;
        }
        case Mode::linear: {
            const std::int64_t r = scale > 1.0 ? 2 : static_cast<std::int64_t>(std::ceil(2.0 / aa));
            const auto center = static_cast<std::int64_t>(std::nearbyint(c));
            double sum = 0;
            for (std::int64_t i = center - r; i <= center + r; ++i) {
                if (i < 0 || i >= in_len) continue;
                const double w = std::max(0.0, 1.0 - std::abs(aa * (c - static_cast<double>(i))));
                if (w > 0) t.push_back({i, w});
                sum += w;
            }
            for (auto& tap : t) tap.weight = sum > 0 ? tap.weight / sum : 0.0;
            break;
        }
        }
    }
    return taps;
}

// Resamples `x` (shape `shape`) along `axis` with the given taps; updates `shape`.
std::vector<double> resample_axis(const std::vector<double>& x, Shape& shape, std::size_t axis,
                                  const std::vector<std::vector<Tap>>& taps) {
    const std::int64_t in_len = shape[axis];
    const auto out_len = static_cast<std::int64_t>(taps.size());
    const std::int64_t inner = element_count(dims_from(shape, axis + 1));
    const std::int64_t outer =
        element_count(Shape(shape.begin(), shape.begin() + static_cast<std::ptrdiff_t>(axis)));
    std::vector<double> y(static_cast<std::size_t>(outer * out_len * inner), 0.0);
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t j = 0; j < out_len; ++j) {
            double* dst = y.data() + (o * out_len + j) * inner;
            for (const Tap& t : taps[static_cast<std::size_t>(j)]) {
                const double* src = x.data() + (o * in_len + t.index) * inner;
                for (std::int64_t i = 0; i < inner; ++i) dst[i] += t.weight * src[i];
            }
        }
    shape[axis] = out_len;
    return y;
}

// Zero-pads x into `padded`.
std::vector<double> pad_input(const Tensor& x, const Shape& padded, const Ints& pb) {
    const std::vector<double> src = x.to_doubles();
    std::vector<double> out(static_cast<std::size_t>(element_count(padded)), 0.0);
    const Shape& s = x.shape();
    const auto out_strides = row_major_strides(padded);
    Shape coord(s.size(), 0);
    for (std::size_t i = 0; i < src.size(); ++i) {
        std::int64_t at = 0;
        for (std::size_t d = 0; d < s.size(); ++d) at += (coord[d] + pb[d]) * out_strides[d];
        out[static_cast<std::size_t>(at)] = src[i];
        for (std::size_t d = s.size(); d-- > 0;) {
            if (++coord[d] < s[d]) break;
            coord[d] = 0;
        }
    }
    return out;
}

std::optional<std::vector<double>> const_doubles(const Node& n, std::size_t i) {
    auto v = n.graph().constant_value(n.input(i));
    if (!v) return std::nullopt;
    return v->to_doubles();
}

OpDef interpolate4_op() {
    return make_op(
        "Interpolate", 4, 3, 4,
        {"mode", "shape_calculation_mode", "coordinate_transformation_mode", "nearest_mode",
         "antialias", "pads_begin", "pads_end", "cube_coeff"},
        [](Node& n) {
            const InterpAttrs a = read_attrs(n.attrs);
            require_integral(n.input_type(1), "sizes");
            require_floating(n.input_type(2), "scales");
            require_rank(n.input_shape(1), 1, 1, "sizes");
            require_rank(n.input_shape(2), 1, 1, "scales");
            const bool has_axes = n.input_count() > 3;
            if (has_axes) {
                require_integral(n.input_type(3), "axes");
                require_rank(n.input_shape(3), 1, 1, "axes");
            }
            const std::optional<Ints> sizes = a.by_sizes ? const_ints(n, 1) : std::nullopt;
            const auto scales = a.by_sizes ? std::nullopt : const_doubles(n, 2);
            const auto axes = has_axes ? const_ints(n, 3) : std::nullopt;
            const InterpPlan p =
                plan_interpolate(a, n.input_shape(0), sizes, scales, axes, has_axes);
            n.set_output(0, n.input_type(0), p.output);
        },
        [](const Node& n, std::span<const Tensor> in) {
            const InterpAttrs a = read_attrs(n.attrs);
            const Tensor& x = in[0];
            const bool has_axes = in.size() > 3;
            const Ints sizes = in[1].to_int64s();
            const std::vector<double> scales = in[2].to_doubles();
            const std::optional<Ints> axes =
                has_axes ? std::optional<Ints>(in[3].to_int64s()) : std::nullopt;
            const InterpPlan p = plan_interpolate(
                a, PartialShape(x.shape()), a.by_sizes ? std::optional<Ints>(sizes) : std::nullopt,
                a.by_sizes ? std::nullopt : std::optional(scales), axes, has_axes);
            const Shape& padded = p.padded.to_shape();
            const Shape& out_shape = p.output.to_shape();
            // Per-axis scale used by the coordinate transforms.
            std::vector<double> axis_scale(p.axes.size());
            bool downsample = false;
            for (std::size_t i = 0; i < p.axes.size(); ++i) {
                const auto ax = static_cast<std::size_t>(p.axes[i]);
                require(padded[ax] > 0, "cannot interpolate an empty axis");
                axis_scale[i] = a.by_sizes ? static_cast<double>(out_shape[ax]) /
                                                 static_cast<double>(padded[ax])
                                           : scales[i];
                downsample = downsample || axis_scale[i] < 1.0;
            }
            std::vector<double> data = pad_input(x, padded, fit_pads(a.pads_begin, padded.size()));
            Shape shape = padded;
            for (std::size_t i = 0; i < p.axes.size(); ++i) {
                const auto ax = static_cast<std::size_t>(p.axes[i]);
                const double aa =
                    a.mode == Mode::linear && a.antialias && downsample ? axis_scale[i] : 1.0;
                data = resample_axis(data, shape, ax,
                                     axis_taps(a, padded[ax], out_shape[ax], axis_scale[i], aa));
            }
            Tensor y(ElementType::f64, out_shape);
            std::copy(data.begin(), data.end(), y.mutable_data<double>().begin());
            return std::vector<Tensor>{y.cast(x.type())};
        });
}

} // namespace

void register_interpolate_ops(OpRegistry& r) {
    r.add(interpolate4_op());
}

} // namespace mo::ops::nn
