#pragma once
#include "engine/core/graph.hpp"

#include <map>
#include <string>
#include <vector>

namespace mo {

struct EvalOutput {
    std::string name; // the tensor name of the Result's source (or the Result's own name)
    Tensor value;
};

// Evaluates the graph with the reference kernels. `inputs` maps each Parameter (by its name or
// one of its tensor names) to a value whose type and shape must fit the Parameter. Intermediate
// tensors are released as soon as their last consumer ran. Throws mo::Error naming the node whose
// kernel is missing or failed, or the input that is missing or does not fit.
std::vector<EvalOutput> evaluate(const Graph& graph, const std::map<std::string, Tensor>& inputs);

// Evaluates one node on given inputs with its reference kernel (errors name the node).
std::vector<Tensor> evaluate_node(const Node& node, std::span<const Tensor> inputs);

// The name under which a Result's value is reported.
std::string result_name(const Node& result);

} // namespace mo
