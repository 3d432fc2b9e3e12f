// AveragePool, MaxPool and the global pools.
#include "frontends/onnx/ops/ops.hpp"

namespace mo::onnx_fe::ops {
namespace {

// Attributes shared by AvgPool and MaxPool.
Attributes pool_attrs(NodeContext& ctx) {
    const auto kernel = ctx.attrs().get_ints("kernel_shape");
    const std::size_t n = kernel.size();
    const auto strides = ctx.attrs().get_ints("strides", std::vector<std::int64_t>(n, 1));
    const auto pads = ctx.attrs().get_ints("pads", std::vector<std::int64_t>(2 * n, 0));
    if (strides.size() != n || pads.size() != 2 * n)
        ctx.fail("strides/pads do not match kernel_shape of " + std::to_string(n) + " dimensions");
    const auto half = pads.begin() + static_cast<std::ptrdiff_t>(n);
    return make_attrs(
        {{"strides", strides},
         {"pads_begin", std::vector<std::int64_t>(pads.begin(), half)},
         {"pads_end", std::vector<std::int64_t>(half, pads.end())},
         {"kernel", kernel},
         {"rounding_type", std::string(ctx.attrs().get_int("ceil_mode", 0) ? "ceil" : "floor")},
         {"auto_pad", auto_pad_of(ctx)}});
}

bool all_ones(const std::vector<std::int64_t>& v) {
    for (auto x : v)
        if (x != 1) return false;
    return true;
}

std::vector<Output> average_pool(NodeContext& ctx) {
    if (!all_ones(ctx.attrs().get_ints("dilations", {})))
        ctx.fail("AveragePool with dilations is not supported");
    Attributes a = pool_attrs(ctx);
    a.set("exclude-pad", AttrValue(ctx.attrs().get_int("count_include_pad", 0) == 0));
    return {ctx.op("AvgPool", 1, {ctx.input(0)}, a)};
}

std::vector<Output> max_pool(NodeContext& ctx) {
    Attributes a = pool_attrs(ctx);
    const std::size_t n = a.get_ints("kernel").size();
    const auto dilations = ctx.attrs().get_ints("dilations", std::vector<std::int64_t>(n, 1));
    const bool indices = ctx.output_wanted(1);
    if (indices && ctx.attrs().get_int("storage_order", 0) != 0)
        ctx.fail("MaxPool indices in column-major storage order are not supported");
    if (!indices && all_ones(dilations)) return {ctx.op("MaxPool", 1, {ctx.input(0)}, a)};
    if (dilations.size() != n) ctx.fail("dilations do not match kernel_shape");
    a.set("dilations", AttrValue(dilations));
    a.set("index_element_type", AttrValue(std::string("i64")));
    a.set("axis", AttrValue(std::int64_t{0})); // ONNX indices count over the whole tensor
    Node& pool = ctx.make("MaxPool", 8, {ctx.input(0)}, a, 2);
    return {pool.output(0), pool.output(1)};
}

std::vector<Output> global_pool(NodeContext& ctx, const char* reduce) {
    Output x = ctx.input(0);
    return {ctx.op(reduce, 1, {x, axes_from(ctx, x, 2)}, make_attrs({{"keep_dims", true}}))};
}

} // namespace

void register_pooling(TranslatorMap& map) {
    map["AveragePool"] = average_pool;
    map["MaxPool"] = max_pool;
    map["GlobalAveragePool"] = [](NodeContext& c) { return global_pool(c, "ReduceMean"); };
    map["GlobalMaxPool"] = [](NodeContext& c) { return global_pool(c, "ReduceMax"); };
}

} // namespace mo::onnx_fe::ops
