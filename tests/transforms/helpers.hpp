#pragma once
// Small hand-built graphs and argument helpers for the conversion-option tests.
#include "cli/plan.hpp"
#include "engine/core/graph.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace mo::test {

// The conversion plan of these flags (for a model.onnx that need not exist).
inline cli::ConversionPlan args(std::vector<std::string> list) {
    list.insert(list.begin(), {"--input_model", "model.onnx"});
    return cli::parse_conversion_plan(list);
}

inline Tensor f32(Shape shape, std::vector<float> values) {
    return Tensor::from_vector<float>(std::move(shape), values);
}

// Values 0, 1, 2, ... scaled by `step`.
inline Tensor ramp(Shape shape, float step = 1.0f, float start = 0.0f) {
    Tensor t(ElementType::f32, shape);
    auto d = t.mutable_data<float>();
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = start + step * static_cast<float>(i);
    return t;
}

inline Attributes conv_attrs() {
    Attributes a;
    a.set("strides", std::vector<std::int64_t>{1, 1});
    a.set("dilations", std::vector<std::int64_t>{1, 1});
    a.set("pads_begin", std::vector<std::int64_t>{0, 0});
    a.set("pads_end", std::vector<std::int64_t>{0, 0});
    a.set("auto_pad", "explicit");
    return a;
}

// data[1,3,2,2] -> Relu "relu" -> Convolution "conv" (1x1, 3->2 channels) -> Add "bias" -> Result
//            \-> Sigmoid "side" -> Result                    (two model outputs)
struct ConvModel {
    Graph g;
    Node* data = nullptr;
    Node* relu = nullptr;
    Node* conv = nullptr;
    Node* bias = nullptr;
    Node* side = nullptr;
    ConvModel() {
        data = &g.add_parameter("data", ElementType::f32, PartialShape({1, 3, 2, 2}));
        data->port(0).names = {"data"};
        relu = &g.add("Relu", 1, {data->output(0)}, {}, "relu");
        relu->port(0).names = {"relu_out"};
        // weights [2,3,1,1]: out0 = c0 + c1 + c2, out1 = c0 - c2
        Node& w = g.add_const(f32({2, 3, 1, 1}, {1, 1, 1, 1, 0, -1}), "conv/weights");
        conv = &g.add("Convolution", 1, {relu->output(0), w.output(0)}, conv_attrs(), "conv");
        Node& b = g.add_const(f32({1, 2, 1, 1}, {10, 20}), "bias/value");
        bias = &g.add("Add", 1, {conv->output(0), b.output(0)}, {}, "bias");
        bias->port(0).names = {"logits"};
        g.add_result(bias->output(0), "logits/sink");
        side = &g.add("Sigmoid", 1, {data->output(0)}, {}, "side");
        side->port(0).names = {"side_out"};
        g.add_result(side->output(0), "side/sink");
    }
};

inline std::map<std::string, Tensor> outputs_of(const Graph& g,
                                                const std::map<std::string, Tensor>& inputs) {
    std::map<std::string, Tensor> out;
    for (auto& r : evaluate(g, inputs)) out[r.name] = r.value;
    return out;
}

inline void check_close(const Tensor& actual, const std::vector<double>& expected,
                        double tol = 1e-5) {
    REQUIRE(actual.size() == static_cast<std::int64_t>(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i)
        CHECK(actual.value_as_double(static_cast<std::int64_t>(i)) ==
              doctest::Approx(expected[i]).epsilon(tol));
}

inline std::size_t count_type(const Graph& g, std::string_view type) {
    std::size_t n = 0;
    for (Node* node : g.nodes()) n += node->type() == type;
    return n;
}

} // namespace mo::test
