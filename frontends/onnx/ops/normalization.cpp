// BatchNormalization, InstanceNormalization, LayerNormalization, MeanVarianceNormalization, LRN,
// and the softmax family (Softmax, LogSoftmax, Hardmax).
#include "frontends/onnx/ops/ops.hpp"

#include <functional>

namespace mo::onnx_fe::ops {
namespace {

std::vector<Output> batch_norm(NodeContext& ctx) {
    if (ctx.opset() < 9 && ctx.attrs().get_int("spatial", 1) == 0)
        ctx.fail("BatchNormalization with spatial=0 is not supported");
    if (ctx.attrs().get_int("training_mode", 0) != 0)
        ctx.fail("BatchNormalization in training mode is not supported");
    const Attributes a = make_attrs({{"epsilon", ctx.attrs().get_float("epsilon", 1e-5)}});
    Output y = ctx.op("BatchNormInference", 5,
                      {ctx.input(0), ctx.input(1), ctx.input(2), ctx.input(3), ctx.input(4)}, a);
    // In inference the running mean/variance outputs are the inputs unchanged; the saved
    // batch statistics (outputs 3, 4) exist only in training.
    if (ctx.output_count() == 1) return {y};
    return {y, ctx.input(3), ctx.input(4)};
}

Output mvn(NodeContext& ctx, Output x, Output axes, double eps, const char* eps_mode) {
    return ctx.op(
        "MVN", 6, {x, axes},
        make_attrs(
            {{"normalize_variance", true}, {"eps", eps}, {"eps_mode", std::string(eps_mode)}}));
}

std::vector<Output> instance_norm(NodeContext& ctx) {
    Output x = ctx.input(0);
    if (!rank_of(x)) ctx.fail("InstanceNormalization needs an input of known rank");
    return {make_framework_node(ctx, "InstanceNormalization", {x, ctx.input(1), ctx.input(2)},
                                make_attrs({{"epsilon", ctx.attrs().get_float("epsilon", 1e-5)}}))};
}

std::vector<Output> layer_norm(NodeContext& ctx) {
    Output x = ctx.input(0);
    const std::int64_t axis = ctx.attrs().get_int("axis", -1);
    const double eps = ctx.attrs().get_float("epsilon", 1e-5);
    // The normalized output alone, on an input of known rank, is a lower rule; the statistics
    // outputs (and a negative axis of an input of unknown rank) are built here.
    if (!ctx.output_wanted(1) && !ctx.output_wanted(2) && rank_of(x)) {
        std::vector<Output> inputs{x, ctx.input(1)};
        if (ctx.has_input(2)) inputs.push_back(ctx.input(2));
        return {make_framework_node(ctx, "LayerNormalization", std::move(inputs),
                                    make_attrs({{"axis", axis}, {"epsilon", eps}}))};
    }
    Output axes;
    if (axis < 0) {
        std::vector<std::int64_t> v;
        for (std::int64_t a = axis; a < 0; ++a) v.push_back(a);
        axes = ctx.const_i64(v);
    } else {
        axes = axes_from(ctx, x, axis);
    }
    Output y = mvn(ctx, x, axes, eps, "inside_sqrt");
    y = ctx.op("Multiply", 1, {y, ctx.input(1)});
    if (ctx.has_input(2)) y = ctx.op("Add", 1, {y, ctx.input(2)});
    // The statistics outputs, kept with the normalized axes as 1:
    // Mean, and InvStdDev = 1 / sqrt(mean((x - Mean)^2) + epsilon).
    const Attributes keep = make_attrs({{"keep_dims", true}});
    Output mean = ctx.op("ReduceMean", 1, {x, axes}, keep);
    Output centered = ctx.op("Subtract", 1, {x, mean});
    Output variance =
        ctx.op("ReduceMean", 1, {ctx.op("Multiply", 1, {centered, centered}), axes}, keep);
    Output std_dev = ctx.op("Sqrt", 1, {ctx.op("Add", 1, {variance, ctx.scalar_like(eps, x)})});
    Output inv_std_dev = ctx.op("Divide", 1, {ctx.scalar_like(1.0, x), std_dev});
    return {y, mean, inv_std_dev};
}

std::vector<Output> mean_variance_norm(NodeContext& ctx) {
    const auto axes = ctx.attrs().get_ints("axes", {0, 2, 3});
    return {mvn(ctx, ctx.input(0), ctx.const_i64(axes), 1e-9, "outside_sqrt")};
}

std::vector<Output> lrn(NodeContext& ctx) {
    const Attributes a = make_attrs({{"alpha", ctx.attrs().get_float("alpha", 1e-4)},
                                     {"beta", ctx.attrs().get_float("beta", 0.75)},
                                     {"bias", ctx.attrs().get_float("bias", 1.0)},
                                     {"size", ctx.attrs().get_int("size")}});
    return {ctx.op("LRN", 1, {ctx.input(0), ctx.const_i64({1})}, a)};
}

using AxisOp = std::function<Output(NodeContext&, Output x, std::int64_t axis)>;

// Before opset 13 the softmax family works on the input flattened to 2-D around `axis`.
std::vector<Output> softmax_family(NodeContext& ctx, const AxisOp& apply) {
    Output x = ctx.input(0);
    const auto rank = rank_of(x);
    if (ctx.opset() >= 13) {
        std::int64_t axis = ctx.attrs().get_int("axis", -1);
        if (rank) axis = normalize_axis(axis, *rank);
        return {apply(ctx, x, axis)};
    }
    std::int64_t axis = ctx.attrs().get_int("axis", 1);
    if (rank) {
        axis = normalize_axis(axis, *rank);
        if (axis == *rank - 1) return {apply(ctx, x, axis)}; // 2-D flattening changes nothing
    }
    Output flat = flatten_2d(ctx, x, axis);
    Output y = apply(ctx, flat, 1);
    Output shape = ctx.op("ShapeOf", 3, {x}, make_attrs({{"output_type", std::string("i64")}}));
    return {ctx.op("Reshape", 1, {y, shape}, make_attrs({{"special_zero", false}}))};
}

Output softmax(NodeContext& ctx, Output x, std::int64_t axis) {
    // SoftMax-1 takes a non-negative axis only; SoftMax-8 counts negative ones from the back.
    return ctx.op("SoftMax", axis >= 0 ? 1 : 8, {x}, make_attrs({{"axis", axis}}));
}

Output log_softmax(NodeContext& ctx, Output x, std::int64_t axis) {
    return ctx.op("LogSoftmax", 5, {x}, make_attrs({{"axis", axis}}));
}

// Hardmax: one-hot of the arg-max along `axis` (first maximum wins).
Output hardmax(NodeContext& ctx, Output x, std::int64_t axis) {
    const PartialShape& s = x.shape();
    if (!s.rank_known()) ctx.fail("Hardmax needs an input of known rank");
    axis = normalize_axis(axis, static_cast<std::int64_t>(s.rank()));
    const std::int64_t depth = s[static_cast<std::size_t>(axis)];
    if (depth < 0) ctx.fail("Hardmax needs a static size along its axis");
    Node& topk = ctx.make("TopK", 3, {x, ctx.const_i64_scalar(1)},
                          make_attrs({{"axis", axis},
                                      {"mode", std::string("max")},
                                      {"sort", std::string("none")},
                                      {"index_element_type", std::string("i64")}}),
                          2);
    Output index = ctx.op("Squeeze", 1, {topk.output(1), ctx.const_i64({axis})});
    return ctx.op(
        "OneHot", 1,
        {index, ctx.const_i64_scalar(depth), ctx.scalar_like(1.0, x), ctx.scalar_like(0.0, x)},
        make_attrs({{"axis", axis}}));
}

} // namespace

Output per_channel(NodeContext& ctx, Output v, std::size_t rank) {
    Shape target(rank, 1);
    if (rank >= 2) target[1] = -1;
    if (v.node->is_const() && v.node->value.valid()) {
        if (rank >= 2) target[1] = v.node->value.size();
        return ctx.constant(v.node->value.reshaped(target));
    }
    return ctx.op("Reshape", 1, {v, ctx.const_i64(target)}, make_attrs({{"special_zero", false}}));
}

void register_normalization(TranslatorMap& map) {
    map["BatchNormalization"] = batch_norm;
    map["InstanceNormalization"] = instance_norm;
    map["LayerNormalization"] = layer_norm;
    map["MeanVarianceNormalization"] = mean_variance_norm;
    map["LRN"] = lrn;
    map["Softmax"] = [](NodeContext& c) { return softmax_family(c, softmax); };
    map["LogSoftmax"] = [](NodeContext& c) { return softmax_family(c, log_softmax); };
    map["Hardmax"] = [](NodeContext& c) { return softmax_family(c, hardmax); };
}

} // namespace mo::onnx_fe::ops
