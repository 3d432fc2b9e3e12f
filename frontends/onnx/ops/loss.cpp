// NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss, decomposed into opset operations:
//   loss[n, d...] = -input[n, target[n, d...], d...] * weight[target[n, d...]]
// with targets equal to ignore_index contributing nothing (not even to the mean's denominator).
#include "frontends/onnx/ops/ops.hpp"

namespace mo::onnx_fe::ops {
namespace {

Output convert_to(NodeContext& ctx, Output x, ElementType type) {
    return ctx.op("Convert", 1, {x},
                  make_attrs({{"destination_type", std::string(to_string(type))}}));
}

Output reduce_all(NodeContext& ctx, const char* type, Output x) {
    return ctx.op(type, 1, {x, axes_from(ctx, x, 0)}, make_attrs({{"keep_dims", false}}));
}

// input: log-probabilities [N, C, d...]; target: class indices [N, d...]; weight: [C] or absent.
Output nll(NodeContext& ctx, Output input, Output target, std::optional<Output> weight) {
    const std::string reduction = ctx.attrs().get_string("reduction", "mean");
    if (reduction != "none" && reduction != "sum" && reduction != "mean")
        ctx.fail("unknown reduction '" + reduction + "'");
    if (target.type() != ElementType::i64) target = convert_to(ctx, target, ElementType::i64);

    // Ignored targets read class 0 (any valid index) and get weight 0.
    std::optional<Output> keep;
    if (ctx.attrs().has("ignore_index")) {
        Output ignored = ctx.const_i64_scalar(ctx.attrs().get_int("ignore_index"));
        keep = ctx.op("NotEqual", 1, {target, ignored});
        target = ctx.op("Select", 1, {*keep, target, ctx.const_i64_scalar(0)});
    }
    Output picked =
        ctx.op("GatherElements", 6, {input, ctx.op("Unsqueeze", 1, {target, ctx.const_i64({1})})},
               make_attrs({{"axis", std::int64_t{1}}}));
    Output loss = ctx.op("Negative", 1, {ctx.op("Squeeze", 1, {picked, ctx.const_i64({1})})});

    std::optional<Output> w;
    if (weight)
        w = ctx.op("Gather", 8, {*weight, target, ctx.const_i64_scalar(0)},
                   make_attrs({{"batch_dims", std::int64_t{0}}}));
    if (keep) {
        Output k = convert_to(ctx, *keep, input.type());
        w = w ? ctx.op("Multiply", 1, {*w, k}) : k;
    }
    if (w) loss = ctx.op("Multiply", 1, {loss, *w});

    if (reduction == "none") return loss;
    Output total = reduce_all(ctx, "ReduceSum", loss);
    if (reduction == "sum") return total;
    if (!w) return reduce_all(ctx, "ReduceMean", loss);
    return ctx.op("Divide", 1, {total, reduce_all(ctx, "ReduceSum", *w)});
}

std::optional<Output> optional_input(NodeContext& ctx, std::size_t i) {
    if (!ctx.has_input(i)) return std::nullopt;
    return ctx.input(i);
}

std::vector<Output> nll_loss(NodeContext& ctx) {
    return {nll(ctx, ctx.input(0), ctx.input(1), optional_input(ctx, 2))};
}

std::vector<Output> softmax_cross_entropy(NodeContext& ctx) {
    Output log_prob =
        ctx.op("LogSoftmax", 5, {ctx.input(0)}, make_attrs({{"axis", std::int64_t{1}}}));
    Output loss = nll(ctx, log_prob, ctx.input(1), optional_input(ctx, 2));
    if (ctx.output_count() > 1) return {loss, log_prob};
    return {loss};
}

} // namespace

void register_loss(TranslatorMap& map) {
    map["NegativeLogLikelihoodLoss"] = nll_loss;
    map["SoftmaxCrossEntropyLoss"] = softmax_cross_entropy;
}

} // namespace mo::onnx_fe::ops
