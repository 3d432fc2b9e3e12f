#pragma once
// Small builders for the movement-family tests: constants, attributes, and reading a node's
// value through Graph::constant_value (which runs shape inference's result through the kernels).
#include "engine/core/graph.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mo::movement_test {

using Ints = std::vector<std::int64_t>;

inline Output i64s(Graph& g, const Ints& v) {
    return g.add_const(Tensor::from_vector<std::int64_t>({static_cast<std::int64_t>(v.size())}, v))
        .output(0);
}
inline Output i64_scalar(Graph& g, std::int64_t v) {
    return g.add_const(Tensor::scalar<std::int64_t>(v)).output(0);
}
inline Output i32s(Graph& g, const std::vector<std::int32_t>& v) {
    return g.add_const(Tensor::from_vector<std::int32_t>({static_cast<std::int64_t>(v.size())}, v))
        .output(0);
}
inline Output f32s(Graph& g, Shape shape, const std::vector<float>& v) {
    return g.add_const(Tensor::from_vector<float>(std::move(shape), v)).output(0);
}
// A float constant 0, 1, 2, ... of the given shape.
inline Output iota_f32(Graph& g, Shape shape) {
    std::vector<float> v(static_cast<std::size_t>(element_count(shape)));
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<float>(i);
    return f32s(g, std::move(shape), v);
}
inline Output param(Graph& g, ElementType t, PartialShape s) {
    return g.add_parameter("p" + std::to_string(g.node_count()), t, std::move(s)).output(0);
}

inline Attributes attrs(std::initializer_list<std::pair<const char*, AttrValue>> list) {
    Attributes a;
    for (const auto& [k, v] : list) a.set(k, v);
    return a;
}

// The computed value of `out` (fails the test when it cannot be computed).
inline Tensor value(const Graph& g, Output out) {
    auto v = g.constant_value(out);
    REQUIRE(v.has_value());
    return *v;
}
inline std::vector<float> floats(const Graph& g, Output out) {
    const Tensor t = value(g, out);
    REQUIRE(t.type() == ElementType::f32);
    auto d = t.data<float>();
    return {d.begin(), d.end()};
}
inline Ints int64s(const Graph& g, Output out) { return value(g, out).to_int64s(); }
inline Shape shape_of(const Graph& g, Output out) { return value(g, out).shape(); }

// The exception message of `f`, or "" when it does not throw mo::Error.
template <class F> std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace mo::movement_test
