#include "engine/ops/elementwise/common.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace mo::ops::ew {

AutoBroadcast auto_broadcast_of(const Node& node) {
    const std::string mode = node.attrs.get_string("auto_broadcast", "numpy");
    if (mode == "numpy") return AutoBroadcast::numpy;
    if (mode == "none" || mode == "explicit") return AutoBroadcast::none;
    if (mode == "pdpd")
        throw InferenceError("auto_broadcast 'pdpd' is not supported (use 'numpy' or 'none')");
    throw InferenceError("unknown auto_broadcast '" + mode + "' (expected 'numpy' or 'none')");
}

PartialShape broadcast_shapes(const PartialShape& a, const PartialShape& b, AutoBroadcast mode) {
    if (mode == AutoBroadcast::none) {
        if (auto s = merge(a, b)) return std::move(*s);
        throw InferenceError("input shapes " + a.to_string() + " and " + b.to_string() +
                             " differ and auto_broadcast is 'none'");
    }
    if (auto s = broadcast_numpy(a, b)) return std::move(*s);
    throw InferenceError("input shapes " + a.to_string() + " and " + b.to_string() +
                         " are not broadcastable");
}

ElementType merge_input_types(const Node& node, std::size_t i, std::size_t j) {
    const ElementType a = node.input_type(i);
    const ElementType b = node.input_type(j);
    if (a == ElementType::dynamic) return b;
    if (b == ElementType::dynamic || a == b) return a;
    throw InferenceError("inputs have element types " + std::string(to_string(a)) + " and " +
                         std::string(to_string(b)));
}

void require_numeric(ElementType t, std::string_view what) {
    if (t == ElementType::dynamic || is_floating(t) || is_integral(t)) return;
    throw InferenceError("element type of " + std::string(what) + " is " +
                         std::string(to_string(t)) + ", expected a numeric type");
}

void require_floating(ElementType t, std::string_view what) {
    if (t == ElementType::dynamic || is_floating(t)) return;
    throw InferenceError("element type of " + std::string(what) + " is " +
                         std::string(to_string(t)) + ", expected a floating-point type");
}

void require_boolean(ElementType t, std::string_view what) {
    if (t == ElementType::dynamic || t == ElementType::boolean) return;
    throw InferenceError("element type of " + std::string(what) + " is " +
                         std::string(to_string(t)) + ", expected boolean");
}

void require_single_element(const Node& node, std::size_t i, std::string_view what) {
    const PartialShape& s = node.input_shape(i);
    if (!s.is_static()) return;
    if (element_count(s.to_shape()) != 1)
        throw InferenceError(std::string(what) + " must hold one element, got shape " +
                             s.to_string());
}

Shape broadcast_static(const Shape& a, const Shape& b) {
    if (a == b) return a;
    auto s = broadcast_numpy(PartialShape(a), PartialShape(b));
    if (!s)
        throw Error("input shapes " + to_string(a) + " and " + to_string(b) +
                    " are not broadcastable");
    return s->to_shape();
}

Tensor converted(const Tensor& t, ElementType type) {
    // Fast paths for the half types <-> f32 (Tensor::cast goes through double per element).
    const bool half_in = t.type() == ElementType::f16 || t.type() == ElementType::bf16;
    const bool half_out = type == ElementType::f16 || type == ElementType::bf16;
    const std::int64_t n = t.size();
    if (half_in && type == ElementType::f32) {
        Tensor out(type, t.shape());
        float* dst = typed_mut<float>(out);
        const std::byte* src = t.raw();
        const bool bf = t.type() == ElementType::bf16;
        for (std::int64_t i = 0; i < n; ++i) {
            std::uint16_t h;
            std::memcpy(&h, src + 2 * i, 2);
            dst[i] = bf ? bfloat16_to_float(h) : half_to_float(h);
        }
        return out;
    }
    if (half_out && t.type() == ElementType::f32) {
        Tensor out(type, t.shape());
        std::byte* dst = out.mutable_raw();
        const std::byte* src = t.raw();
        const bool bf = type == ElementType::bf16;
        for (std::int64_t i = 0; i < n; ++i) {
            float f;
            std::memcpy(&f, src + 4 * i, 4);
            const std::uint16_t h = bf ? float_to_bfloat16(f) : float_to_half(f);
            std::memcpy(dst + 2 * i, &h, 2);
        }
        return out;
    }
    return t.cast(type);
}

Tensor prepared(const Tensor& t, ElementType type) {
    Tensor c = converted(t, type);
    const std::size_t align = std::max<std::size_t>(byte_size(type), 1);
    if (reinterpret_cast<std::uintptr_t>(c.raw()) % align != 0) return c.clone();
    return c;
}

Tensor normalized_bool(const Tensor& t) {
    Tensor out(ElementType::boolean, t.shape());
    const auto* src = reinterpret_cast<const std::uint8_t*>(t.raw());
    auto* dst = typed_mut<std::uint8_t>(out);
    const std::int64_t n = t.size();
    for (std::int64_t i = 0; i < n; ++i) dst[i] = src[i] != 0 ? 1 : 0;
    return out;
}

void require_input_count(std::span<const Tensor> inputs, std::size_t min, std::size_t max) {
    if (inputs.size() < min || inputs.size() > max)
        throw Error("kernel expects " + std::to_string(min) +
                    (max != min ? ".." + std::to_string(max) : std::string()) + " inputs, got " +
                    std::to_string(inputs.size()));
}

void require_same_type(const Tensor& a, const Tensor& b) {
    if (a.type() != b.type())
        throw Error("inputs have element types " + std::string(to_string(a.type())) + " and " +
                    std::string(to_string(b.type())));
}

double scalar_value(const Tensor& t, std::string_view what) {
    if (t.size() != 1)
        throw Error(std::string(what) + " must hold one element, got shape " +
                    to_string(t.shape()));
    return t.value_as_double(0);
}

} // namespace mo::ops::ew
