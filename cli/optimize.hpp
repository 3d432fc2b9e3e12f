#pragma once
#include "cli/log.hpp"
#include "cli/plan.hpp"
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"

#include <cstddef>

namespace mo::cli {

struct OptimizeReport {
    std::size_t rules_fired = 0;
    std::size_t folded = 0;
};

// The shipped rule library plus --rules extras. Called before the model is read, so that an
// error in a user rule stops the conversion before any work.
rules::RuleSet load_conversion_rules(const ConversionPlan& plan);

// Runs the rules over the graph, honouring --disable_fusing, --disable_gfusing,
// --disable_resnet_optimization and --finegrain_fusing. Logs every application at DEBUG.
OptimizeReport optimize(Graph& graph, const rules::RuleSet& rules, const ConversionPlan& plan,
                        const Log& log);

} // namespace mo::cli
