#pragma once
#include "cli/log.hpp"
#include "cli/options.hpp"
#include "engine/core/graph.hpp"

#include <cstddef>

namespace mo::cli {

struct OptimizeReport {
    std::size_t rules_fired = 0;
};

// Runs the rule library (and --rules extras) over the graph, honouring the fusing flags.
OptimizeReport optimize(Graph& graph, const ParsedArgs& args, const Log& log);

} // namespace mo::cli
