// Reshape, Flatten, Shape, Size, Squeeze, Unsqueeze.
#include "frontends/onnx/ops/ops.hpp"

namespace mo::onnx_fe::ops {
namespace {

const Attributes kShapeI64 = make_attrs({{"output_type", std::string("i64")}});

std::vector<Output> reshape(NodeContext& ctx) {
    Output shape = ctx.opset() < 5 ? ctx.const_i64(ctx.attrs().get_ints("shape")) : ctx.input(1);
    const bool allow_zero = ctx.attrs().get_int("allowzero", 0) != 0;
    return {
        ctx.op("Reshape", 1, {ctx.input(0), shape}, make_attrs({{"special_zero", !allow_zero}}))};
}

std::vector<Output> flatten(NodeContext& ctx) {
    Output x = ctx.input(0);
    std::int64_t axis = ctx.attrs().get_int("axis", 1);
    if (axis < 0) {
        const auto rank = rank_of(x);
        if (!rank) ctx.fail("Flatten with a negative axis needs an input of known rank");
        axis = normalize_axis(axis, *rank);
    }
    return {flatten_2d(ctx, x, axis)};
}

std::vector<Output> shape(NodeContext& ctx) {
    Output s = ctx.op("ShapeOf", 3, {ctx.input(0)}, kShapeI64);
    const bool has_start = ctx.attrs().has("start"), has_end = ctx.attrs().has("end");
    if (!has_start && !has_end) return {s};
    const Attributes masks = make_attrs({{"begin_mask", std::vector<std::int64_t>{0}},
                                         {"end_mask", std::vector<std::int64_t>{has_end ? 0 : 1}}});
    return {ctx.op("StridedSlice", 1,
                   {s, ctx.const_i64({ctx.attrs().get_int("start", 0)}),
                    ctx.const_i64({ctx.attrs().get_int("end", 0)}), ctx.const_i64({1})},
                   masks)};
}

std::vector<Output> size(NodeContext& ctx) {
    Output s = ctx.op("ShapeOf", 3, {ctx.input(0)}, kShapeI64);
    return {ctx.op("ReduceProd", 1, {s, ctx.const_i64({0})}, make_attrs({{"keep_dims", false}}))};
}

// Squeeze/Unsqueeze: axes are an attribute before opset 13, an (optional) input after.
std::vector<Output> squeeze_like(NodeContext& ctx, const char* type) {
    Output x = ctx.input(0);
    if (ctx.opset() < 13) {
        if (!ctx.attrs().has("axes")) {
            if (std::string_view(type) == "Unsqueeze") ctx.fail("Unsqueeze needs 'axes'");
            return {ctx.op(type, 1, {x})};
        }
        return {ctx.op(type, 1, {x, ctx.const_i64(ctx.attrs().get_ints("axes"))})};
    }
    if (!ctx.has_input(1)) return {ctx.op(type, 1, {x})};
    return {ctx.op(type, 1, {x, ctx.input(1)})};
}

} // namespace

Output flatten_2d(NodeContext& ctx, Output x, std::int64_t axis) {
    const Attributes keep_zero = make_attrs({{"special_zero", true}});
    if (axis == 0) return ctx.op("Reshape", 1, {x, ctx.const_i64({1, -1})}, keep_zero);
    if (axis == 1) return ctx.op("Reshape", 1, {x, ctx.const_i64({0, -1})}, keep_zero);
    const PartialShape& s = x.shape();
    if (s.rank_known() && static_cast<std::int64_t>(s.rank()) >= axis) {
        std::int64_t lead = 1;
        for (std::int64_t i = 0; i < axis && lead >= 0; ++i)
            lead = s[static_cast<std::size_t>(i)] < 0 ? -1 : lead * s[static_cast<std::size_t>(i)];
        if (lead >= 0) return ctx.op("Reshape", 1, {x, ctx.const_i64({lead, -1})}, keep_zero);
    }
    // Leading dimensions known only at run time: [prod(shape[:axis]), -1].
    Output shape = ctx.op("ShapeOf", 3, {x}, kShapeI64);
    std::vector<std::int64_t> lead_axes;
    for (std::int64_t i = 0; i < axis; ++i) lead_axes.push_back(i);
    Output lead_dims =
        ctx.op("Gather", 1, {shape, ctx.const_i64(lead_axes), ctx.const_i64_scalar(0)});
    Output lead =
        ctx.op("ReduceProd", 1, {lead_dims, ctx.const_i64({0})}, make_attrs({{"keep_dims", true}}));
    Output target =
        ctx.op("Concat", 1, {lead, ctx.const_i64({-1})}, make_attrs({{"axis", std::int64_t{0}}}));
    return ctx.op("Reshape", 1, {x, target}, make_attrs({{"special_zero", false}}));
}

void register_shape(TranslatorMap& map) {
    map["Reshape"] = reshape;
    map["Flatten"] = flatten;
    map["Shape"] = shape;
    map["Size"] = size;
    map["Squeeze"] = [](NodeContext& c) { return squeeze_like(c, "Squeeze"); };
    map["Unsqueeze"] = [](NodeContext& c) { return squeeze_like(c, "Unsqueeze"); };
}

} // namespace mo::onnx_fe::ops
