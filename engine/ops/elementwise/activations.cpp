// Activations with attributes or none: Relu-1, Sigmoid-1, Clamp-1, Elu-1, HSigmoid-5, HSwish-4,
// Mish-4, SoftPlus-4, Gelu-2, Gelu-7.
#include "engine/ops/elementwise/unary.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace mo::ops::ew {
namespace {

template <class T> T gelu_erf(T x) {
    return T(0.5) * x * (T(1) + std::erf(x / std::numbers::sqrt2_v<T>));
}
template <class T> T gelu_tanh(T x) {
    const T k = std::sqrt(T(2) / std::numbers::pi_v<T>);
    return T(0.5) * x * (T(1) + std::tanh(k * (x + T(0.044715) * x * x * x)));
}
template <class T> T hsigmoid(T x) {
    return std::min(std::max(x + T(3), T(0)), T(6)) / T(6);
}

void register_clamp(OpRegistry& r) {
    r.add(make_op(
        "Clamp", 1, 1, 1, {"min", "max"},
        [](Node& n) {
            const double lo = n.attrs.get_float("min");
            const double hi = n.attrs.get_float("max");
            require(!(lo > hi), "Clamp min " + format_attribute(lo) + " is greater than max " +
                                    format_attribute(hi));
            infer_unary_numeric(n);
        },
        [](const Node& n, std::span<const Tensor> in) {
            const double lo = n.attrs.get_float("min");
            const double hi = n.attrs.get_float("max");
            auto clamp_to = [](auto x, auto a, auto b) { return x < a ? a : (x > b ? b : x); };
            return eval_unary(
                in,
                [=](auto x) {
                    using T = decltype(x);
                    return clamp_to(x, static_cast<T>(lo), static_cast<T>(hi));
                },
                [=](auto x) { // the spec: ceil for min, floor for max
                    using T = decltype(x);
                    return clamp_to(x, saturate_cast<T>(std::ceil(lo)),
                                    saturate_cast<T>(std::floor(hi)));
                });
        }));
}

void register_elu(OpRegistry& r) {
    r.add(make_op(
        "Elu", 1, 1, 1, {"alpha"},
        [](Node& n) {
            n.attrs.get_float("alpha"); // required
            infer_unary_floating(n);
        },
        [](const Node& n, std::span<const Tensor> in) {
            const double alpha = n.attrs.get_float("alpha");
            return eval_unary(
                in,
                [=](auto x) {
                    using T = decltype(x);
                    return x > 0 ? x : static_cast<T>(alpha) * std::expm1(x);
                },
                FloatingOnly{});
        }));
}

void register_soft_plus(OpRegistry& r) {
    r.add(make_op("SoftPlus", 4, 1, 1, {}, infer_unary_floating,
                  [](const Node&, std::span<const Tensor> in) {
                      // Above the threshold log(1 + e^x) equals x within the type's precision.
                      const bool half = !in.empty() && in[0].type() == ElementType::f16;
                      const double threshold = half ? 11.0 : 20.0;
                      return eval_unary(
                          in,
                          [=](auto x) {
                              using T = decltype(x);
                              return x >= static_cast<T>(threshold) ? x : std::log1p(std::exp(x));
                          },
                          FloatingOnly{});
                  }));
}

void register_gelu(OpRegistry& r) {
    auto gelu_erf_kernel = [](auto x) { return gelu_erf(x); };
    add_unary(r, "Gelu", 2, gelu_erf_kernel, FloatingOnly{});
    r.add(make_op(
        "Gelu", 7, 1, 1, {"approximation_mode"},
        [](Node& n) {
            const std::string mode = n.attrs.get_string("approximation_mode", "erf");
            require(mode == "erf" || mode == "tanh",
                    "unknown Gelu approximation_mode '" + mode + "' (expected erf or tanh)");
            infer_unary_floating(n);
        },
        [=](const Node& n, std::span<const Tensor> in) {
            if (n.attrs.get_string("approximation_mode", "erf") == "tanh")
                return eval_unary(
                    in, [](auto x) { return gelu_tanh(x); }, FloatingOnly{});
            return eval_unary(in, gelu_erf_kernel, FloatingOnly{});
        }));
}

} // namespace

void register_activation_ops(OpRegistry& r) {
    add_unary(
        r, "Relu", 1, [](auto x) { return x < 0 ? decltype(x)(0) : x; },
        [](auto x) { return x < 0 ? decltype(x)(0) : x; });
    add_unary(
        r, "Sigmoid", 1, [](auto x) { return 1 / (1 + std::exp(-x)); }, FloatingOnly{});
    add_unary(
        r, "HSigmoid", 5, [](auto x) { return hsigmoid(x); }, FloatingOnly{});
    add_unary(
        r, "HSwish", 4, [](auto x) { return x * hsigmoid(x); }, FloatingOnly{});
    add_unary(
        r, "Mish", 4, [](auto x) { return x * std::tanh(std::log1p(std::exp(x))); },
        FloatingOnly{});
    register_clamp(r);
    register_elu(r);
    register_soft_plus(r);
    register_gelu(r);
}

} // namespace mo::ops::ew
