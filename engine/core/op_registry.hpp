#pragma once
#include "engine/core/tensor.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mo {

class Node;

// Shape and type inference: reads the node's inputs (types, shapes, and constant values through
// node.graph().constant_value) and attributes, then calls node.set_output_count/set_output.
// Throws InferenceError with a message that does not need to name the node (Graph adds that).
using InferFn = std::function<void(Node& node)>;
// Reference evaluation: one tensor per output from one tensor per input.
using EvalFn = std::function<std::vector<Tensor>(const Node& node, std::span<const Tensor> inputs)>;

// What the engine knows of one operation version.
struct OpDef {
    std::string type; // "Convolution"
    int opset = 1;    // version: the N of version="opsetN" in the IR
    std::size_t min_inputs = 0;
    std::size_t max_inputs = 0;
    std::size_t outputs = 1;             // initial output count (inference may change it)
    std::vector<std::string> attributes; // every attribute the spec names, in the spec's order
    InferFn infer;
    EvalFn eval; // empty when there is no reference kernel yet
};

class OpRegistry {
public:
    void add(OpDef def);
    // Exact version.
    const OpDef* find(std::string_view type, int opset) const;
    // Newest registered version.
    const OpDef* latest(std::string_view type) const;
    // Newest version not newer than max_opset (for IR v10, max_opset = 7).
    const OpDef* latest_up_to(std::string_view type, int max_opset) const;
    std::vector<const OpDef*> all() const;

private:
    std::map<std::string, std::map<int, OpDef>, std::less<>> defs_;
};

// The registry with every operation of the engine (built on first use).
const OpRegistry& op_registry();

// Implemented in engine/ops: registers each family of operations.
void register_all_ops(OpRegistry& registry);

} // namespace mo
