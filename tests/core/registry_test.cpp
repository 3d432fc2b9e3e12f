// Properties every registered operation must have, checked over the whole registry: wrong arity is
// an InferenceError naming the node, and inference on unusual but legal inputs (dynamic shapes,
// scalars, other element types) either succeeds or throws mo::Error: never crashes or throws
// anything else. Op-specific results are tested per family in tests/ops/.
#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"
#include "engine/core/op_registry.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace mo;

namespace {

// Builds one node of `def` on fresh Parameters; reports anything that is not a mo::Error.
std::string try_build(const OpDef& def, std::size_t inputs, ElementType type,
                      const PartialShape& shape) {
    Graph g;
    std::vector<Output> in;
    for (std::size_t i = 0; i < inputs; ++i)
        in.push_back({&g.add_parameter("p" + std::to_string(i), type, shape), 0});
    try {
        g.add(def.type, def.opset, in, {}, "probe");
    } catch (const Error&) {
        return {};
    } catch (const std::exception& e) {
        return def.type + "-" + std::to_string(def.opset) + ": " + e.what();
    }
    return {};
}

} // namespace

TEST_CASE("registry: the ops the front-ends and rules rely on are registered") {
    const OpRegistry& r = op_registry();
    for (const char* type :
         {"Convolution", "GroupConvolution", "MatMul", "Add", "Multiply", "Relu", "MaxPool",
          "AvgPool", "Concat", "Reshape", "Transpose", "Gather", "Softmax", "ShapeOf",
          "StridedSlice", "Interpolate", "BatchNormInference", "Convert", "Select"})
        CHECK_MESSAGE(r.latest(type) != nullptr, type);
    CHECK(r.find("Convolution", 1) != nullptr);
    CHECK(r.find("Convolution", 2) == nullptr); // versions are exact
    CHECK(r.latest("NoSuchOperation") == nullptr);
}

TEST_CASE("registry: every op declares its attributes and arity consistently") {
    for (const OpDef* def : op_registry().all()) {
        CAPTURE(def->type);
        CAPTURE(def->opset);
        CHECK(def->opset >= 1);
        CHECK(def->min_inputs <= def->max_inputs);
        CHECK(static_cast<bool>(def->infer));
    }
}

TEST_CASE("registry: too few or too many inputs is an InferenceError naming the node") {
    for (const OpDef* def : op_registry().all()) {
        CAPTURE(def->type);
        CAPTURE(def->opset);
        if (def->type == "Parameter" || def->type == "Const") continue; // built by their own calls
        if (def->min_inputs > 0) {
            Graph g;
            std::vector<Output> in;
            for (std::size_t i = 0; i + 1 < def->min_inputs; ++i)
                in.push_back(
                    {&g.add_parameter("p" + std::to_string(i), ElementType::f32, {2, 2}), 0});
            try {
                g.add(def->type, def->opset, in, {}, "short_node");
                FAIL("accepted too few inputs");
            } catch (const Error& e) {
                CHECK(std::string(e.what()).find("short_node") != std::string::npos);
            }
        }
        if (def->max_inputs < 64) {
            Graph g;
            std::vector<Output> in;
            for (std::size_t i = 0; i < def->max_inputs + 1; ++i)
                in.push_back(
                    {&g.add_parameter("p" + std::to_string(i), ElementType::f32, {2, 2}), 0});
            CHECK_THROWS_AS(g.add(def->type, def->opset, in, {}, "long_node"), Error);
        }
    }
}

TEST_CASE("registry: inference on odd inputs fails cleanly or succeeds, for every op") {
    const std::vector<std::pair<ElementType, PartialShape>> probes = {
        {ElementType::f32, PartialShape{1, 3, 8, 8}},
        {ElementType::f32, PartialShape::dynamic()},
        {ElementType::f32, PartialShape{}},
        {ElementType::i64, PartialShape{4}},
        {ElementType::boolean, PartialShape{2, -1}},
        {ElementType::f16, PartialShape{0, 3}},
        {ElementType::u8, PartialShape{-1, -1, -1, -1}},
    };
    for (const OpDef* def : op_registry().all()) {
        if (def->type == "Parameter" || def->type == "Const") continue;
        for (std::size_t n = def->min_inputs;
             n <= std::min<std::size_t>(def->max_inputs, def->min_inputs + 2); ++n)
            for (const auto& [type, shape] : probes) {
                const std::string bad = try_build(*def, n, type, shape);
                CHECK_MESSAGE(bad.empty(), bad);
            }
    }
}
