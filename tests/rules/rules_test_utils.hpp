#pragma once
// Shared by the rules tests: the shipped library, graphs in the test-graph notation, node counts.
#include "engine/core/graph.hpp"
#include "engine/rules/parse.hpp"
#include "engine/rules/rules.hpp"
#include "engine/rules/test_graph.hpp"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace mo::rules::testing {

// Every rule file under rules/ of the source tree.
inline RuleSet library() {
    const std::filesystem::path dir = std::filesystem::path(MO_SOURCE_DIR) / "rules";
    return load_rule_files(std::span<const std::filesystem::path>(&dir, 1));
}

// A graph written in the test-graph notation of rule files, one statement per line; `seed` draws
// the `random` constants.
inline TestGraph graph_from(const std::vector<std::string>& lines, std::uint64_t seed = 7) {
    std::vector<GraphStmt> stmts;
    for (const auto& l : lines) stmts.push_back(parse_graph_stmt(l, SourceOrigin{"model", 1, 1}));
    return build_test_graph(stmts, seed);
}

// Live nodes of one op type.
inline std::size_t count_type(const Graph& g, const std::string& type) {
    std::size_t n = 0;
    g.for_each_node([&](const Node& node) { n += node.type() == type ? 1 : 0; });
    return n;
}

} // namespace mo::rules::testing
