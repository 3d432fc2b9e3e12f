#include "cli/commands.hpp"
#include "cli/conversion_steps.hpp"
#include "cli/log.hpp"
#include "cli/optimize.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "emit/ir_writer.hpp"
#include "emit/legacy_ops.hpp"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <ostream>

namespace mo::cli {
namespace {

int parse_ir_version(const ParsedArgs& args) {
    const std::string v = args.get_or("--ir_version", "11");
    if (v == "10") return 10;
    if (v == "11") return 11;
    throw Error("--ir_version must be 10 or 11, not '" + v + "'");
}

std::string fixed(double v, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

} // namespace

int convert_command(std::span<const std::string> args, std::ostream& out, std::ostream&) {
    const auto start = std::chrono::steady_clock::now();
    const ParsedArgs parsed = parse_args(args, convert_flags());
    if (parsed.has("--help")) {
        out << usage_text();
        return 0;
    }
    if (parsed.has("--version")) {
        out << "Model Optimizer (mo) version " << MO_VERSION << "\n";
        return 0;
    }
    if (!parsed.positional().empty())
        throw Error("unexpected argument '" + parsed.positional().front() + "'; see mo --help");
    const auto model = parsed.get("--input_model");
    if (!model) throw Error("no model given: use --input_model MODEL (see mo --help)");
    const Log log(out, parse_log_level(parsed.get_or("--log_level", "ERROR")),
                  parsed.has("--silent"));
    const int ir_version = parse_ir_version(parsed);

    const std::filesystem::path model_path(*model);
    const std::filesystem::path output_dir(parsed.get_or("--output_dir", "."));
    const std::string model_name = parsed.get_or("--model_name", model_path.stem().string());
    if (model_name.empty() || model_name.find('/') != std::string::npos)
        throw Error("--model_name '" + model_name + "' is not a file name");

    // Only the real standard output can be a terminal (tests pass string streams).
    const bool tty = &out == &std::cout && isatty(STDOUT_FILENO) == 1;
    Progress progress(out, parsed.has("--progress") && !parsed.has("--silent"), 7, tty);
    progress.phase("loading rules");
    const rules::RuleSet rule_set = load_conversion_rules(parsed);
    progress.phase("reading " + model_path.filename().string());
    auto graph = load_model(model_path, parsed.get_or("--framework", ""));
    const std::size_t ops_before = graph->node_count();
    log.write(LogLevel::info,
              "read " + model_path.string() + ": " + std::to_string(ops_before) + " nodes");

    progress.phase("inputs, outputs and shapes");
    apply_cuts_and_shapes(*graph, parsed);
    progress.phase("preprocessing and replacement configs");
    apply_preprocessing(*graph, parsed);
    apply_replacement_config(*graph, parsed, &rule_set);
    progress.phase("rules");
    const OptimizeReport report = optimize(*graph, rule_set, parsed, log);
    progress.phase("precision");
    apply_precision(*graph, parsed, &rule_set);
    if (ir_version == 10) ir::apply_legacy_forms(*graph, rule_set); // rules/legacy/

    ir::WriteOptions options;
    options.ir_version = ir_version;
    options.mo_version = MO_VERSION;
    for (const auto& [flag, value] : parsed.given())
        options.conversion_parameters[flag.substr(2)] = value;
    const std::filesystem::path xml = output_dir / (model_name + ".xml");
    progress.phase("writing IR");
    ir::write_ir(*graph, xml, options);
    progress.finish();

    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::filesystem::path bin = xml;
    bin.replace_extension(".bin");
    log.result("[ SUCCESS ] Generated IR version " + std::to_string(ir_version) + " model.");
    log.result("[ SUCCESS ] XML file: " +
               std::filesystem::absolute(xml).lexically_normal().string());
    log.result("[ SUCCESS ] BIN file: " +
               std::filesystem::absolute(bin).lexically_normal().string());
    log.result("[ SUCCESS ] " + std::to_string(ops_before) + " ops read, " +
               std::to_string(graph->node_count()) + " written, " +
               std::to_string(report.rules_fired) + " rewrites, " + fixed(seconds, 2) + " s");
    return 0;
}

} // namespace mo::cli
