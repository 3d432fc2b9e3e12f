// Concat, Split, Slice, Pad, Gather*, Scatter*, Transpose, DepthToSpace, OneHot, Range.
#include "frontends/onnx/ops/ops.hpp"
#include "frontends/onnx/tensor_reader.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace mo::onnx_fe::ops {
namespace {

std::vector<Output> concat(NodeContext& ctx) {
    std::vector<Output> inputs;
    for (std::size_t i = 0; i < ctx.input_count(); ++i)
        if (ctx.has_input(i)) inputs.push_back(ctx.input(i));
    if (inputs.empty()) ctx.fail("Concat needs at least one input");
    const std::int64_t axis =
        ctx.opset() < 4 ? ctx.attrs().get_int("axis", 1) : ctx.attrs().get_int("axis");
    return {ctx.op("Concat", 1, inputs, make_attrs({{"axis", axis}}))};
}

std::vector<Output> split(NodeContext& ctx) {
    Output x = ctx.input(0);
    const std::int64_t axis = ctx.attrs().get_int("axis", 0);
    const std::size_t n = ctx.output_count();
    std::optional<Output> lengths;
    if (ctx.opset() < 13) {
        if (ctx.attrs().has("split")) lengths = ctx.const_i64(ctx.attrs().get_ints("split"));
    } else if (ctx.has_input(1)) {
        lengths = ctx.input(1);
    } else if (ctx.attrs().has("num_outputs")) {
        // Opset 18: an uneven split makes the last part smaller.
        const PartialShape& s = x.shape();
        if (s.rank_known()) {
            const auto a =
                static_cast<std::size_t>(normalize_axis(axis, static_cast<std::int64_t>(s.rank())));
            const std::int64_t dim = s[a];
            const auto parts = static_cast<std::int64_t>(n);
            if (dim >= 0 && dim % parts != 0) {
                const std::int64_t chunk = (dim + parts - 1) / parts;
                std::vector<std::int64_t> v(n, chunk);
                v.back() = dim - chunk * (parts - 1);
                lengths = ctx.const_i64(v);
            }
        }
    }
    Node& node =
        lengths ? ctx.make("VariadicSplit", 1, {x, ctx.const_i64_scalar(axis), *lengths}, {}, n)
                : ctx.make("Split", 1, {x, ctx.const_i64_scalar(axis)},
                           make_attrs({{"num_splits", static_cast<std::int64_t>(n)}}), n);
    std::vector<Output> outs;
    for (std::size_t i = 0; i < node.output_count(); ++i) outs.push_back(node.output(i));
    return outs;
}

// Slice with constant starts/ends/axes/steps becomes StridedSlice (untouched axes masked);
// otherwise Slice-8.
std::vector<Output> slice(NodeContext& ctx) {
    Output x = ctx.input(0);
    std::vector<std::int64_t> starts, ends, axes, steps;
    if (ctx.opset() < 10) {
        starts = ctx.attrs().get_ints("starts");
        ends = ctx.attrs().get_ints("ends");
        axes = ctx.attrs().get_ints("axes", {});
    } else {
        auto s = ctx.constant(1), e = ctx.constant(2);
        auto a = ctx.has_input(3) ? ctx.constant(3) : std::optional<Tensor>(Tensor());
        auto st = ctx.has_input(4) ? ctx.constant(4) : std::optional<Tensor>(Tensor());
        if (!s || !e || !a || !st) {
            Output step = ctx.has_input(4)
                              ? ctx.input(4)
                              : ctx.op("Broadcast", 3,
                                       {ctx.const_i64_scalar(1),
                                        ctx.op("ShapeOf", 3, {ctx.input(1)},
                                               make_attrs({{"output_type", std::string("i64")}}))},
                                       make_attrs({{"mode", std::string("numpy")}}));
            std::vector<Output> in{x, ctx.input(1), ctx.input(2), step};
            if (ctx.has_input(3)) in.push_back(ctx.input(3));
            return {ctx.op("Slice", 8, in)};
        }
        starts = s->to_int64s();
        ends = e->to_int64s();
        if (a->valid()) axes = a->to_int64s();
        if (st->valid()) steps = st->to_int64s();
    }
    if (axes.empty())
        for (std::size_t i = 0; i < starts.size(); ++i)
            axes.push_back(static_cast<std::int64_t>(i));
    if (steps.empty()) steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() ||
        steps.size() != starts.size())
        ctx.fail("Slice starts/ends/axes/steps differ in length");
    const auto rank = rank_of(x);
    std::int64_t length = 0;
    for (auto& a : axes) {
        if (a < 0) {
            if (!rank) ctx.fail("Slice with negative axes needs an input of known rank");
            a = normalize_axis(a, *rank);
        }
        length = std::max(length, a + 1);
    }
    std::vector<std::int64_t> begin(static_cast<std::size_t>(length), 0), end(begin),
        stride(begin.size(), 1);
    std::vector<std::int64_t> begin_mask(begin.size(), 1), end_mask(begin.size(), 1);
    // Bounds beyond this mean "to the end" (ONNX exporters use INT_MAX / INT64_MAX).
    constexpr std::int64_t kHuge = std::numeric_limits<std::int32_t>::max() / 2;
    for (std::size_t i = 0; i < axes.size(); ++i) {
        const auto a = static_cast<std::size_t>(axes[i]);
        if (steps[i] == 0) ctx.fail("Slice step must not be zero");
        stride[a] = steps[i];
        begin[a] = starts[i];
        begin_mask[a] = 0;
        const bool to_end = steps[i] > 0 ? ends[i] >= kHuge : ends[i] <= -kHuge;
        end[a] = to_end ? 0 : ends[i];
        end_mask[a] = to_end ? 1 : 0;
    }
    const Attributes attrs =
        make_attrs({{"begin_mask", begin_mask},
                    {"end_mask", end_mask},
                    {"new_axis_mask", std::vector<std::int64_t>(begin.size(), 0)},
                    {"shrink_axis_mask", std::vector<std::int64_t>(begin.size(), 0)},
                    {"ellipsis_mask", std::vector<std::int64_t>(begin.size(), 0)}});
    return {ctx.op("StridedSlice", 1,
                   {x, ctx.const_i64(begin), ctx.const_i64(end), ctx.const_i64(stride)}, attrs)};
}

std::vector<Output> pad(NodeContext& ctx) {
    Output x = ctx.input(0);
    std::string mode = ctx.attrs().get_string("mode", "constant");
    if (mode != "constant" && mode != "reflect" && mode != "edge")
        ctx.fail("Pad mode '" + mode + "' is not supported");
    const Attributes attrs = make_attrs({{"pad_mode", mode}});
    std::optional<std::vector<std::int64_t>> pads;
    std::optional<Output> value;
    if (ctx.opset() < 11) {
        pads = ctx.attrs().get_ints(ctx.opset() < 2 ? "paddings" : "pads");
        if (mode == "constant") value = ctx.scalar_like(ctx.attrs().get_float("value", 0.0), x);
    } else {
        if (auto p = ctx.constant(1)) pads = p->to_int64s();
        if (ctx.has_input(2) && mode == "constant") value = ctx.input(2);
    }
    std::vector<Output> in{x};
    if (pads) {
        if (pads->size() % 2 != 0) ctx.fail("Pad needs an even number of pads");
        const std::size_t half = pads->size() / 2;
        std::vector<std::int64_t> b(pads->begin(),
                                    pads->begin() + static_cast<std::ptrdiff_t>(half));
        std::vector<std::int64_t> e(pads->begin() + static_cast<std::ptrdiff_t>(half), pads->end());
        if (ctx.has_input(3)) { // opset 18: pads only for the listed axes
            const auto rank = rank_of(x);
            if (!rank) ctx.fail("Pad with axes needs an input of known rank");
            const auto axes = ctx.const_ints(3, "axes");
            if (axes.size() != half) ctx.fail("Pad axes and pads differ in length");
            std::vector<std::int64_t> fb(static_cast<std::size_t>(*rank), 0), fe(fb);
            for (std::size_t i = 0; i < half; ++i) {
                const auto a = static_cast<std::size_t>(normalize_axis(axes[i], *rank));
                fb[a] = b[i];
                fe[a] = e[i];
            }
            b = fb;
            e = fe;
        }
        in.push_back(ctx.const_i64(b));
        in.push_back(ctx.const_i64(e));
    } else {
        if (ctx.has_input(3)) ctx.fail("Pad with axes needs constant pads");
        Node& halves = ctx.make("Split", 1, {ctx.input(1), ctx.const_i64_scalar(0)},
                                make_attrs({{"num_splits", std::int64_t{2}}}), 2);
        in.push_back(halves.output(0));
        in.push_back(halves.output(1));
    }
    if (value) in.push_back(*value);
    return {ctx.op("Pad", 1, in, attrs)};
}

std::vector<Output> gather(NodeContext& ctx) {
    Output axis = ctx.const_i64_scalar(ctx.attrs().get_int("axis", 0));
    // Gather-1 does not define negative indices; Gather-8 does.
    if (auto idx = ctx.constant(1)) {
        const auto v = idx->to_int64s();
        if (std::all_of(v.begin(), v.end(), [](std::int64_t i) { return i >= 0; }))
            return {ctx.op("Gather", 1, {ctx.input(0), ctx.input(1), axis})};
    }
    return {ctx.op("Gather", 8, {ctx.input(0), ctx.input(1), axis},
                   make_attrs({{"batch_dims", std::int64_t{0}}}))};
}

std::vector<Output> gather_nd(NodeContext& ctx) {
    const std::int64_t batch_dims = ctx.attrs().get_int("batch_dims", 0);
    // GatherND-5 folds the batch dimensions of its output into one; GatherND-8 keeps them, as ONNX.
    return {ctx.op("GatherND", batch_dims == 0 ? 5 : 8, {ctx.input(0), ctx.input(1)},
                   make_attrs({{"batch_dims", batch_dims}}))};
}

// ONNX's reduction name as the opset's ("add" -> "sum", "mul" -> "prod"); empty for none.
std::string scatter_reduction(NodeContext& ctx) {
    const std::string r = ctx.attrs().get_string("reduction", "none");
    if (r == "none") return {};
    if (r == "add") return "sum";
    if (r == "mul") return "prod";
    if (r == "min" || r == "max") return r;
    ctx.fail(ctx.op_type() + " reduction '" + r + "' is unknown");
}

std::vector<Output> scatter_elements(NodeContext& ctx) {
    std::vector<Output> in{ctx.input(0), ctx.input(1), ctx.input(2),
                           ctx.const_i64_scalar(ctx.attrs().get_int("axis", 0))};
    const std::string r = scatter_reduction(ctx);
    if (r.empty()) return {ctx.op("ScatterElementsUpdate", 3, in)};
    return {ctx.op("ScatterElementsUpdate", 12, in,
                   make_attrs({{"reduction", r}, {"use_init_val", true}}))};
}

std::vector<Output> scatter_nd(NodeContext& ctx) {
    std::vector<Output> in{ctx.input(0), ctx.input(1), ctx.input(2)};
    const std::string r = scatter_reduction(ctx);
    if (r.empty()) return {ctx.op("ScatterNDUpdate", 3, in)};
    return {ctx.op("ScatterNDUpdate", 15, in, make_attrs({{"reduction", r}}))};
}

std::vector<Output> transpose(NodeContext& ctx) {
    Output x = ctx.input(0);
    std::vector<std::int64_t> perm;
    if (ctx.attrs().has("perm")) {
        perm = ctx.attrs().get_ints("perm");
    } else if (auto rank = rank_of(x)) {
        for (std::int64_t i = *rank; i-- > 0;) perm.push_back(i);
    } // else: an empty order reverses the axes
    return {ctx.op("Transpose", 1, {x, ctx.const_i64(perm)})};
}

std::vector<Output> depth_to_space(NodeContext& ctx) {
    const std::string mode = ctx.attrs().get_string("mode", "DCR");
    if (mode != "DCR" && mode != "CRD") ctx.fail("DepthToSpace mode '" + mode + "' is unknown");
    return {ctx.op(
        "DepthToSpace", 1, {ctx.input(0)},
        make_attrs({{"block_size", ctx.attrs().get_int("blocksize")},
                    {"mode", std::string(mode == "DCR" ? "blocks_first" : "depth_first")}}))};
}

// A scalar view of a one-element input.
Output as_scalar(NodeContext& ctx, std::size_t i) {
    if (auto v = ctx.constant(i)) {
        if (v->size() != 1) ctx.fail("input " + std::to_string(i) + " must hold one value");
        return ctx.constant(v->reshaped({}));
    }
    return ctx.op("Reshape", 1, {ctx.input(i), ctx.const_i64({})},
                  make_attrs({{"special_zero", false}}));
}

std::vector<Output> one_hot(NodeContext& ctx) {
    Output depth;
    if (auto d = ctx.constant(1)) {
        if (d->size() != 1) ctx.fail("OneHot depth must hold one value");
        depth = ctx.const_i64_scalar(static_cast<std::int64_t>(d->value_as_double(0)));
    } else {
        depth = ctx.op("Convert", 1, {as_scalar(ctx, 1)},
                       make_attrs({{"destination_type", std::string("i64")}}));
    }
    Output off, on;
    if (auto values = ctx.constant(2)) {
        if (values->size() != 2) ctx.fail("OneHot values must hold [off, on]");
        Tensor o(values->type(), {}), f(values->type(), {});
        std::memcpy(f.mutable_raw(), values->raw(), byte_size(values->type()));
        std::memcpy(o.mutable_raw(), values->raw() + byte_size(values->type()),
                    byte_size(values->type()));
        off = ctx.constant(f);
        on = ctx.constant(o);
    } else {
        Output zero = ctx.const_i64_scalar(0);
        off = ctx.op("Gather", 1, {ctx.input(2), ctx.const_i64_scalar(0), zero});
        on = ctx.op("Gather", 1, {ctx.input(2), ctx.const_i64_scalar(1), zero});
    }
    // ONNX accepts indices of any numeric type and counts negative ones from the end.
    Output indices = ctx.input(0);
    if (indices.type() != ElementType::i64)
        indices =
            ctx.op("Convert", 1, {indices}, make_attrs({{"destination_type", std::string("i64")}}));
    Output negative = ctx.op("Less", 1, {indices, ctx.const_i64_scalar(0)});
    Output wrapped = ctx.op("Add", 1, {indices, depth});
    indices = ctx.op("Select", 1, {negative, wrapped, indices});
    return {ctx.op("OneHot", 1, {indices, depth, on, off},
                   make_attrs({{"axis", ctx.attrs().get_int("axis", -1)}}))};
}

// Compress: the slices along `axis` (of the flattened input without one) whose condition is
// true; a condition shorter than the axis leaves the remaining slices out.
std::vector<Output> compress(NodeContext& ctx) {
    Output x = ctx.input(0);
    std::int64_t axis = 0;
    if (ctx.attrs().has("axis")) {
        axis = ctx.attrs().get_int("axis");
    } else {
        x = ctx.op("Reshape", 1, {x, ctx.const_i64({-1})}, make_attrs({{"special_zero", false}}));
    }
    Output where =
        ctx.op("NonZero", 3, {ctx.input(1)}, make_attrs({{"output_type", std::string("i64")}}));
    Output indices = ctx.op("Squeeze", 1, {where, ctx.const_i64({0})});
    return {ctx.op("Gather", 8, {x, indices, ctx.const_i64_scalar(axis)},
                   make_attrs({{"batch_dims", std::int64_t{0}}}))};
}

std::vector<Output> range(NodeContext& ctx) {
    ElementType t = ElementType::dynamic;
    for (std::size_t i = 0; i < 3 && t == ElementType::dynamic; ++i) t = ctx.input(i).type();
    if (t == ElementType::dynamic) t = ElementType::i64;
    std::vector<Output> in;
    for (std::size_t i = 0; i < 3; ++i)
        in.push_back(ctx.constant(i) ? as_scalar(ctx, i) : ctx.input(i));
    return {ctx.op("Range", 4, in, make_attrs({{"output_type", std::string(to_string(t))}}))};
}

} // namespace

void register_movement(TranslatorMap& map) {
    map["Concat"] = concat;
    map["Split"] = split;
    map["Slice"] = slice;
    map["Pad"] = pad;
    map["Gather"] = gather;
    map["GatherND"] = gather_nd;
    map["ScatterElements"] = scatter_elements;
    map["Scatter"] = scatter_elements;
    map["ScatterND"] = scatter_nd;
    map["Transpose"] = transpose;
    map["DepthToSpace"] = depth_to_space;
    map["OneHot"] = one_hot;
    map["Compress"] = compress;
    map["Range"] = range;
}

} // namespace mo::onnx_fe::ops
