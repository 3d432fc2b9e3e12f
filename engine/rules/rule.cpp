// Queries on the shape of a compiled rule's pattern (used to index and schedule rules).
#include "engine/rules/rule.hpp"

namespace mo::rules {

std::size_t pattern_depth(const Rule& r, int node) {
    const MatchNode& m = r.nodes[static_cast<std::size_t>(node)];
    std::size_t deepest = 0;
    for (const MatchArg& a : m.args)
        if (a.kind == MatchArg::Kind::Node || a.kind == MatchArg::Kind::Each)
            deepest = std::max(deepest, pattern_depth(r, a.node)); // Each: the element
    for (const int alternative : m.alternatives)
        deepest = std::max(deepest, pattern_depth(r, alternative) - 1);
    return deepest + 1;
}

std::vector<int> root_programs(const Rule& r) {
    std::vector<int> out{r.root};
    const auto& alternatives = r.nodes[static_cast<std::size_t>(r.root)].alternatives;
    out.insert(out.end(), alternatives.begin(), alternatives.end());
    return out;
}

} // namespace mo::rules
