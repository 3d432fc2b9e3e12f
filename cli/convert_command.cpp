#include "cli/commands.hpp"
#include "cli/passes.hpp"
#include "cli/plan.hpp"
#include "engine/core/error.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <ostream>
#include <unistd.h>

namespace mo::cli {
namespace {

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

std::string absolute_path(const std::filesystem::path& p) {
    return std::filesystem::absolute(p).lexically_normal().string();
}

} // namespace

int convert_command(std::span<const std::string> args, std::ostream& out, std::ostream&) {
    const auto start = std::chrono::steady_clock::now();
    const ConversionPlan plan = parse_conversion_plan(args);
    if (plan.help) {
        out << usage_text();
        return 0;
    }
    if (plan.version) {
        out << "Model Optimizer (mo) version " << MO_VERSION << "\n";
        return 0;
    }
    if (plan.files.main().empty())
        throw Error("no model given: use --input_model MODEL (see mo --help)");
    const Log log(out, plan.log_level, plan.silent);
    if (log.enabled(LogLevel::debug)) {
        std::string list;
        for (const Pass& p : conversion_passes())
            list += (list.empty() ? "" : ", ") + std::string(p.name);
        log.write(LogLevel::debug, "passes: " + list);
    }

    Conversion conversion{plan, log};
    // Only the real standard output can be a terminal (tests pass string streams).
    run_conversion(conversion, out, &out == &std::cout && isatty(STDOUT_FILENO) == 1);

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    log.result("[ SUCCESS ] Generated IR version " + std::to_string(plan.ir_version) + " model.");
    log.result("[ SUCCESS ] XML file: " + absolute_path(conversion.xml));
    log.result("[ SUCCESS ] BIN file: " + absolute_path(conversion.bin));
    log.result("[ SUCCESS ] " + std::to_string(conversion.ops_read) + " ops read, " +
               std::to_string(conversion.graph->node_count()) + " written, " +
               std::to_string(conversion.rewrites.rules_fired) + " rewrites, " + fixed(seconds, 2) +
               " s");
    return 0;
}

} // namespace mo::cli
