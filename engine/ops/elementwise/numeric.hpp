#pragma once
// Scalar building blocks of the element-wise and reduction kernels: type dispatch, integer
// arithmetic that wraps instead of overflowing (signed overflow is undefined behaviour in C++),
// and saturating float -> integer conversion (an out-of-range cast is undefined too).
#include "engine/core/element_type.hpp"
#include "engine/core/error.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace mo::ops::ew {

// Carries a C++ scalar type through a generic lambda: [](auto tag) { using T = typename
// decltype(tag)::type; ... }.
template <class T> struct TypeTag { using type = T; };

[[noreturn]] inline void no_kernel_for(ElementType t) {
    throw Error("no reference kernel for element type " + std::string(to_string(t)));
}

// Floating compute types only (f16/bf16 are computed as f32 by the caller).
template <class F> decltype(auto) visit_floating(ElementType t, F&& f) {
    switch (t) {
    case ElementType::f32:
        return f(TypeTag<float>{});
    case ElementType::f64:
        return f(TypeTag<double>{});
    default:
        no_kernel_for(t);
    }
}

// Every numeric compute type except boolean.
template <class F> decltype(auto) visit_numeric(ElementType t, F&& f) {
    switch (t) {
    case ElementType::f32:
        return f(TypeTag<float>{});
    case ElementType::f64:
        return f(TypeTag<double>{});
    case ElementType::i8:
        return f(TypeTag<std::int8_t>{});
    case ElementType::i16:
        return f(TypeTag<std::int16_t>{});
    case ElementType::i32:
        return f(TypeTag<std::int32_t>{});
    case ElementType::i64:
        return f(TypeTag<std::int64_t>{});
    case ElementType::u8:
        return f(TypeTag<std::uint8_t>{});
    case ElementType::u16:
        return f(TypeTag<std::uint16_t>{});
    case ElementType::u32:
        return f(TypeTag<std::uint32_t>{});
    case ElementType::u64:
        return f(TypeTag<std::uint64_t>{});
    default:
        no_kernel_for(t);
    }
}

// Numeric types plus boolean, which is handed over as its storage type std::uint8_t (0 or 1).
template <class F> decltype(auto) visit_numeric_or_bool(ElementType t, F&& f) {
    if (t == ElementType::boolean) return f(TypeTag<std::uint8_t>{});
    return visit_numeric(t, std::forward<F>(f));
}

// An unsigned type at least as wide as int, so that arithmetic on it never promotes to a
// signed type (uint16 * uint16 would otherwise overflow int).
template <class T>
using wrap_type_t = std::conditional_t<(sizeof(T) < 4), std::uint32_t, std::make_unsigned_t<T>>;

template <class T> constexpr T add_wrap(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a + b;
    else
        return static_cast<T>(static_cast<wrap_type_t<T>>(a) + static_cast<wrap_type_t<T>>(b));
}
template <class T> constexpr T sub_wrap(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a - b;
    else
        return static_cast<T>(static_cast<wrap_type_t<T>>(a) - static_cast<wrap_type_t<T>>(b));
}
template <class T> constexpr T mul_wrap(T a, T b) {
    if constexpr (std::is_floating_point_v<T>)
        return a * b;
    else
        return static_cast<T>(static_cast<wrap_type_t<T>>(a) * static_cast<wrap_type_t<T>>(b));
}
template <class T> constexpr T neg_wrap(T a) {
    return sub_wrap(T{0}, a);
}
template <class T> constexpr T abs_wrap(T a) {
    if constexpr (std::is_floating_point_v<T>)
        return std::abs(a);
    else if constexpr (std::is_signed_v<T>)
        return a < 0 ? neg_wrap(a) : a;
    else
        return a;
}

// Integer division that never traps: x / 0 gives 0 (the specs leave it undefined) and
// MIN / -1 wraps. `floor` rounds the quotient toward negative infinity (Python's //).
template <class T> constexpr T int_divide(T a, T b, bool floor) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
        if (b == -1) return neg_wrap(a);
        T q = static_cast<T>(a / b);
        if (floor && (a % b != 0) && ((a < 0) != (b < 0))) q = static_cast<T>(q - 1);
        return q;
    } else {
        (void)floor;
        return static_cast<T>(a / b);
    }
}

// Remainder of truncated division (sign of the dividend); x % 0 gives 0.
template <class T> constexpr T int_trunc_mod(T a, T b) {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
        if (b == -1) return 0;
    }
    return static_cast<T>(a % b);
}

// Remainder of floored division (sign of the divisor); x % 0 gives 0.
template <class T> constexpr T int_floor_mod(T a, T b) {
    T r = int_trunc_mod(a, b);
    if constexpr (std::is_signed_v<T>) {
        if (r != 0 && ((r < 0) != (b < 0))) r = add_wrap(r, b);
    }
    return r;
}

// a^b for integers by repeated squaring (wrapping). Negative exponents give the integer part of
// 1 / a^|b|: 1 for a == 1, +-1 for a == -1, 0 otherwise (0 for a == 0, which is undefined).
template <class T> constexpr T int_power(T a, T b) {
    if constexpr (std::is_signed_v<T>) {
        if (b < 0) {
            if (a == 1) return 1;
            if (a == -1) return (b % 2 == 0) ? 1 : -1;
            return 0;
        }
    }
    T result = 1;
    T base = a;
    auto e = static_cast<std::make_unsigned_t<T>>(b);
    while (e) {
        if (e & 1u) result = mul_wrap(result, base);
        base = mul_wrap(base, base);
        e >>= 1u;
    }
    return result;
}

// Converts a floating value to T, truncating toward zero and saturating at T's range (NaN gives 0).
template <class T, class F> constexpr T saturate_cast(F v) {
    if constexpr (std::is_floating_point_v<T>) {
        return static_cast<T>(v);
    } else {
        const double d = static_cast<double>(v);
        if (std::isnan(d)) return 0;
        if (d <= static_cast<double>(std::numeric_limits<T>::lowest()))
            return std::numeric_limits<T>::lowest();
        // For 64-bit types max() rounds up to 2^63 / 2^64 in double, which is out of range.
        if (d >= static_cast<double>(std::numeric_limits<T>::max()))
            return std::numeric_limits<T>::max();
        return static_cast<T>(d);
    }
}

// Floating results stored into an integer tensor are rounded to the nearest integer (halves away
// from zero), e.g. Sqrt of an integer tensor.
template <class T> constexpr T round_to(double v) {
    if constexpr (std::is_floating_point_v<T>)
        return static_cast<T>(v);
    else
        return saturate_cast<T>(std::round(v));
}

} // namespace mo::ops::ew
