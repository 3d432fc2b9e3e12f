#pragma once
// Small graph edits shared by the conversion options and the replacement configs.
#include "engine/core/graph.hpp"

#include <vector>

namespace mo::transforms {

// Removes a Result from the model outputs; the node goes away at the next Graph::sweep().
// (Graph has remove_parameter but no remove_result; see graph_edit.cpp.)
void remove_result(Graph& graph, Node& result);

// Points every consumer of `from` except the nodes in `except` at `to`.
void redirect_consumers(Graph& graph, Output from, Output to,
                        const std::vector<const Node*>& except);

// Changes a Parameter's element type and/or shape (keeps its element_type attribute in step).
void set_parameter(Node& parameter, ElementType type, PartialShape shape);

// Replaces a Parameter by a Const holding `value`: consumers read the constant, tensor names
// move to it, the Parameter leaves the model inputs. Returns the Const.
Node& freeze_parameter(Graph& graph, Node& parameter, Tensor value);

// Removes model inputs that nothing reads any more (after cutting), then sweeps.
void drop_unused_parameters(Graph& graph);

} // namespace mo::transforms
