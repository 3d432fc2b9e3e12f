#pragma once
// Replacing matched sub-graphs by the operations a replacement config describes.
#include "engine/core/graph.hpp"
#include "engine/replacement/config.hpp"
#include "engine/replacement/match.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace mo::replacement {

// Runs the rule named `rule` ({"replacement": {"rule": NAME}}) on the nodes of `scope` only, or on
// the whole graph when `scope` is null ("general" entries). Returns how often it fired; throws
// mo::Error for an unknown rule. Provided by the caller (the rules engine lives above this one).
using RuleRunner = std::function<std::size_t(Graph& graph, const std::string& rule,
                                             const std::vector<Node*>* scope)>;

// Puts the entry's replacement in place of one match: the new nodes read the mapped tensors,
// the consumers of the sub-graph's outputs read the new outputs (tensor names and the friendly
// name of the replaced output node move with them), dropped outputs lose their model Results.
// The old nodes stay until the next Graph::sweep().
void replace_match(Graph& graph, const ReplacementEntry& entry, const SubgraphMatch& match,
                   const RuleRunner& run_rule = {});

// Applies every entry in order (each scope instance is matched after the previous one was
// replaced); sweeps. Returns the number of sub-graphs replaced.
std::size_t apply_replacements(Graph& graph, const std::vector<ReplacementEntry>& entries,
                               const RuleRunner& run_rule = {});

} // namespace mo::replacement
