#pragma once
// Resolving user-given names (--input, --output, replacement configs) against the graph: node
// friendly names first, then tensor names; unknown names fail with a list of close matches.
#include "engine/core/graph.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace mo::transforms {

// The first live node whose friendly name is `name`, or nullptr.
Node* find_node(const Graph& graph, std::string_view name);
// The output port carrying tensor name `name`, or an empty Output.
Output find_tensor(const Graph& graph, std::string_view name);

// Up to three node or tensor names that look like `name` ("'conv1', 'conv_1'"), or "".
std::string close_matches(const Graph& graph, std::string_view name);
// Throws mo::Error "<context>: no node or tensor named 'x' (close matches: ...)".
[[noreturn]] void fail_unknown_name(const Graph& graph, std::string_view context,
                                    std::string_view name);

// Where a user's reference points to.
struct GraphPoint {
    enum class Kind { node, input_port, output_port };
    Kind kind = Kind::node;
    Node* node = nullptr;
    std::size_t port = 0;
};

// Resolves the MO's port syntax: "name" (a node, or a tensor name = an output port),
// "P:name" (input port P of node name), "name:P" (output port P of node name). A name that
// exists as written wins over a port reading of it. Throws mo::Error prefixed with `context`.
GraphPoint resolve_point(const Graph& graph, std::string_view ref, std::string_view context);

} // namespace mo::transforms
