// Ops on the last two axes as a matrix: Trilu, EyeLike (a mask comparing the column index minus
// the row index with the diagonal offset k); the 1-D cosine windows (Hann, Hamming, Blackman);
// Einsum (its equation in the explicit form OpenVINO reads).
#include "frontends/onnx/ops/einsum_equation.hpp"
#include "frontends/onnx/ops/ops.hpp"
#include "frontends/onnx/tensor_reader.hpp"

#include <cctype>
#include <cmath>
#include <string>

namespace mo::onnx_fe::ops {
namespace {

const Attributes i64_output = make_attrs({{"output_type", std::string("i64")}});

// Size of axis `axis` (negative from the back) of x as an i64 scalar.
Output dim_of(NodeContext& ctx, Output x, std::int64_t axis) {
    const PartialShape& s = x.shape();
    if (s.rank_known() && s.rank() >= static_cast<std::size_t>(-axis)) {
        const std::int64_t d =
            s[static_cast<std::size_t>(static_cast<std::int64_t>(s.rank()) + axis)];
        if (d >= 0) return ctx.const_i64_scalar(d);
    }
    Output shape = ctx.op("ShapeOf", 3, {x}, i64_output);
    return ctx.op("Gather", 8, {shape, ctx.const_i64_scalar(axis), ctx.const_i64_scalar(0)},
                  make_attrs({{"batch_dims", std::int64_t{0}}}));
}

Output iota(NodeContext& ctx, Output n) {
    return ctx.op("Range", 4, {ctx.const_i64_scalar(0), n, ctx.const_i64_scalar(1)}, i64_output);
}

// [rows, cols] matrix of col - row.
Output diagonal_offsets(NodeContext& ctx, Output rows, Output cols) {
    Output r = ctx.op("Unsqueeze", 1, {iota(ctx, rows), ctx.const_i64({1})});
    Output c = ctx.op("Unsqueeze", 1, {iota(ctx, cols), ctx.const_i64({0})});
    return ctx.op("Subtract", 1, {c, r});
}

std::vector<Output> trilu(NodeContext& ctx) {
    Output x = ctx.input(0);
    if (auto r = rank_of(x); r && *r < 2) ctx.fail("Trilu needs an input of rank >= 2");
    Output k = ctx.const_i64_scalar(0);
    if (ctx.has_input(1)) {
        if (auto v = ctx.constant(1)) {
            if (v->size() != 1) ctx.fail("Trilu's k must hold one value");
            k = ctx.const_i64_scalar(v->value_as_int64(0));
        } else {
            k = ctx.op("Reshape", 1, {ctx.input(1), ctx.const_i64({})},
                       make_attrs({{"special_zero", false}}));
        }
    }
    const bool upper = ctx.attrs().get_int("upper", 1) != 0;
    Output offsets = diagonal_offsets(ctx, dim_of(ctx, x, -2), dim_of(ctx, x, -1));
    // upper keeps col - row >= k; lower keeps col - row <= k.
    Output keep = ctx.op(upper ? "GreaterEqual" : "LessEqual", 1, {offsets, k});
    return {ctx.op("Select", 1, {keep, x, ctx.scalar_like(0.0, x)})};
}

std::vector<Output> eye_like(NodeContext& ctx) {
    Output x = ctx.input(0);
    if (auto r = rank_of(x); r && *r != 2) ctx.fail("EyeLike needs a 2-D input");
    ElementType type = x.type();
    if (ctx.attrs().has("dtype")) {
        const auto t =
            element_type_from_onnx(static_cast<std::int32_t>(ctx.attrs().get_int("dtype")));
        if (!t) ctx.fail("EyeLike to an unsupported dtype");
        type = *t;
    }
    if (type == ElementType::dynamic) type = ElementType::f32;
    Output offsets = diagonal_offsets(ctx, dim_of(ctx, x, -2), dim_of(ctx, x, -1));
    Output on = ctx.op("Equal", 1, {offsets, ctx.const_i64_scalar(ctx.attrs().get_int("k", 0))});
    return {ctx.op("Convert", 1, {on},
                   make_attrs({{"destination_type", std::string(to_string(type))}}))};
}

// Hann / Hamming / Blackman windows: sum_k a_k cos(2 pi k n / N) for n in [0, size), with
// N = size (periodic) or size - 1 (symmetric).
std::vector<Output> cosine_window(NodeContext& ctx, std::vector<double> coefficients) {
    ElementType type = ElementType::f32;
    if (ctx.attrs().has("output_datatype")) {
        const auto t = element_type_from_onnx(
            static_cast<std::int32_t>(ctx.attrs().get_int("output_datatype")));
        if (!t) ctx.fail("unsupported output_datatype");
        type = *t;
    }
    const bool periodic = ctx.attrs().get_int("periodic", 1) != 0;
    Output size = ctx.input(0);
    if (size.type() != ElementType::i64)
        size = ctx.op("Convert", 1, {size}, make_attrs({{"destination_type", std::string("i64")}}));
    size = ctx.op("Reshape", 1, {size, ctx.const_i64({})}, make_attrs({{"special_zero", false}}));
    const Attributes to_f64 = make_attrs({{"destination_type", std::string("f64")}});
    Output n = ctx.op("Convert", 1, {iota(ctx, size)}, to_f64);
    Output period = ctx.op("Convert", 1, {size}, to_f64);
    if (!periodic) period = ctx.op("Subtract", 1, {period, ctx.scalar_like(1.0, period)});
    // 2 pi n / N, the phase of the first harmonic.
    Output phase =
        ctx.op("Divide", 1, {ctx.op("Multiply", 1, {n, ctx.scalar_like(2 * M_PI, n)}), period});
    Output w = ctx.scalar_like(coefficients[0], n); // broadcast by the first harmonic
    for (std::size_t k = 1; k < coefficients.size(); ++k) {
        Output harmonic = ctx.op(
            "Cos", 1, {ctx.op("Multiply", 1, {phase, ctx.scalar_like(static_cast<double>(k), n)})});
        w = ctx.op("Add", 1,
                   {w, ctx.op("Multiply", 1, {harmonic, ctx.scalar_like(coefficients[k], n)})});
    }
    return {ctx.op("Convert", 1, {w},
                   make_attrs({{"destination_type", std::string(to_string(type))}}))};
}

std::vector<Output> einsum(NodeContext& ctx) {
    std::vector<Output> inputs;
    for (std::size_t i = 0; i < ctx.input_count(); ++i) inputs.push_back(ctx.input(i));
    const std::string equation = canonical_einsum_equation(ctx.attrs().get_string("equation"));
    return {ctx.op("Einsum", 7, std::move(inputs), make_attrs({{"equation", equation}}))};
}

} // namespace

void register_matrix(TranslatorMap& map) {
    map["Einsum"] = einsum;
    map["Trilu"] = trilu;
    map["EyeLike"] = eye_like;
    map["HannWindow"] = [](NodeContext& c) { return cosine_window(c, {0.5, -0.5}); };
    map["HammingWindow"] = [](NodeContext& c) {
        return cosine_window(c, {25.0 / 46.0, -21.0 / 46.0});
    };
    map["BlackmanWindow"] = [](NodeContext& c) { return cosine_window(c, {0.42, -0.5, 0.08}); };
}

} // namespace mo::onnx_fe::ops
