#pragma once
// The conversion as a list of passes over the typed plan, visible in one place (passes.cpp).
// `--log_level DEBUG` prints each pass with its time; `--progress` shows their phases.
#include "cli/log.hpp"
#include "cli/optimize.hpp"
#include "cli/plan.hpp"
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

namespace mo::cli {

// What the passes share: the plan, and what earlier passes produced.
struct Conversion {
    Conversion(const ConversionPlan& plan, const Log& log) : plan(plan), log(log) {}

    const ConversionPlan& plan;
    const Log& log;
    rules::RuleSet rules;         // the library plus --rules (the first pass)
    std::unique_ptr<Graph> graph; // from the read pass on
    std::size_t ops_read = 0;
    OptimizeReport rewrites;
    std::filesystem::path xml, bin; // the files written (the last pass)
};

struct Pass {
    std::string_view name;  // in the DEBUG log
    std::string_view phase; // what --progress shows; "{model}" stands for the model's file name
    bool (*wanted)(const ConversionPlan&); // nullptr: always runs
    void (*run)(Conversion&);
};

// Every pass of a conversion, in order.
std::span<const Pass> conversion_passes();

// Runs the passes the plan wants, reporting progress and (at DEBUG) each pass's time.
void run_conversion(Conversion& conversion, std::ostream& out, bool terminal);

} // namespace mo::cli
