#include "engine/core/element_type.hpp"

#include <array>
#include <utility>

namespace mo {
namespace {
constexpr std::array<std::pair<ElementType, std::string_view>, 16> kNames{{
    {ElementType::dynamic, "dynamic"},
    {ElementType::boolean, "boolean"},
    {ElementType::f16, "f16"},
    {ElementType::bf16, "bf16"},
    {ElementType::f32, "f32"},
    {ElementType::f64, "f64"},
    {ElementType::i8, "i8"},
    {ElementType::i16, "i16"},
    {ElementType::i32, "i32"},
    {ElementType::i64, "i64"},
    {ElementType::u8, "u8"},
    {ElementType::u16, "u16"},
    {ElementType::u32, "u32"},
    {ElementType::u64, "u64"},
    {ElementType::u1, "u1"},
    {ElementType::string, "string"},
}};
} // namespace

std::string_view to_string(ElementType t) {
    for (const auto& [type, name] : kNames)
        if (type == t) return name;
    return "undefined";
}

std::optional<ElementType> element_type_from_string(std::string_view name) {
    for (const auto& [type, n] : kNames)
        if (n == name) return type;
    return std::nullopt;
}

std::size_t byte_size(ElementType t) {
    switch (t) {
    case ElementType::boolean:
    case ElementType::i8:
    case ElementType::u8:
    case ElementType::u1:
        return 1;
    case ElementType::f16:
    case ElementType::bf16:
    case ElementType::i16:
    case ElementType::u16:
        return 2;
    case ElementType::f32:
    case ElementType::i32:
    case ElementType::u32:
        return 4;
    case ElementType::f64:
    case ElementType::i64:
    case ElementType::u64:
        return 8;
    case ElementType::dynamic:
    case ElementType::string:
        return 0;
    }
    return 0;
}

bool is_floating(ElementType t) {
    return t == ElementType::f16 || t == ElementType::bf16 || t == ElementType::f32 ||
           t == ElementType::f64;
}

bool is_integral(ElementType t) {
    switch (t) {
    case ElementType::i8:
    case ElementType::i16:
    case ElementType::i32:
    case ElementType::i64:
    case ElementType::u8:
    case ElementType::u16:
    case ElementType::u32:
    case ElementType::u64:
        return true;
    default:
        return false;
    }
}

bool is_signed(ElementType t) {
    return is_floating(t) || t == ElementType::i8 || t == ElementType::i16 ||
           t == ElementType::i32 || t == ElementType::i64;
}

} // namespace mo
