#include "engine/eval/evaluator.hpp"

#include "engine/core/error.hpp"
#include "engine/core/op_registry.hpp"

#include <algorithm>
#include <unordered_map>

namespace mo {
namespace {

const Tensor* find_input(const Node& param, const std::map<std::string, Tensor>& inputs) {
    if (auto it = inputs.find(param.name); it != inputs.end()) return &it->second;
    for (const auto& n : param.port(0).names)
        if (auto it = inputs.find(n); it != inputs.end()) return &it->second;
    return nullptr;
}

void check_fits(const Node& param, const Tensor& value) {
    const PortInfo& port = param.port(0);
    if (value.type() != port.type)
        throw Error("input '" + param.name + "' has element type " +
                    std::string(to_string(value.type())) + ", the model expects " +
                    std::string(to_string(port.type)));
    const PartialShape& s = port.shape;
    bool ok = !s.rank_known() || s.rank() == value.shape().size();
    for (std::size_t i = 0; ok && s.rank_known() && i < s.rank(); ++i)
        ok = s[i] < 0 || s[i] == value.shape()[i];
    if (!ok)
        throw Error("input '" + param.name + "' has shape " + to_string(value.shape()) +
                    ", the model expects " + s.to_string());
}

} // namespace

std::string result_name(const Node& result) {
    const Output src = result.input(0);
    const auto& names = src.node->port(src.index).names;
    // The model's own output name: a Result is named "<output>/sink_port_0" after the tensor it
    // returns. When a removed node (Dropout, Identity) left several names on the port, that one
    // is the output's name, not whichever name comes first.
    static constexpr std::string_view suffix = "/sink_port_0";
    const std::string& own = result.name;
    if (own.size() > suffix.size() && own.ends_with(suffix)) {
        const std::string stem = own.substr(0, own.size() - suffix.size());
        if (std::find(names.begin(), names.end(), stem) != names.end()) return stem;
    }
    return names.empty() ? result.name : names.front();
}

std::vector<Tensor> evaluate_node(const Node& node, std::span<const Tensor> inputs) {
    if (!node.def() || !node.def()->eval)
        throw Error(node.describe() + ": no reference kernel for " + node.type() + "-" +
                    std::to_string(node.opset()));
    try {
        return node.def()->eval(node, inputs);
    } catch (const Error& e) {
        throw Error(node.describe() + ": " + e.what());
    }
}

std::vector<EvalOutput> evaluate(const Graph& graph, const std::map<std::string, Tensor>& inputs) {
    std::unordered_map<const Node*, std::vector<Tensor>> values;
    std::unordered_map<const Node*, std::size_t> remaining_uses;
    std::unordered_map<const Node*, Tensor> result_values;
    for (Node* node : graph.topological_order()) {
        std::vector<Tensor> args;
        args.reserve(node->input_count());
        for (const Output& in : node->inputs()) args.push_back(values.at(in.node).at(in.index));
        if (node->type() == "Parameter") {
            const Tensor* v = find_input(*node, inputs);
            if (!v) throw Error("no value given for model input '" + node->name + "'");
            check_fits(*node, *v);
            values[node] = {*v};
        } else if (node->type() == "Result") {
            result_values[node] = args.at(0);
        } else {
            values[node] = evaluate_node(*node, args);
        }
        remaining_uses[node] = node->use_count();
        // Release inputs whose every consumer has run.
        for (const Output& in : node->inputs())
            if (--remaining_uses[in.node] == 0) values.erase(in.node);
    }
    // In the model's output order.
    std::vector<EvalOutput> outputs;
    for (const Node* r : graph.results()) outputs.push_back({result_name(*r), result_values.at(r)});
    return outputs;
}

} // namespace mo
