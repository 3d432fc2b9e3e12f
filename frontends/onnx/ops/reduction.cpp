// Reduce*, ArgMax/ArgMin and TopK.
#include "frontends/onnx/ops/ops.hpp"

namespace mo::onnx_fe::ops {
namespace {

Output convert_i64(NodeContext& ctx, Output x) {
    if (x.type() == ElementType::i64) return x;
    return ctx.op("Convert", 1, {x}, make_attrs({{"destination_type", std::string("i64")}}));
}

// Axes known only at run time, where an empty list means every axis: the first n entries of
// concat(axes, [0, 1, ..., rank-1]) with n = len(axes), or rank when axes is empty.
Output axes_or_all(NodeContext& ctx, Output axes, Output x) {
    const Attributes i64_output = make_attrs({{"output_type", std::string("i64")}});
    Output all = axes_from(ctx, x, 0);
    Output count = ctx.op("ShapeOf", 3, {axes}, i64_output);
    Output empty = ctx.op("Convert", 1, {ctx.op("Equal", 1, {count, ctx.const_i64({0})})},
                          make_attrs({{"destination_type", std::string("i64")}}));
    Output rank = ctx.op("ShapeOf", 3, {all}, i64_output);
    Output end = ctx.op("Add", 1, {count, ctx.op("Multiply", 1, {empty, rank})});
    Output joined =
        ctx.op("Concat", 1, {convert_i64(ctx, axes), all}, make_attrs({{"axis", std::int64_t{0}}}));
    return ctx.op("Slice", 8, {joined, ctx.const_i64({0}), end, ctx.const_i64({1})});
}

// The axes of a Reduce* node: an attribute before `axes_input_opset`, an optional input after.
// nullopt means "no reduction" (empty axes with noop_with_empty_axes=1).
std::optional<Output> reduce_axes(NodeContext& ctx, Output x, int axes_input_opset) {
    if (ctx.opset() < axes_input_opset) {
        const auto axes = ctx.attrs().get_ints("axes", {});
        return axes.empty() ? axes_from(ctx, x, 0) : ctx.const_i64(axes);
    }
    const bool noop = ctx.attrs().get_int("noop_with_empty_axes", 0) != 0;
    if (ctx.has_input(1)) {
        const auto value = ctx.constant(1);
        if (value && value->size() > 0) return ctx.input(1);
        // An axes input of static shape [0] is empty whatever it holds: decide here instead of
        // leaving an empty axes tensor to the runtime (OpenVINO's CPU plugin returns shape
        // [0,0,0] or crashes on a ReduceSum fed empty axes at run time).
        const PartialShape& s = ctx.input(1).shape();
        const bool known_empty = s.rank_known() && s.rank() == 1 && s[0] == 0;
        if (!value && !known_empty) return noop ? ctx.input(1) : axes_or_all(ctx, ctx.input(1), x);
    }
    if (noop) return std::nullopt;
    return axes_from(ctx, x, 0);
}

Output reduce(NodeContext& ctx, const char* type, int opset, Output x, int axes_input_opset) {
    const auto axes = reduce_axes(ctx, ctx.input(0), axes_input_opset);
    if (!axes) return make_identity(ctx, x);
    return ctx.op(type, opset, {x, *axes},
                  make_attrs({{"keep_dims", ctx.attrs().get_int("keepdims", 1) != 0}}));
}

void add_reduce(TranslatorMap& map, const char* onnx_op, const char* type, int opset,
                int axes_input_opset = 18) {
    map[onnx_op] = [=](NodeContext& c) {
        return std::vector<Output>{reduce(c, type, opset, c.input(0), axes_input_opset)};
    };
}

std::vector<Output> reduce_log_sum(NodeContext& ctx) {
    Output s = reduce(ctx, "ReduceSum", 1, ctx.input(0), 18);
    return {ctx.op("Log", 1, {s})};
}

std::vector<Output> reduce_log_sum_exp(NodeContext& ctx) {
    Output e = ctx.op("Exp", 1, {ctx.input(0)});
    return {ctx.op("Log", 1, {reduce(ctx, "ReduceSum", 1, e, 18)})};
}

std::vector<Output> reduce_sum_square(NodeContext& ctx) {
    Output x = ctx.input(0);
    return {reduce(ctx, "ReduceSum", 1, ctx.op("Multiply", 1, {x, x}), 18)};
}

std::vector<Output> arg_extreme(NodeContext& ctx, const char* mode) {
    Output x = ctx.input(0);
    std::int64_t axis = ctx.attrs().get_int("axis", 0);
    const bool last = ctx.attrs().get_int("select_last_index", 0) != 0;
    if (last) {
        // TopK returns the first extreme: search the reversed axis, then map the index back.
        const auto rank = rank_of(x);
        if (!rank)
            ctx.fail(ctx.op_type() + " with select_last_index=1 needs an input of known rank");
        axis = normalize_axis(axis, *rank);
        x = ctx.op("Reverse", 1, {x, ctx.const_i64({axis})},
                   make_attrs({{"mode", std::string("index")}}));
    }
    Node& topk = ctx.make("TopK", 3, {x, ctx.const_i64_scalar(1)},
                          make_attrs({{"axis", axis},
                                      {"mode", std::string(mode)},
                                      {"sort", std::string("none")},
                                      {"index_element_type", std::string("i64")}}),
                          2);
    Output index = topk.output(1);
    if (last) {
        const Attributes i64_output = make_attrs({{"output_type", std::string("i64")}});
        Output shape = ctx.op("ShapeOf", 3, {x}, i64_output);
        Output dim =
            ctx.op("Gather", 8, {shape, ctx.const_i64_scalar(axis), ctx.const_i64_scalar(0)},
                   make_attrs({{"batch_dims", std::int64_t{0}}}));
        Output last_index = ctx.op("Subtract", 1, {dim, ctx.const_i64_scalar(1)});
        index = ctx.op("Subtract", 1, {last_index, index});
    }
    if (ctx.attrs().get_int("keepdims", 1) != 0) return {index};
    return {ctx.op("Squeeze", 1, {index, ctx.const_i64({axis})})};
}

std::vector<Output> top_k(NodeContext& ctx) {
    Output k;
    if (ctx.opset() < 10) {
        k = ctx.const_i64_scalar(ctx.attrs().get_int("k"));
    } else if (auto v = ctx.constant(1)) {
        if (v->size() != 1) ctx.fail("TopK's K must hold one value");
        k = ctx.const_i64_scalar(v->value_as_int64(0));
    } else {
        k = ctx.op("Squeeze", 1, {ctx.input(1), ctx.const_i64({0})});
    }
    const bool largest = ctx.attrs().get_int("largest", 1) != 0;
    const bool sorted = ctx.attrs().get_int("sorted", 1) != 0;
    Node& topk = ctx.make("TopK", 3, {ctx.input(0), k},
                          make_attrs({{"axis", ctx.attrs().get_int("axis", -1)},
                                      {"mode", std::string(largest ? "max" : "min")},
                                      {"sort", std::string(sorted ? "value" : "none")},
                                      {"index_element_type", std::string("i64")}}),
                          2);
    return {topk.output(0), topk.output(1)};
}

} // namespace

void register_reduction(TranslatorMap& map) {
    add_reduce(map, "ReduceSum", "ReduceSum", 1, 13);
    add_reduce(map, "ReduceMean", "ReduceMean", 1);
    add_reduce(map, "ReduceMax", "ReduceMax", 1);
    add_reduce(map, "ReduceMin", "ReduceMin", 1);
    add_reduce(map, "ReduceProd", "ReduceProd", 1);
    add_reduce(map, "ReduceL1", "ReduceL1", 4);
    add_reduce(map, "ReduceL2", "ReduceL2", 4);
    map["ReduceLogSum"] = reduce_log_sum;
    map["ReduceLogSumExp"] = reduce_log_sum_exp;
    map["ReduceSumSquare"] = reduce_sum_square;
    map["ArgMax"] = [](NodeContext& c) { return arg_extreme(c, "max"); };
    map["ArgMin"] = [](NodeContext& c) { return arg_extreme(c, "min"); };
    map["TopK"] = top_k;
}

} // namespace mo::onnx_fe::ops
