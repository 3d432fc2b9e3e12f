#pragma once
// A cheap producers-first order of the nodes that the model's Results depend on (plus the
// Parameters): an iterative depth-first walk over inputs, deterministic for a given graph. The
// rewrite driver and constant folding use it instead of Graph::topological_order, whose heap and
// hash map cost too much per node on million-node graphs. When creation order is already
// topological (Graph::creation_order_is_topological) it is returned as is, unreachable nodes
// included.
#include "engine/core/graph.hpp"

#include <cstdint>
#include <vector>

namespace mo::rules {

std::vector<Node*> producers_first(const Graph& graph);
// The same into `order`, with `state` as scratch: callers that walk often keep both buffers
// (large short-lived buffers are costly to free with glibc once many small blocks were freed).
void producers_first(const Graph& graph, std::vector<Node*>& order,
                     std::vector<std::uint8_t>& state);

} // namespace mo::rules
