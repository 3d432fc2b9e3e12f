// Unary math: Abs, Acos, Acosh-3, Asin, Asinh-3, Atan, Atanh-3, Ceiling, Cos, Cosh, Erf, Exp,
// Floor, Log, Negative, Round-5, Sign, Sin, Sinh, Sqrt, Tan, Tanh (opset 1 unless noted).
#include "engine/ops/elementwise/unary.hpp"

#include <cmath>
#include <type_traits>

namespace mo::ops::ew {
namespace {

template <class T> T sign_of(T x) {
    if constexpr (std::is_floating_point_v<T>)
        return x > 0 ? T(1) : x < 0 ? T(-1) : x; // NaN stays
    else if constexpr (std::is_signed_v<T>)
        return static_cast<T>((x > 0) - (x < 0));
    else
        return static_cast<T>(x > 0);
}

// Nearest integer, halves to the even neighbour (independent of the FPU rounding mode).
template <class T> T round_half_to_even(T x) {
    if (!std::isfinite(x)) return x;
    const T lower = std::floor(x);
    const T diff = x - lower;
    if (diff < T(0.5)) return lower;
    if (diff > T(0.5)) return lower + 1;
    return std::fmod(lower, T(2)) == 0 ? lower : lower + 1;
}

void register_round(OpRegistry& r) {
    r.add(make_op(
        "Round", 5, 1, 1, {"mode"},
        [](Node& n) {
            const std::string mode = n.attrs.get_string("mode", "half_to_even");
            require(mode == "half_to_even" || mode == "half_away_from_zero",
                    "unknown Round mode '" + mode +
                        "' (expected half_to_even or half_away_from_zero)");
            infer_unary_numeric(n);
        },
        [](const Node& n, std::span<const Tensor> in) {
            if (n.attrs.get_string("mode", "half_to_even") == "half_away_from_zero")
                return eval_unary(
                    in, [](auto x) { return std::round(x); }, identity);
            return eval_unary(
                in, [](auto x) { return round_half_to_even(x); }, identity);
        }));
}

} // namespace

void register_unary_math_ops(OpRegistry& r) {
    add_unary(
        r, "Abs", 1, [](auto x) { return std::abs(x); }, [](auto x) { return abs_wrap(x); });
    add_unary(
        r, "Negative", 1, [](auto x) { return -x; }, [](auto x) { return neg_wrap(x); });
    add_unary(
        r, "Sign", 1, [](auto x) { return sign_of(x); }, [](auto x) { return sign_of(x); });
    add_unary(
        r, "Ceiling", 1, [](auto x) { return std::ceil(x); }, identity);
    add_unary(
        r, "Floor", 1, [](auto x) { return std::floor(x); }, identity);

    auto math = [&r](std::string type, int opset, auto f) {
        add_unary(r, type, opset, f, via_double(f));
    };
    math("Acos", 1, [](auto x) { return std::acos(x); });
    math("Asin", 1, [](auto x) { return std::asin(x); });
    math("Asinh", 3, [](auto x) { return std::asinh(x); });
    math("Atan", 1, [](auto x) { return std::atan(x); });
    math("Cos", 1, [](auto x) { return std::cos(x); });
    math("Cosh", 1, [](auto x) { return std::cosh(x); });
    math("Log", 1, [](auto x) { return std::log(x); });
    math("Sin", 1, [](auto x) { return std::sin(x); });
    math("Sinh", 1, [](auto x) { return std::sinh(x); });
    math("Sqrt", 1, [](auto x) { return std::sqrt(x); });
    math("Tan", 1, [](auto x) { return std::tan(x); });
    math("Tanh", 1, [](auto x) { return std::tanh(x); });

    add_unary(
        r, "Acosh", 3, [](auto x) { return std::acosh(x); }, FloatingOnly{});
    add_unary(
        r, "Atanh", 3, [](auto x) { return std::atanh(x); }, FloatingOnly{});
    add_unary(
        r, "Erf", 1, [](auto x) { return std::erf(x); }, FloatingOnly{});
    add_unary(
        r, "Exp", 1, [](auto x) { return std::exp(x); }, FloatingOnly{});
    register_round(r);
}

} // namespace mo::ops::ew
