// Resize and Upsample -> Interpolate-4.
#include "frontends/onnx/ops/ops.hpp"

#include <cmath>

namespace mo::onnx_fe::ops {
namespace {

struct ResizeSpec {
    std::string mode = "nearest"; // Interpolate's mode
    std::string coordinate_mode = "half_pixel";
    std::string nearest_mode = "round_prefer_floor";
    double cube_coeff = -0.75;
    bool antialias = false;
    std::optional<Output> scales; // f32
    std::optional<Output> sizes;  // i64
    std::optional<Output> axes;
};

std::string interpolate_mode(NodeContext& ctx, const std::string& onnx_mode) {
    if (onnx_mode == "nearest") return "nearest";
    if (onnx_mode == "linear" || onnx_mode == "bilinear") return "linear_onnx";
    if (onnx_mode == "cubic") return "cubic";
    ctx.fail(ctx.op_type() + " mode '" + onnx_mode + "' is not supported");
}

Output as_f32(NodeContext& ctx, Output v) {
    if (v.type() == ElementType::f32) return v;
    if (v.node->is_const()) return ctx.constant(v.node->value.cast(ElementType::f32));
    return ctx.op("Convert", 1, {v}, make_attrs({{"destination_type", std::string("f32")}}));
}

Output interpolate(NodeContext& ctx, ResizeSpec spec) {
    Output x = ctx.input(0);
    const bool by_sizes = spec.sizes.has_value();
    // Interpolate takes both inputs; the one not selected by shape_calculation_mode only needs
    // the right length.
    if (by_sizes) {
        Output sizes = *spec.sizes;
        if (auto v = ctx.graph().constant_value(sizes))
            spec.scales = ctx.constant(Tensor::from_vector<float>(
                {v->size()}, std::vector<float>(static_cast<std::size_t>(v->size()), 1.0f)));
        else
            spec.scales = as_f32(ctx, sizes);
    } else {
        if (!spec.scales) ctx.fail("Resize needs scales or sizes");
        Output scales = as_f32(ctx, *spec.scales);
        spec.scales = scales;
        if (auto v = ctx.graph().constant_value(scales)) {
            const PartialShape& s = x.shape();
            std::vector<std::int64_t> sizes(static_cast<std::size_t>(v->size()), 1);
            if (!spec.axes && s.rank_known() && s.rank() == sizes.size())
                for (std::size_t i = 0; i < sizes.size(); ++i)
                    if (s[i] >= 0)
                        sizes[i] = static_cast<std::int64_t>(
                            std::floor(static_cast<double>(s[i]) *
                                           v->value_as_double(static_cast<std::int64_t>(i)) +
                                       1e-5));
            spec.sizes = ctx.const_i64(sizes);
        } else {
            spec.sizes = ctx.op("Convert", 1, {scales},
                                make_attrs({{"destination_type", std::string("i64")}}));
        }
    }
    std::vector<Output> in{x, *spec.sizes, *spec.scales};
    if (spec.axes) in.push_back(*spec.axes);
    const Attributes attrs =
        make_attrs({{"mode", spec.mode},
                    {"shape_calculation_mode", std::string(by_sizes ? "sizes" : "scales")},
                    {"coordinate_transformation_mode", spec.coordinate_mode},
                    {"nearest_mode", spec.nearest_mode},
                    {"antialias", spec.antialias},
                    {"pads_begin", std::vector<std::int64_t>{0}},
                    {"pads_end", std::vector<std::int64_t>{0}},
                    {"cube_coeff", spec.cube_coeff}});
    return ctx.op("Interpolate", 4, in, attrs);
}

// Upsample and Resize-10: scales only, asymmetric coordinates, nearest rounds down.
ResizeSpec legacy_spec(NodeContext& ctx) {
    ResizeSpec spec;
    spec.mode = interpolate_mode(ctx, ctx.attrs().get_string("mode", "nearest"));
    spec.coordinate_mode = "asymmetric";
    spec.nearest_mode = "floor";
    return spec;
}

std::vector<Output> upsample(NodeContext& ctx) {
    ResizeSpec spec = legacy_spec(ctx);
    if (ctx.opset() >= 9) {
        spec.scales = ctx.input(1);
    } else if (ctx.opset() >= 7) {
        const auto s = ctx.attrs().get_floats("scales");
        std::vector<float> f(s.begin(), s.end());
        spec.scales =
            ctx.constant(Tensor::from_vector<float>({static_cast<std::int64_t>(f.size())}, f));
    } else {
        const auto h = static_cast<float>(ctx.attrs().get_float("height_scale"));
        const auto w = static_cast<float>(ctx.attrs().get_float("width_scale"));
        spec.scales = ctx.constant(Tensor::from_vector<float>({4}, {1.0f, 1.0f, h, w}));
    }
    return {interpolate(ctx, spec)};
}

bool non_empty(NodeContext& ctx, std::size_t i) {
    if (!ctx.has_input(i)) return false;
    const auto v = ctx.constant(i);
    return !v || v->size() > 0;
}

std::vector<Output> resize(NodeContext& ctx) {
    if (ctx.opset() < 11) {
        ResizeSpec spec = legacy_spec(ctx);
        spec.scales = ctx.input(1);
        return {interpolate(ctx, spec)};
    }
    ResizeSpec spec;
    spec.mode = interpolate_mode(ctx, ctx.attrs().get_string("mode", "nearest"));
    spec.coordinate_mode = ctx.attrs().get_string("coordinate_transformation_mode", "half_pixel");
    if (spec.coordinate_mode == "tf_crop_and_resize")
        ctx.fail(
            "Resize with coordinate_transformation_mode 'tf_crop_and_resize' is not supported");
    spec.nearest_mode = ctx.attrs().get_string("nearest_mode", "round_prefer_floor");
    spec.cube_coeff = ctx.attrs().get_float("cubic_coeff_a", -0.75);
    spec.antialias = ctx.attrs().get_int("antialias", 0) != 0;
    if (ctx.attrs().get_int("exclude_outside", 0) != 0)
        ctx.fail("Resize with exclude_outside=1 is not supported");
    const std::string policy = ctx.attrs().get_string("keep_aspect_ratio_policy", "stretch");
    if (policy != "stretch")
        ctx.fail("Resize keep_aspect_ratio_policy '" + policy + "' is not supported");
    if (ctx.attrs().has("axes")) spec.axes = ctx.const_i64(ctx.attrs().get_ints("axes"));
    if (non_empty(ctx, 3))
        spec.sizes = ctx.input(3);
    else if (non_empty(ctx, 2))
        spec.scales = ctx.input(2);
    else
        ctx.fail("Resize needs non-empty scales or sizes");
    return {interpolate(ctx, spec)};
}

} // namespace

void register_resize(TranslatorMap& map) {
    map["Resize"] = resize;
    map["Upsample"] = upsample;
    map["GridSample"] = [](NodeContext& ctx) {
        // ONNX's modes and padding modes carry the same names as GridSample-9's.
        const Attributes a =
            make_attrs({{"align_corners", ctx.attrs().get_int("align_corners", 0) != 0},
                        {"mode", ctx.attrs().get_string("mode", "bilinear")},
                        {"padding_mode", ctx.attrs().get_string("padding_mode", "zeros")}});
        return std::vector<Output>{ctx.op("GridSample", 9, {ctx.input(0), ctx.input(1)}, a)};
    };
}

} // namespace mo::onnx_fe::ops
