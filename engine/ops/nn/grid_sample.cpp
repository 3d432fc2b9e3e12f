// GridSample-9: samples data [N, C, H, W] at the normalized (x, y) positions of grid
// [N, H_out, W_out, 2] (-1 and 1 are the extreme pixels' centers with align_corners, their outer
// edges without), by nearest, bilinear or bicubic interpolation; positions outside the image read
// zeros, the border pixels, or the image reflected at its border (padding_mode).
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <cmath>

namespace mo::ops::nn {
namespace {

enum class Mode { bilinear, bicubic, nearest };
enum class Padding { zeros, border, reflection };

struct SampleAttrs {
    Mode mode = Mode::bilinear;
    Padding padding = Padding::zeros;
    bool align_corners = false;
};

SampleAttrs sample_attrs(const Node& n) {
    SampleAttrs a;
    a.align_corners = n.attrs.get_bool("align_corners", false);
    const std::string mode = n.attrs.get_string("mode", "bilinear");
    if (mode == "bilinear")
        a.mode = Mode::bilinear;
    else if (mode == "bicubic")
        a.mode = Mode::bicubic;
    else if (mode == "nearest")
        a.mode = Mode::nearest;
    else
        throw InferenceError("GridSample mode must be bilinear, bicubic or nearest, got '" + mode +
                             "'");
    const std::string pad = n.attrs.get_string("padding_mode", "zeros");
    if (pad == "zeros")
        a.padding = Padding::zeros;
    else if (pad == "border")
        a.padding = Padding::border;
    else if (pad == "reflection")
        a.padding = Padding::reflection;
    else
        throw InferenceError("GridSample padding_mode must be zeros, border or reflection, got '" +
                             pad + "'");
    return a;
}

void infer_grid_sample(Node& n) {
    sample_attrs(n);
    require_floating(n.input_type(1), "grid");
    const PartialShape& x = n.input_shape(0);
    const PartialShape& g = n.input_shape(1);
    require_rank(x, 4, 4, "GridSample data");
    require_rank(g, 4, 4, "GridSample grid");
    if (!x.rank_known() || !g.rank_known()) {
        n.set_output(0, n.input_type(0), PartialShape::dynamic_of_rank(4));
        return;
    }
    require(dims_compatible(x[0], g[0]),
            "GridSample data batch " + dim_str(x[0]) + " differs from grid batch " + dim_str(g[0]));
    require(dims_compatible(g[3], 2), "GridSample grid's last dimension must be 2");
    n.set_output(0, n.input_type(0), PartialShape({x[0] >= 0 ? x[0] : g[0], x[1], g[1], g[2]}));
}

// Reflects x into [lo, hi] (repeatedly, as a mirror at each end).
double reflect(double x, double lo, double hi) {
    const double range = hi - lo;
    if (range <= 0) return lo;
    if (x < lo) {
        const double d = lo - x;
        const auto k = static_cast<std::int64_t>(d / range);
        const double r = d - static_cast<double>(k) * range;
        return k % 2 == 0 ? lo + r : hi - r;
    }
    if (x > hi) {
        const double d = x - hi;
        const auto k = static_cast<std::int64_t>(d / range);
        const double r = d - static_cast<double>(k) * range;
        return k % 2 == 0 ? hi - r : lo + r;
    }
    return x;
}

struct Plane {
    const double* pixels;
    std::int64_t height, width;
    SampleAttrs attrs;

    double lo(std::int64_t) const { return attrs.align_corners ? 0.0 : -0.5; }
    double hi(std::int64_t len) const {
        return attrs.align_corners ? static_cast<double>(len - 1) : static_cast<double>(len) - 0.5;
    }
    // The pixel at integer (row, col), with the padding rule outside the image.
    double at(std::int64_t r, std::int64_t c) const {
        switch (attrs.padding) {
        case Padding::zeros:
            if (r < 0 || c < 0 || r >= height || c >= width) return 0.0;
            break;
        case Padding::border:
            r = std::clamp<std::int64_t>(r, 0, height - 1);
            c = std::clamp<std::int64_t>(c, 0, width - 1);
            break;
        case Padding::reflection:
            r = static_cast<std::int64_t>(reflect(static_cast<double>(r), lo(height), hi(height)));
            c = static_cast<std::int64_t>(reflect(static_cast<double>(c), lo(width), hi(width)));
            r = std::clamp<std::int64_t>(r, 0, height - 1);
            c = std::clamp<std::int64_t>(c, 0, width - 1);
            break;
        }
        return pixels[r * width + c];
    }
};

std::array<double, 4> cubic_weights(double t) {
    constexpr double a = -0.75;
    const double x0 = t + 1, x1 = t, x2 = 1 - t, x3 = 2 - t;
    return {((a * x0 - 5 * a) * x0 + 8 * a) * x0 - 4 * a, ((a + 2) * x1 - (a + 3)) * x1 * x1 + 1,
            ((a + 2) * x2 - (a + 3)) * x2 * x2 + 1, ((a * x3 - 5 * a) * x3 + 8 * a) * x3 - 4 * a};
}

double sample(const Plane& p, double gx, double gy) {
    const SampleAttrs& a = p.attrs;
    const auto denormalize = [&](double v, std::int64_t len) {
        const auto l = static_cast<double>(len);
        return a.align_corners ? (v + 1) / 2 * (l - 1) : ((v + 1) * l - 1) / 2;
    };
    double x = denormalize(gx, p.width), y = denormalize(gy, p.height);
    if (a.mode == Mode::nearest) {
        x = std::nearbyint(x); // half to even
        y = std::nearbyint(y);
    }
    if (a.padding == Padding::border) {
        x = std::clamp(x, 0.0, static_cast<double>(p.width - 1));
        y = std::clamp(y, 0.0, static_cast<double>(p.height - 1));
    } else if (a.padding == Padding::reflection) {
        x = reflect(x, p.lo(p.width), p.hi(p.width));
        y = reflect(y, p.lo(p.height), p.hi(p.height));
    }
    if (a.mode == Mode::nearest)
        return p.at(static_cast<std::int64_t>(std::nearbyint(y)),
                    static_cast<std::int64_t>(std::nearbyint(x)));
    const double fx = std::floor(x), fy = std::floor(y);
    const auto c0 = static_cast<std::int64_t>(fx), r0 = static_cast<std::int64_t>(fy);
    if (a.mode == Mode::bilinear) {
        const double dx = x - fx, dy = y - fy;
        return (1 - dy) * ((1 - dx) * p.at(r0, c0) + dx * p.at(r0, c0 + 1)) +
               dy * ((1 - dx) * p.at(r0 + 1, c0) + dx * p.at(r0 + 1, c0 + 1));
    }
    const auto wx = cubic_weights(x - fx), wy = cubic_weights(y - fy);
    double acc = 0;
    for (int i = 0; i < 4; ++i) {
        double row = 0;
        for (int j = 0; j < 4; ++j)
            row += wx[static_cast<std::size_t>(j)] * p.at(r0 - 1 + i, c0 - 1 + j);
        acc += wy[static_cast<std::size_t>(i)] * row;
    }
    return acc;
}

std::vector<Tensor> eval_grid_sample(const Node& n, std::span<const Tensor> in) {
    const SampleAttrs attrs = sample_attrs(n);
    const Shape& xs = in[0].shape();
    const Shape& gs = in[1].shape();
    require(xs.size() == 4 && gs.size() == 4 && gs[3] == 2 && xs[0] == gs[0],
            "GridSample needs data [N, C, H, W] and grid [N, H_out, W_out, 2]");
    const std::int64_t N = xs[0], C = xs[1], H = xs[2], W = xs[3], HO = gs[1], WO = gs[2];
    const auto data = in[0].to_doubles();
    const auto grid = in[1].to_doubles();
    Tensor out(in[0].type(), {N, C, HO, WO});
    std::int64_t o = 0;
    for (std::int64_t b = 0; b < N; ++b)
        for (std::int64_t c = 0; c < C; ++c) {
            const Plane plane{data.data() + (b * C + c) * H * W, H, W, attrs};
            for (std::int64_t i = 0; i < HO * WO; ++i) {
                const std::size_t g = static_cast<std::size_t>((b * HO * WO + i) * 2);
                set_value_from_double(out, o++, sample(plane, grid[g], grid[g + 1]));
            }
        }
    return {out};
}

} // namespace

void register_grid_sample_ops(OpRegistry& r) {
    r.add(make_op("GridSample", 9, 2, 2, {"align_corners", "mode", "padding_mode"},
                  infer_grid_sample, eval_grid_sample));
}

} // namespace mo::ops::nn
