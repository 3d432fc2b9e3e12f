#pragma once
// Small helpers shared by the reference kernels and shape inference of all op families.
#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/core/tensor.hpp"

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace mo::ops {

// Row-major strides of a static shape (in elements).
inline std::vector<std::int64_t> row_major_strides(const Shape& shape) {
    std::vector<std::int64_t> s(shape.size(), 1);
    for (std::size_t i = shape.size(); i-- > 1;) s[i - 1] = s[i] * shape[i];
    return s;
}

// Calls f(T{}) with the C++ scalar type of `t`. f16/bf16 are not dispatched here: kernels compute
// them in f32 (see as_compute_type / from_compute_type).
template <class F> decltype(auto) dispatch_numeric(ElementType t, F&& f) {
    switch (t) {
    case ElementType::f32: return f(float{});
    case ElementType::f64: return f(double{});
    case ElementType::i8: return f(std::int8_t{});
    case ElementType::i16: return f(std::int16_t{});
    case ElementType::i32: return f(std::int32_t{});
    case ElementType::i64: return f(std::int64_t{});
    case ElementType::u8: return f(std::uint8_t{});
    case ElementType::u16: return f(std::uint16_t{});
    case ElementType::u32: return f(std::uint32_t{});
    case ElementType::u64: return f(std::uint64_t{});
    case ElementType::boolean: return f(bool{});
    default: throw Error("no reference kernel for element type " + std::string(to_string(t)));
    }
}

// f16/bf16 tensors are computed in f32; other types as they are.
inline ElementType compute_type(ElementType t) {
    return t == ElementType::f16 || t == ElementType::bf16 ? ElementType::f32 : t;
}
inline Tensor as_compute_type(const Tensor& t) { return t.cast(compute_type(t.type())); }

// The constant value of input i of `node` as int64s, or nullopt when it is not computable.
inline std::optional<std::vector<std::int64_t>> const_ints(const Node& node, std::size_t i) {
    auto v = node.graph().constant_value(node.input(i));
    if (!v) return std::nullopt;
    return v->to_int64s();
}

// Builds an OpDef.
inline OpDef make_op(std::string type, int opset, std::size_t min_inputs, std::size_t max_inputs,
                     std::vector<std::string> attributes, InferFn infer, EvalFn eval = {},
                     std::size_t outputs = 1) {
    OpDef d;
    d.type = std::move(type);
    d.opset = opset;
    d.min_inputs = min_inputs;
    d.max_inputs = max_inputs;
    d.outputs = outputs;
    d.attributes = std::move(attributes);
    d.infer = std::move(infer);
    d.eval = std::move(eval);
    return d;
}

// Throws InferenceError when `cond` is false.
inline void require(bool cond, const std::string& message) {
    if (!cond) throw InferenceError(message);
}
// The same with the message built only on failure, for checks that run on every inferred node:
// require(a == b, [&] { return "..." + std::to_string(a); }).
template <std::invocable MakeMessage> void require(bool cond, MakeMessage&& make_message) {
    if (!cond) throw InferenceError(std::forward<MakeMessage>(make_message)());
}

} // namespace mo::ops
