#pragma once
// Replacing matched sub-graphs by the operations a replacement config describes.
#include "engine/core/graph.hpp"
#include "engine/replacement/config.hpp"
#include "engine/replacement/match.hpp"

#include <cstddef>
#include <vector>

namespace mo::replacement {

// Puts the entry's replacement in place of one match: the new nodes read the mapped tensors,
// the consumers of the sub-graph's outputs read the new outputs (tensor names and the friendly
// name of the replaced output node move with them), dropped outputs lose their model Results.
// The old nodes stay until the next Graph::sweep().
void replace_match(Graph& graph, const ReplacementEntry& entry, const SubgraphMatch& match);

// Applies every entry in order (each scope instance is matched after the previous one was
// replaced); sweeps. Returns the number of sub-graphs replaced.
std::size_t apply_replacements(Graph& graph, const std::vector<ReplacementEntry>& entries);

} // namespace mo::replacement
