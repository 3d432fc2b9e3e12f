#pragma once
// Cutting a model at new inputs and outputs (--input / --output), as the MO's "Cutting Off Parts
// of a Model" describes: new Parameters feed the cut edges, new Results read the named outputs,
// and everything no longer between them is swept away.
#include "engine/core/graph.hpp"

#include <string_view>
#include <vector>

namespace mo::transforms {

// Input port `port` of `node` reads a new Parameter "<node>/placeholder_port_<port>" with the
// type and shape of the edge it replaces.
Node& cut_input_edge(Graph& graph, Node& node, std::size_t port);
// Every consumer of output `port` of `node` reads a new Parameter
// "<node>/placeholder_out_port_<port>", which also takes the port's tensor names.
Node& cut_output_port(Graph& graph, Node& node, std::size_t port);
// A new Parameter for every input port of `node` whose value is not a constant.
std::vector<Node*> cut_before_node(Graph& graph, Node& node);

// The model's outputs become exactly `outputs`, in that order (old Results go; a Result that
// already read one of them keeps its name). Unreachable nodes are swept.
void set_model_outputs(Graph& graph, const std::vector<Output>& outputs);

// The model input a user reference ("data", "0:conv", "conv:1") denotes after cutting, or
// nullptr: a Parameter with that name or tensor name, or the Parameter a cut made for it.
Node* find_input_parameter(const Graph& graph, std::string_view ref);

} // namespace mo::transforms
