#pragma once
// Helpers of the nn op tests: build one node over constant inputs, infer and evaluate it.
#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace nntest {

using mo::Attributes;
using mo::AttrValue;
using mo::ElementType;
using mo::PartialShape;
using mo::Shape;
using mo::Tensor;
using Ints = std::vector<std::int64_t>;

inline Attributes attrs(std::initializer_list<std::pair<const char*, AttrValue>> list) {
    Attributes a;
    for (const auto& [k, v] : list) a.set(k, v);
    return a;
}

inline Tensor f32(Shape shape, const std::vector<float>& v) {
    return Tensor::from_vector<float>(std::move(shape), v);
}
inline Tensor i64(Shape shape, const std::vector<std::int64_t>& v) {
    return Tensor::from_vector<std::int64_t>(std::move(shape), v);
}

// One op over constant inputs (so that inference sees constant k/axes/sizes inputs).
struct OneOp {
    mo::Graph graph;
    mo::Node* node = nullptr;
    std::vector<Tensor> inputs;

    OneOp(const std::string& type, int opset, std::vector<Tensor> in, Attributes a = {})
        : inputs(std::move(in)) {
        std::vector<mo::Output> outs;
        for (const auto& t : inputs) outs.push_back(graph.add_const(t).output(0));
        node = &graph.add(type, opset, outs, std::move(a));
    }
    std::vector<Tensor> run() const { return mo::evaluate_node(*node, inputs); }
    PartialShape shape(std::size_t i = 0) const { return node->output_shape(i); }
};

// Shape inference only, over Parameters of the given shapes (all f32 unless given).
inline PartialShape infer_shape(const std::string& type, int opset,
                                std::vector<PartialShape> shapes, Attributes a,
                                std::size_t out = 0) {
    mo::Graph g;
    std::vector<mo::Output> outs;
    int i = 0;
    for (auto& s : shapes)
        outs.push_back(g.add_parameter("p" + std::to_string(i++), ElementType::f32, s).output(0));
    return g.add(type, opset, outs, std::move(a)).output_shape(out);
}

inline std::string infer_error(const std::string& type, int opset, std::vector<Tensor> in,
                               Attributes a = {}) {
    try {
        OneOp op(type, opset, std::move(in), std::move(a));
    } catch (const mo::Error& e) {
        return e.what();
    }
    return "<no error>";
}

inline void check_values(const Tensor& t, const std::vector<double>& expected, double tol = 1e-5) {
    const auto got = t.to_doubles();
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("element " << i << ": got " << got[i] << ", expected " << expected[i]);
        CHECK(std::abs(got[i] - expected[i]) <= tol * (1.0 + std::abs(expected[i])));
    }
}

inline bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

} // namespace nntest
