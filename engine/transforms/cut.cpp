#include "engine/transforms/cut.hpp"

#include "engine/core/error.hpp"
#include "engine/transforms/graph_edit.hpp"
#include "engine/transforms/name_lookup.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>

namespace mo::transforms {
namespace {

Node& new_parameter(Graph& graph, std::string name, Output source) {
    if (Node* existing = find_node(graph, name); existing && existing->type() == "Parameter")
        throw Error("--input: the input '" + name + "' is cut twice");
    return graph.add_parameter(std::move(name), source.type(), source.shape());
}

std::optional<std::size_t> as_port(std::string_view text) {
    std::size_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return v;
}

Node* parameter_named(const Graph& graph, std::string_view name) {
    for (Node* p : graph.parameters())
        if (p->name == name) return p;
    return nullptr;
}

} // namespace

Node& cut_input_edge(Graph& graph, Node& node, std::size_t port) {
    Node& parameter = new_parameter(graph, node.name + "/placeholder_port_" + std::to_string(port),
                                    node.input(port));
    graph.set_input(node, port, parameter.output(0));
    return parameter;
}

Node& cut_output_port(Graph& graph, Node& node, std::size_t port) {
    Node& parameter = new_parameter(
        graph, node.name + "/placeholder_out_port_" + std::to_string(port), node.output(port));
    graph.replace_uses(node.output(port), parameter.output(0));
    graph.move_names(node.output(port), parameter.output(0));
    return parameter;
}

std::vector<Node*> cut_before_node(Graph& graph, Node& node) {
    std::vector<Node*> created;
    for (std::size_t i = 0; i < node.input_count(); ++i)
        if (!graph.constant_value(node.input(i)))
            created.push_back(&cut_input_edge(graph, node, i));
    if (created.empty())
        throw Error("--input: every input of " + node.describe() +
                    " is a constant, so there is nothing to feed; name a node that reads data");
    return created;
}

void set_model_outputs(Graph& graph, const std::vector<Output>& outputs) {
    const auto old_results = graph.results(); // copy: edited below
    std::vector<std::string> names;
    for (const Output& out : outputs) {
        std::string name;
        for (Node* r : old_results)
            if (r->input(0) == out) name = r->name;
        names.push_back(name);
    }
    for (Node* r : old_results) remove_result(graph, *r);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const Output& out = outputs[i];
        if (out.node->type() == "Result")
            throw Error("--output: internal: a Result cannot be an output source");
        std::string name = names[i].empty()
                               ? out.node->name + "/sink_port_" + std::to_string(out.index)
                               : names[i];
        graph.add_result(out, std::move(name));
    }
    graph.sweep();
}

Node* find_input_parameter(const Graph& graph, std::string_view ref) {
    for (Node* p : graph.parameters()) {
        if (p->name == ref) return p;
        const auto& names = p->port(0).names;
        if (std::find(names.begin(), names.end(), ref) != names.end()) return p;
    }
    if (auto c = ref.find(':'); c != std::string_view::npos) {
        if (auto port = as_port(ref.substr(0, c)))
            if (Node* p = parameter_named(graph, std::string(ref.substr(c + 1)) +
                                                     "/placeholder_port_" + std::to_string(*port)))
                return p;
    }
    if (auto c = ref.rfind(':'); c != std::string_view::npos) {
        if (auto port = as_port(ref.substr(c + 1)))
            if (Node* p =
                    parameter_named(graph, std::string(ref.substr(0, c)) +
                                               "/placeholder_out_port_" + std::to_string(*port)))
                return p;
    }
    // "conv" cut before a node with one data input.
    Node* only = nullptr;
    const std::string prefix = std::string(ref) + "/placeholder_port_";
    for (Node* p : graph.parameters()) {
        if (p->name.rfind(prefix, 0) != 0) continue;
        if (only) return nullptr; // ambiguous: several inputs were cut
        only = p;
    }
    return only;
}

} // namespace mo::transforms
