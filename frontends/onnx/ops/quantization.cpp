// Linear (de)quantization and the integer / quantized-linear products, decomposed into float
// arithmetic: dequantize = (x - zero_point) * scale, quantize = saturate(round_even(x / scale) +
// zero_point). The integer products are computed in f32, which is exact while the sums stay below
// 2^24 (always true for the 8-bit operands and sizes these ops are used with in practice).
#include "frontends/onnx/ops/ops.hpp"

#include <limits>

namespace mo::onnx_fe::ops {
namespace {

Output convert_to(NodeContext& ctx, Output x, ElementType type) {
    if (x.type() == type) return x;
    return ctx.op("Convert", 1, {x},
                  make_attrs({{"destination_type", std::string(to_string(type))}}));
}

// A scalar or per-axis [C] parameter reshaped to broadcast against a tensor of the given rank.
Output along_axis(NodeContext& ctx, Output v, Output like, std::int64_t axis) {
    const PartialShape& s = v.shape();
    if (s.rank_known() && s.rank() == 0) return v;
    if (s.rank_known() && s.rank() == 1 && s[0] == 1) return v;
    const auto rank = rank_of(like);
    if (!rank) ctx.fail("a per-axis quantization parameter needs an input of known rank");
    axis = normalize_axis(axis, *rank);
    Shape target(static_cast<std::size_t>(*rank), 1);
    target[static_cast<std::size_t>(axis)] = -1;
    return ctx.op("Reshape", 1, {v, ctx.const_i64(target)}, make_attrs({{"special_zero", false}}));
}

Output dequantize(NodeContext& ctx, Output x, Output scale, std::optional<Output> zero_point,
                  std::int64_t axis) {
    Output y = convert_to(ctx, x, scale.type());
    if (zero_point)
        y = ctx.op("Subtract", 1,
                   {y, along_axis(ctx, convert_to(ctx, *zero_point, scale.type()), x, axis)});
    return ctx.op("Multiply", 1, {y, along_axis(ctx, scale, x, axis)});
}

Output quantize(NodeContext& ctx, Output x, Output scale, std::optional<Output> zero_point,
                ElementType type, std::int64_t axis) {
    if (type != ElementType::u8 && type != ElementType::i8)
        ctx.fail("quantization to " + std::string(to_string(type)) + " is not supported");
    Output y = ctx.op("Divide", 1, {x, along_axis(ctx, convert_to(ctx, scale, x.type()), x, axis)});
    y = ctx.op("Round", 5, {y}, make_attrs({{"mode", std::string("half_to_even")}}));
    if (zero_point)
        y = ctx.op("Add", 1, {y, along_axis(ctx, convert_to(ctx, *zero_point, x.type()), x, axis)});
    const bool is_unsigned = type == ElementType::u8;
    y = ctx.op(
        "Clamp", 1, {y},
        make_attrs({{"min", is_unsigned ? 0.0 : -128.0}, {"max", is_unsigned ? 255.0 : 127.0}}));
    return convert_to(ctx, y, type);
}

std::optional<Output> optional_input(NodeContext& ctx, std::size_t i) {
    if (!ctx.has_input(i)) return std::nullopt;
    return ctx.input(i);
}

std::vector<Output> dequantize_linear(NodeContext& ctx) {
    return {dequantize(ctx, ctx.input(0), ctx.input(1), optional_input(ctx, 2),
                       ctx.attrs().get_int("axis", 1))};
}

std::vector<Output> quantize_linear(NodeContext& ctx) {
    const auto zp = optional_input(ctx, 2);
    const ElementType type = zp ? zp->type() : ElementType::u8;
    return {quantize(ctx, ctx.input(0), ctx.input(1), zp, type, ctx.attrs().get_int("axis", 1))};
}

// scale = (max(x, 0) - min(x, 0)) / 255, zero_point = saturate(round(-min / scale)), y = quantize.
std::vector<Output> dynamic_quantize_linear(NodeContext& ctx) {
    Output x = ctx.input(0);
    Output axes = axes_from(ctx, x, 0);
    const Attributes no_keep = make_attrs({{"keep_dims", false}});
    Output zero = ctx.scalar_like(0.0, x);
    Output hi = ctx.op("Maximum", 1, {ctx.op("ReduceMax", 1, {x, axes}, no_keep), zero});
    Output lo = ctx.op("Minimum", 1, {ctx.op("ReduceMin", 1, {x, axes}, no_keep), zero});
    Output scale =
        ctx.op("Divide", 1, {ctx.op("Subtract", 1, {hi, lo}), ctx.scalar_like(255.0, x)});
    Output zp = ctx.op("Divide", 1, {ctx.op("Negative", 1, {lo}), scale});
    zp = ctx.op("Round", 5, {zp}, make_attrs({{"mode", std::string("half_to_even")}}));
    zp = ctx.op("Clamp", 1, {zp}, make_attrs({{"min", 0.0}, {"max", 255.0}}));
    Output zp_u8 = convert_to(ctx, zp, ElementType::u8);
    Output y = quantize(ctx, x, scale, zp, ElementType::u8, 0);
    return {y, scale, zp_u8};
}

// x - zero_point in f32; a zero point of A's rows ([M]) lies along axis -2.
Output centered(NodeContext& ctx, Output x, std::optional<Output> zero_point, std::int64_t axis) {
    Output y = convert_to(ctx, x, ElementType::f32);
    if (!zero_point) return y;
    Output zp = convert_to(ctx, *zero_point, ElementType::f32);
    return ctx.op("Subtract", 1, {y, along_axis(ctx, zp, x, axis)});
}

std::vector<Output> matmul_integer(NodeContext& ctx) {
    Output a = centered(ctx, ctx.input(0), optional_input(ctx, 2), -2);
    Output b = centered(ctx, ctx.input(1), optional_input(ctx, 3), -1);
    Output y =
        ctx.op("MatMul", 1, {a, b}, make_attrs({{"transpose_a", false}, {"transpose_b", false}}));
    return {convert_to(ctx, y, ElementType::i32)};
}

std::vector<Output> conv_integer(NodeContext& ctx) {
    Output x = centered(ctx, ctx.input(0), optional_input(ctx, 2), 1);
    Output w = centered(ctx, ctx.input(1), optional_input(ctx, 3), 0);
    return {convert_to(ctx, convolution(ctx, x, w), ElementType::i32)};
}

// QLinearMatMul(a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp).
std::vector<Output> qlinear_matmul(NodeContext& ctx) {
    Output a = dequantize(ctx, ctx.input(0), ctx.input(1), ctx.input(2), -2);
    Output b = dequantize(ctx, ctx.input(3), ctx.input(4), ctx.input(5), -1);
    Output y =
        ctx.op("MatMul", 1, {a, b}, make_attrs({{"transpose_a", false}, {"transpose_b", false}}));
    return {quantize(ctx, y, ctx.input(6), ctx.input(7), ctx.input(7).type(), -1)};
}

// QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B?); B is i32 in x_scale*w_scale.
std::vector<Output> qlinear_conv(NodeContext& ctx) {
    Output x = dequantize(ctx, ctx.input(0), ctx.input(1), ctx.input(2), 1);
    Output w = dequantize(ctx, ctx.input(3), ctx.input(4), ctx.input(5), 0);
    Output y = convolution(ctx, x, w);
    if (ctx.has_input(8)) {
        const auto rank = rank_of(y);
        if (!rank) ctx.fail("QLinearConv with a bias needs an input of known rank");
        Output bias_scale = ctx.op("Multiply", 1, {ctx.input(1), ctx.input(4)});
        Output bias =
            ctx.op("Multiply", 1, {convert_to(ctx, ctx.input(8), ElementType::f32), bias_scale});
        y = ctx.op("Add", 1, {y, per_channel(ctx, bias, static_cast<std::size_t>(*rank))});
    }
    return {quantize(ctx, y, ctx.input(6), ctx.input(7), ctx.input(7).type(), 1)};
}

} // namespace

void register_quantization(TranslatorMap& map) {
    map["DequantizeLinear"] = dequantize_linear;
    map["QuantizeLinear"] = quantize_linear;
    map["DynamicQuantizeLinear"] = dynamic_quantize_linear;
    map["MatMulInteger"] = matmul_integer;
    map["ConvInteger"] = conv_integer;
    map["QLinearMatMul"] = qlinear_matmul;
    map["QLinearConv"] = qlinear_conv;
}

} // namespace mo::onnx_fe::ops
