// Element-wise ONNX ops that are not a plain one-to-one mapping.
#include "frontends/onnx/ops/ops.hpp"
#include "frontends/onnx/tensor_reader.hpp"

#include <limits>

namespace mo::onnx_fe::ops {
namespace {

// Before opset 7, binary ops broadcast B onto A only with broadcast=1, aligned at `axis`.
std::vector<Output> binary(NodeContext& ctx, const char* type) {
    Output a = ctx.input(0);
    Output b = ctx.input(1);
    if (ctx.opset() < 7 && ctx.attrs().get_int("broadcast", 0) != 0 && ctx.attrs().has("axis")) {
        const auto ra = rank_of(a), rb = rank_of(b);
        if (!ra || !rb) ctx.fail("legacy broadcast with 'axis' needs inputs of known rank");
        const std::int64_t axis = normalize_axis(ctx.attrs().get_int("axis"), *ra);
        const std::int64_t trailing = *ra - axis - *rb;
        if (trailing < 0) ctx.fail("legacy broadcast axis does not fit the input ranks");
        if (trailing > 0) {
            std::vector<std::int64_t> axes;
            for (std::int64_t i = 0; i < trailing; ++i) axes.push_back(*rb + i);
            b = ctx.op("Unsqueeze", 1, {b, ctx.const_i64(axes)});
        }
    }
    return {ctx.op(type, 1, {a, b})};
}

// Sum / Max / Min over any number of inputs: a left-to-right chain of binary ops.
Output chain(NodeContext& ctx, const char* type) {
    if (ctx.input_count() == 0) ctx.fail("op " + ctx.op_type() + " needs at least one input");
    Output acc = ctx.input(0);
    if (ctx.input_count() == 1) return make_identity(ctx, acc);
    for (std::size_t i = 1; i < ctx.input_count(); ++i) acc = ctx.op(type, 1, {acc, ctx.input(i)});
    return acc;
}

std::vector<Output> mean(NodeContext& ctx) {
    Output sum = chain(ctx, "Add");
    if (ctx.input_count() == 1) return {sum};
    return {ctx.op("Divide", 1,
                   {sum, ctx.scalar_like(static_cast<double>(ctx.input_count()), ctx.input(0))})};
}

std::vector<Output> clip(NodeContext& ctx) {
    Output x = ctx.input(0);
    const double lowest = std::numeric_limits<float>::lowest();
    const double highest = std::numeric_limits<float>::max();
    if (ctx.opset() < 11) {
        const Attributes a = make_attrs({{"min", ctx.attrs().get_float("min", lowest)},
                                         {"max", ctx.attrs().get_float("max", highest)}});
        return {ctx.op("Clamp", 1, {x}, a)};
    }
    const bool has_min = ctx.has_input(1), has_max = ctx.has_input(2);
    const auto min_v = ctx.constant(1), max_v = ctx.constant(2);
    if ((!has_min || min_v) && (!has_max || max_v)) {
        const Attributes a = make_attrs({{"min", has_min ? min_v->value_as_double(0) : lowest},
                                         {"max", has_max ? max_v->value_as_double(0) : highest}});
        return {ctx.op("Clamp", 1, {x}, a)};
    }
    if (has_min) x = ctx.op("Maximum", 1, {x, ctx.input(1)});
    if (has_max) x = ctx.op("Minimum", 1, {x, ctx.input(2)});
    return {x};
}

std::vector<Output> mod(NodeContext& ctx) {
    // fmod=0: the result has the divisor's sign (floor semantics); fmod=1: C fmod.
    const bool c_fmod = ctx.attrs().get_int("fmod", 0) != 0;
    return {ctx.op(c_fmod ? "Mod" : "FloorMod", 1, {ctx.input(0), ctx.input(1)})};
}

std::vector<Output> cast(NodeContext& ctx) {
    const auto to = ctx.attrs().get_int("to");
    const auto type = element_type_from_onnx(static_cast<std::int32_t>(to));
    if (!type)
        ctx.fail("Cast to unsupported type " + onnx_type_name(static_cast<std::int32_t>(to)));
    const Attributes a = make_attrs({{"destination_type", std::string(to_string(*type))}});
    return {ctx.op("Convert", 1, {ctx.input(0)}, a)};
}

std::vector<Output> leaky_relu(NodeContext& ctx) {
    Output x = ctx.input(0);
    const double alpha = ctx.attrs().get_float("alpha", 0.01);
    return {ctx.op("PRelu", 1, {x, const_like(ctx, x, {1}, {alpha})})};
}

std::vector<Output> selu(NodeContext& ctx) {
    Output x = ctx.input(0);
    const double alpha = ctx.attrs().get_float("alpha", 1.67326319217681884765625);
    const double gamma = ctx.attrs().get_float("gamma", 1.05070102214813232421875);
    return {
        ctx.op("Selu", 1, {x, const_like(ctx, x, {1}, {alpha}), const_like(ctx, x, {1}, {gamma})})};
}

std::vector<Output> hard_sigmoid(NodeContext& ctx) {
    Output x = ctx.input(0);
    const double alpha = ctx.attrs().get_float("alpha", 0.2);
    const double beta = ctx.attrs().get_float("beta", 0.5);
    return {ctx.op("HardSigmoid", 1, {x, ctx.scalar_like(alpha, x), ctx.scalar_like(beta, x)})};
}

// Celu, Shrink, ThresholdedRelu and Softsign take several opset ops: rules/lower/onnx/
// activations.rules lowers them.
std::vector<Output> celu(NodeContext& ctx) {
    return {make_framework_node(ctx, "Celu", {ctx.input(0)},
                                make_attrs({{"alpha", ctx.attrs().get_float("alpha", 1.0)}}))};
}

std::vector<Output> shrink(NodeContext& ctx) {
    return {make_framework_node(ctx, "Shrink", {ctx.input(0)},
                                make_attrs({{"lambd", ctx.attrs().get_float("lambd", 0.5)},
                                            {"bias", ctx.attrs().get_float("bias", 0.0)}}))};
}

std::vector<Output> thresholded_relu(NodeContext& ctx) {
    return {make_framework_node(ctx, "ThresholdedRelu", {ctx.input(0)},
                                make_attrs({{"alpha", ctx.attrs().get_float("alpha", 1.0)}}))};
}

std::vector<Output> softsign(NodeContext& ctx) {
    return {make_framework_node(ctx, "Softsign", {ctx.input(0)})};
}

Output convert_to(NodeContext& ctx, Output x, ElementType type) {
    return ctx.op("Convert", 1, {x},
                  make_attrs({{"destination_type", std::string(to_string(type))}}));
}

// ONNX's Pow takes an exponent of any numeric type; the result has the base's type. Power needs
// equal types: a float base takes the exponent converted; an integer base with a float exponent
// is computed in f64 and converted back (Convert truncates, as ONNX's reference does).
std::vector<Output> pow(NodeContext& ctx) {
    Output base = ctx.input(0), exponent = ctx.input(1);
    const ElementType bt = base.type(), et = exponent.type();
    if (bt == et || bt == ElementType::dynamic || et == ElementType::dynamic)
        return {ctx.op("Power", 1, {base, exponent})};
    if (is_floating(bt) || !is_floating(et))
        return {ctx.op("Power", 1, {base, convert_to(ctx, exponent, bt)})};
    Output wide = ctx.op(
        "Power", 1,
        {convert_to(ctx, base, ElementType::f64), convert_to(ctx, exponent, ElementType::f64)});
    return {convert_to(ctx, wide, bt)};
}

// BitShift on unsigned integers: x << y = x * 2^y, x >> y = x / 2^y (integer division).
std::vector<Output> bit_shift(NodeContext& ctx) {
    Output x = ctx.input(0), y = ctx.input(1);
    const std::string direction = ctx.attrs().get_string("direction");
    if (direction != "LEFT" && direction != "RIGHT")
        ctx.fail("BitShift direction must be LEFT or RIGHT, got '" + direction + "'");
    Output factor = ctx.op("Power", 1, {ctx.scalar_like(2.0, x), y});
    return {ctx.op(direction == "LEFT" ? "Multiply" : "Divide", 1, {x, factor})};
}

std::vector<Output> is_nan(NodeContext& ctx) {
    Output x = ctx.input(0);
    return {ctx.op("NotEqual", 1, {x, x})}; // only NaN differs from itself
}

std::vector<Output> is_inf(NodeContext& ctx) {
    Output x = ctx.input(0);
    const bool positive = ctx.attrs().get_int("detect_positive", 1) != 0;
    const bool negative = ctx.attrs().get_int("detect_negative", 1) != 0;
    const double inf = std::numeric_limits<double>::infinity();
    if (positive && negative)
        return {ctx.op("Equal", 1, {ctx.op("Abs", 1, {x}), ctx.scalar_like(inf, x)})};
    if (positive || negative)
        return {ctx.op("Equal", 1, {x, ctx.scalar_like(positive ? inf : -inf, x)})};
    // Detecting neither sign: all false (x != x is false except for NaN, which is not infinite).
    Output nan = ctx.op("NotEqual", 1, {x, x});
    return {ctx.op("LogicalAnd", 1, {nan, ctx.op("LogicalNot", 1, {nan})})};
}

std::vector<Output> reciprocal(NodeContext& ctx) {
    Output x = ctx.input(0);
    return {ctx.op("Divide", 1, {ctx.scalar_like(1.0, x), x})};
}

} // namespace

Output const_like(NodeContext& ctx, Output like, Shape shape, const std::vector<double>& values) {
    ElementType t = like.type();
    if (t == ElementType::dynamic || t == ElementType::string) t = ElementType::f32;
    Tensor v(t, std::move(shape));
    for (std::int64_t i = 0; i < v.size() && i < static_cast<std::int64_t>(values.size()); ++i)
        set_value_from_double(v, i, values[static_cast<std::size_t>(i)]);
    return ctx.constant(std::move(v));
}

void register_elementwise(TranslatorMap& map) {
    map["Add"] = [](NodeContext& c) { return binary(c, "Add"); };
    map["Sub"] = [](NodeContext& c) { return binary(c, "Subtract"); };
    map["Mul"] = [](NodeContext& c) { return binary(c, "Multiply"); };
    map["Div"] = [](NodeContext& c) { return binary(c, "Divide"); };
    map["Sum"] = [](NodeContext& c) { return std::vector<Output>{chain(c, "Add")}; };
    map["Max"] = [](NodeContext& c) { return std::vector<Output>{chain(c, "Maximum")}; };
    map["Min"] = [](NodeContext& c) { return std::vector<Output>{chain(c, "Minimum")}; };
    map["Mean"] = mean;
    map["Clip"] = clip;
    map["Mod"] = mod;
    map["Cast"] = cast;
    map["LeakyRelu"] = leaky_relu;
    map["Selu"] = selu;
    map["HardSigmoid"] = hard_sigmoid;
    map["Celu"] = celu;
    map["Shrink"] = shrink;
    map["ThresholdedRelu"] = thresholded_relu;
    map["Softsign"] = softsign;
    map["Reciprocal"] = reciprocal;
    map["Pow"] = pow;
    map["IsNaN"] = is_nan;
    map["BitShift"] = bit_shift;
    map["IsInf"] = is_inf;
}

} // namespace mo::onnx_fe::ops
