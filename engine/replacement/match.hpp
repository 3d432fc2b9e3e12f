#pragma once
// Finding the sub-graphs a replacement config entry describes.
#include "engine/core/graph.hpp"
#include "engine/replacement/config.hpp"

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace mo::replacement {

// One matched sub-graph with its boundary.
struct SubgraphMatch {
    std::string instance;     // the scope pattern, or "start -> end" for points
    std::vector<Node*> nodes; // in creation order
    std::unordered_set<const Node*> members;
    std::vector<Output> inputs;  // tensors from outside read inside, in order
    std::vector<Output> outputs; // tensors from inside read outside, in order

    bool contains(const Node* n) const { return members.count(n) > 0; }
};

// scope: one match per instance pattern that matches at least one node (a node belongs when
// its name starts with a match of the regex; Parameters and Results never belong).
// points: the MO's traversal: forward from the start points (stopping at end points and at nodes
// without consumers), then backward from every non-start node; every end point must be reached
// and no Parameter may be pulled in. With include_inputs_to_sub_graph /
// include_outputs_to_sub_graph false, the start / end nodes themselves stay outside. The boundary's
// order follows the entry's "inputs"/"outputs" when given, otherwise the order in which sub-graph
// nodes (by creation) read / produce the tensors. Errors are mo::Error prefixed with the entry's
// label.
std::vector<SubgraphMatch> match_entry(const Graph& graph, const ReplacementEntry& entry);

// The match of one scope pattern of `entry` (nullopt when no node matches it).
std::optional<SubgraphMatch> match_scope_instance(const Graph& graph, const ReplacementEntry& entry,
                                                  const std::string& pattern);

} // namespace mo::replacement
