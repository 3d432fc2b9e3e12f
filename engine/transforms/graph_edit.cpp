#include "engine/transforms/graph_edit.hpp"

#include "engine/core/error.hpp"

#include <algorithm>

namespace mo::transforms {

void remove_result(Graph& graph, Node& result) {
    if (result.type() != "Result") throw Error("internal: remove_result on " + result.describe());
    // Graph::results() hands out a const view of its own (non-const) member vector; erasing
    // through it is well defined because `graph` itself is not const. Sweep then frees the node.
    auto& results = const_cast<std::vector<Node*>&>(graph.results());
    std::erase(results, &result);
}

void redirect_consumers(Graph& graph, Output from, Output to,
                        const std::vector<const Node*>& except) {
    const auto consumers = from.node->consumers(from.index); // copy: edited below
    for (const Input& in : consumers)
        if (std::find(except.begin(), except.end(), in.node) == except.end())
            graph.set_input(*in.node, in.index, to);
}

void set_parameter(Node& parameter, ElementType type, PartialShape shape) {
    parameter.attrs.set("element_type", std::string(to_string(type)));
    parameter.set_output(0, type, std::move(shape));
}

Node& freeze_parameter(Graph& graph, Node& parameter, Tensor value) {
    Node& constant = graph.add_const(std::move(value), parameter.name);
    graph.replace_uses(parameter.output(0), constant.output(0));
    graph.move_names(parameter.output(0), constant.output(0));
    graph.remove_parameter(parameter);
    return constant;
}

void drop_unused_parameters(Graph& graph) {
    graph.sweep();
    const auto parameters = graph.parameters(); // copy: edited below
    for (Node* p : parameters)
        if (p->use_count() == 0) graph.remove_parameter(*p);
    graph.sweep();
}

} // namespace mo::transforms
