#pragma once
// Helpers of the ONNX translation tests: load a built model, read a node's constant input,
// find a consumer by type.
#include "engine/core/error.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

namespace mo::test {

using Ints = std::vector<std::int64_t>;

inline std::unique_ptr<Graph> load(const ModelBuilder& m) {
    TempDir dir;
    return onnx_fe::load_model(m.save(dir));
}

// The constant feeding input i of n.
inline Tensor const_input(const Node& n, std::size_t i) {
    const Node& p = n.producer(i);
    REQUIRE_MESSAGE(p.is_const(), "input " << i << " of " << n.describe() << " is a " << p.type());
    return p.value;
}

// The one node of `type` that consumes `out`.
inline Node& consumer_of(Output out, const std::string& type) {
    for (const Input& in : out.node->consumers(out.index))
        if (in.node->type() == type) return *in.node;
    throw std::runtime_error("no " + type + " consumer");
}

} // namespace mo::test
