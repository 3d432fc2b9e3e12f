// Conv, ConvTranspose and Gemm.
#include "frontends/onnx/ops/ops.hpp"

#include <optional>
#include <string>

namespace mo::onnx_fe::ops {

std::string auto_pad_of(NodeContext& ctx) {
    const std::string v = ctx.attrs().get_string("auto_pad", "NOTSET");
    if (v == "NOTSET") return "explicit";
    if (v == "SAME_UPPER") return "same_upper";
    if (v == "SAME_LOWER") return "same_lower";
    if (v == "VALID") return "valid";
    ctx.fail("unknown auto_pad '" + v + "'");
}

namespace {

// Number of spatial dimensions: from kernel_shape, else the weights' rank, else the data's rank.
std::size_t spatial_rank(NodeContext& ctx, Output data, Output weights) {
    if (ctx.attrs().has("kernel_shape")) return ctx.attrs().get_ints("kernel_shape").size();
    if (auto r = rank_of(weights); r && *r >= 2) return static_cast<std::size_t>(*r - 2);
    if (auto r = rank_of(data); r && *r >= 2) return static_cast<std::size_t>(*r - 2);
    ctx.fail("cannot tell the number of spatial dimensions (no kernel_shape, unknown ranks)");
}

struct Window {
    std::vector<std::int64_t> strides, dilations, pads_begin, pads_end;
};

Window window_of(NodeContext& ctx, std::size_t n) {
    Window w;
    w.strides = ctx.attrs().get_ints("strides", std::vector<std::int64_t>(n, 1));
    w.dilations = ctx.attrs().get_ints("dilations", std::vector<std::int64_t>(n, 1));
    const auto pads = ctx.attrs().get_ints("pads", std::vector<std::int64_t>(2 * n, 0));
    if (w.strides.size() != n || w.dilations.size() != n || pads.size() != 2 * n)
        ctx.fail("strides/dilations/pads do not match " + std::to_string(n) +
                 " spatial dimensions");
    w.pads_begin.assign(pads.begin(), pads.begin() + static_cast<std::ptrdiff_t>(n));
    w.pads_end.assign(pads.begin() + static_cast<std::ptrdiff_t>(n), pads.end());
    return w;
}

// Splits the first dimension of the weights into [groups, dim0 / groups]: a reshaped Const
// (sharing the weights' memory) when they are a constant, else a Reshape.
Output split_groups(NodeContext& ctx, Output weights, std::int64_t groups) {
    const PartialShape& s = weights.shape();
    if (!s.is_static()) ctx.fail("grouped convolution needs weights of a static shape");
    Shape target = s.to_shape();
    if (target.empty() || target[0] % groups != 0)
        ctx.fail("weights dimension 0 is not divisible by group=" + std::to_string(groups));
    target[0] /= groups;
    target.insert(target.begin(), groups);
    if (weights.node->is_const()) return ctx.constant(weights.node->value.reshaped(target));
    return ctx.op("Reshape", 1, {weights, ctx.const_i64(target)},
                  make_attrs({{"special_zero", false}}));
}

// Adds a per-channel bias [C] to a [N, C, spatial...] output.
Output add_bias(NodeContext& ctx, Output y, Output bias, std::size_t spatial) {
    return ctx.op("Add", 1, {y, per_channel(ctx, bias, spatial + 2)});
}

std::vector<Output> conv(NodeContext& ctx) {
    Output x = ctx.input(0), w = ctx.input(1);
    Output y = convolution(ctx, x, w);
    if (ctx.has_input(2)) y = add_bias(ctx, y, ctx.input(2), spatial_rank(ctx, x, w));
    return {y};
}

std::vector<Output> conv_transpose(NodeContext& ctx) {
    Output x = ctx.input(0), w = ctx.input(1);
    const std::size_t n = spatial_rank(ctx, x, w);
    Window win = window_of(ctx, n);
    const std::int64_t group = ctx.attrs().get_int("group", 1);
    if (group < 1) ctx.fail("group must be positive");
    auto output_padding = ctx.attrs().get_ints("output_padding", std::vector<std::int64_t>(n, 0));
    if (output_padding.size() != n) ctx.fail("output_padding does not match the spatial rank");
    std::string auto_pad = auto_pad_of(ctx);
    std::vector<Output> inputs{x, group == 1 ? w : split_groups(ctx, w, group)};

    // ONNX sizes the output from output_shape, or as input * stride under SAME_*; OpenVINO's
    // auto_pad without an output_shape input pads nothing, so the pads are made explicit here.
    std::optional<std::vector<std::int64_t>> out_shape;
    if (ctx.attrs().has("output_shape")) {
        out_shape = ctx.attrs().get_ints("output_shape");
        if (out_shape->size() < n)
            ctx.fail("output_shape has fewer entries than spatial dimensions");
        out_shape->erase(out_shape->begin(), out_shape->end() - static_cast<std::ptrdiff_t>(n));
    }
    const bool same = auto_pad == "same_upper" || auto_pad == "same_lower";
    if (out_shape || same) {
        const PartialShape& xs = x.shape();
        const PartialShape& ws = w.shape();
        bool known = xs.rank_known() && xs.rank() == n + 2 && ws.rank_known() && ws.rank() == n + 2;
        for (std::size_t i = 0; known && i < n; ++i) known = xs[i + 2] >= 0 && ws[i + 2] >= 0;
        if (known) {
            for (std::size_t i = 0; i < n; ++i) {
                const std::int64_t in = xs[i + 2], k = ws[i + 2];
                const std::int64_t out = out_shape ? (*out_shape)[i] : in * win.strides[i];
                const std::int64_t total = win.strides[i] * (in - 1) + output_padding[i] +
                                           (k - 1) * win.dilations[i] + 1 - out;
                // ONNX's formula with floor division; SAME_UPPER puts the odd pixel at the end.
                const std::int64_t half = total >= 0 ? total / 2 : -((-total + 1) / 2);
                const bool upper = auto_pad == "same_upper";
                std::int64_t begin = upper ? half : total - half;
                std::int64_t end = upper ? total - half : half;
                // A negative end pad (output larger than the natural size) is output padding.
                if (end < 0) {
                    output_padding[i] -= end;
                    end = 0;
                }
                if (begin < 0) ctx.fail("output_shape needs padding before the first pixel");
                win.pads_begin[i] = begin;
                win.pads_end[i] = end;
            }
            auto_pad = "explicit";
        } else if (out_shape) {
            inputs.push_back(ctx.const_i64(*out_shape));
            if (auto_pad == "explicit") auto_pad = "same_lower";
        } else {
            ctx.fail("ConvTranspose with auto_pad " + auto_pad + " needs static input shapes");
        }
    }
    const Attributes attrs = make_attrs({{"strides", win.strides},
                                         {"dilations", win.dilations},
                                         {"pads_begin", win.pads_begin},
                                         {"pads_end", win.pads_end},
                                         {"auto_pad", auto_pad},
                                         {"output_padding", output_padding}});
    Output y = ctx.op(group == 1 ? "ConvolutionBackpropData" : "GroupConvolutionBackpropData", 1,
                      inputs, attrs);
    if (ctx.has_input(2)) y = add_bias(ctx, y, ctx.input(2), n);
    return {y};
}

std::vector<Output> gemm(NodeContext& ctx) {
    Output a = ctx.input(0), b = ctx.input(1);
    const double alpha = ctx.attrs().get_float("alpha", 1.0);
    const double beta = ctx.attrs().get_float("beta", 1.0);
    Output y = ctx.op("MatMul", 1, {a, b},
                      make_attrs({{"transpose_a", ctx.attrs().get_int("transA", 0) != 0},
                                  {"transpose_b", ctx.attrs().get_int("transB", 0) != 0}}));
    if (alpha != 1.0) y = ctx.op("Multiply", 1, {y, ctx.scalar_like(alpha, a)});
    if (ctx.has_input(2) && beta != 0.0) {
        Output c = ctx.input(2);
        if (beta != 1.0) c = ctx.op("Multiply", 1, {c, ctx.scalar_like(beta, a)});
        y = ctx.op("Add", 1, {y, c});
    }
    return {y};
}

} // namespace

// Conv's attributes applied to x and w (no bias): Convolution, or GroupConvolution when group > 1.
Output convolution(NodeContext& ctx, Output x, Output w) {
    const std::size_t n = spatial_rank(ctx, x, w);
    const Window win = window_of(ctx, n);
    const std::int64_t group = ctx.attrs().get_int("group", 1);
    if (group < 1) ctx.fail("group must be positive");
    const Attributes attrs = make_attrs({{"strides", win.strides},
                                         {"dilations", win.dilations},
                                         {"pads_begin", win.pads_begin},
                                         {"pads_end", win.pads_end},
                                         {"auto_pad", auto_pad_of(ctx)}});
    return group == 1 ? ctx.op("Convolution", 1, {x, w}, attrs)
                      : ctx.op("GroupConvolution", 1, {x, split_groups(ctx, w, group)}, attrs);
}

void register_conv(TranslatorMap& map) {
    map["Conv"] = conv;
    map["ConvTranspose"] = conv_transpose;
    map["Gemm"] = gemm;
}

} // namespace mo::onnx_fe::ops
