#include "cli/passes.hpp"

#include "cli/conversion_steps.hpp"
#include "cli/progress.hpp"
#include "emit/ir_writer.hpp"
#include "emit/legacy_ops.hpp"
#include "frontends/registry.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <string>

namespace mo::cli {
namespace {

void load_rules(Conversion& c) {
    // Before the model is read: an error in a user's rule file stops the conversion at once.
    c.rules = load_conversion_rules(c.plan);
}

void read_model(Conversion& c) {
    c.graph = frontends::read_model(c.plan.files, c.plan.framework);
    c.ops_read = c.graph->node_count();
    c.log.write(LogLevel::info, "read " + c.plan.files.main().string() + ": " +
                                    std::to_string(c.ops_read) + " nodes");
}

void cut_and_shape(Conversion& c) {
    apply_cuts_and_shapes(*c.graph, c.plan);
}

void preprocess(Conversion& c) {
    apply_preprocessing(*c.graph, c.plan);
}

void replace_subgraphs(Conversion& c) {
    apply_replacement_config(*c.graph, c.plan, &c.rules);
}

void run_rules(Conversion& c) {
    c.rewrites = optimize(*c.graph, c.rules, c.plan, c.log);
}

void compress_weights(Conversion& c) {
    apply_precision(*c.graph, c.plan, &c.rules);
}

void legacy_forms(Conversion& c) {
    ir::apply_legacy_forms(*c.graph, c.rules);
}

void write_ir(Conversion& c) {
    ir::WriteOptions options;
    options.ir_version = c.plan.ir_version;
    options.mo_version = MO_VERSION;
    options.conversion_parameters = c.plan.given;
    c.xml = c.plan.output_dir / (c.plan.model_name + ".xml");
    c.bin = c.plan.output_dir / (c.plan.model_name + ".bin");
    ir::write_ir(*c.graph, c.xml, options);
}

// The order is the Model Optimizer's: preprocessing comes before the rules so that mean and
// scale values fold into the first convolution; precision after them, on the final weights; for
// IR v10 the legacy rules write newer operations in their opset1-7 forms last.
constexpr std::array<Pass, 9> kPasses{{
    {"load rules", "loading rules", nullptr, load_rules},
    {"read model", "reading {model}", nullptr, read_model},
    {"cut and shape", "inputs, outputs and shapes", nullptr, cut_and_shape},
    {"preprocessing", "preprocessing and replacement configs",
     [](const ConversionPlan& p) { return p.preprocessing.any(); }, preprocess},
    {"replacement configs", "preprocessing and replacement configs",
     [](const ConversionPlan& p) { return !p.replacements.empty(); }, replace_subgraphs},
    {"rules", "rules", nullptr, run_rules},
    {"precision", "precision", [](const ConversionPlan& p) { return p.fp16_weights(); },
     compress_weights},
    {"legacy forms", "writing IR", [](const ConversionPlan& p) { return p.ir_version == 10; },
     legacy_forms},
    {"write IR", "writing IR", nullptr, write_ir},
}};

std::string phase_label(std::string_view phase, const ConversionPlan& plan) {
    std::string label(phase);
    if (auto at = label.find("{model}"); at != std::string::npos)
        label.replace(at, 7, plan.files.main().filename().string());
    return label;
}

std::string milliseconds(double seconds) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", seconds * 1e3);
    return buf;
}

} // namespace

std::span<const Pass> conversion_passes() {
    return kPasses;
}

void run_conversion(Conversion& c, std::ostream& out, bool terminal) {
    int phases = 0;
    std::string_view last;
    for (const Pass& p : kPasses) phases += p.phase != last, last = p.phase;
    Progress progress(out, c.plan.progress, phases, terminal);
    last = {};
    for (const Pass& pass : kPasses) {
        if (pass.phase != last) progress.phase(phase_label(pass.phase, c.plan));
        last = pass.phase;
        if (pass.wanted && !pass.wanted(c.plan)) {
            c.log.write(LogLevel::debug, "pass " + std::string(pass.name) + ": skipped");
            continue;
        }
        const auto start = std::chrono::steady_clock::now();
        pass.run(c);
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        c.log.write(LogLevel::debug,
                    "pass " + std::string(pass.name) + ": " + milliseconds(took.count()));
    }
    progress.finish();
}

} // namespace mo::cli
