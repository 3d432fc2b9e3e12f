#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mo {

// Element types, spelled in the IR as the lower-case names returned by to_string().
enum class ElementType : std::uint8_t {
    dynamic, // unknown yet
    boolean,
    f16,
    bf16,
    f32,
    f64,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    u1,
    string, // frontend-only (ONNX string tensors); never emitted
};

std::string_view to_string(ElementType t);
std::optional<ElementType> element_type_from_string(std::string_view name);
// Bytes per element; 0 for dynamic/string, 1 for u1 (packed types are not supported in tensors).
std::size_t byte_size(ElementType t);
bool is_floating(ElementType t);
bool is_integral(ElementType t); // signed or unsigned integers, not boolean
bool is_signed(ElementType t);

// Maps a C++ scalar type to its element type (for typed tensor access).
template <class T> constexpr ElementType element_type_of();
template <> constexpr ElementType element_type_of<float>() {
    return ElementType::f32;
}
template <> constexpr ElementType element_type_of<double>() {
    return ElementType::f64;
}
template <> constexpr ElementType element_type_of<std::int8_t>() {
    return ElementType::i8;
}
template <> constexpr ElementType element_type_of<std::int16_t>() {
    return ElementType::i16;
}
template <> constexpr ElementType element_type_of<std::int32_t>() {
    return ElementType::i32;
}
template <> constexpr ElementType element_type_of<std::int64_t>() {
    return ElementType::i64;
}
template <> constexpr ElementType element_type_of<std::uint8_t>() {
    return ElementType::u8;
}
template <> constexpr ElementType element_type_of<std::uint16_t>() {
    return ElementType::u16;
}
template <> constexpr ElementType element_type_of<std::uint32_t>() {
    return ElementType::u32;
}
template <> constexpr ElementType element_type_of<std::uint64_t>() {
    return ElementType::u64;
}
template <> constexpr ElementType element_type_of<bool>() {
    return ElementType::boolean;
}

} // namespace mo
