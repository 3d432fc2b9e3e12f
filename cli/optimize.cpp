#include "cli/optimize.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <vector>

namespace mo::cli {

namespace {

// The parts of the rule library this conversion needs: the legacy phase only for IR v10, the
// precision phase only for FP16 weights (parsing the rules is most of mo's start-up).
std::vector<std::filesystem::path> library_parts(const ConversionPlan& plan) {
    std::vector<std::filesystem::path> parts;
    for (const auto& entry : std::filesystem::directory_iterator(rules::default_rules_dir())) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_directory()) continue; // README.md
        if (name == "legacy" && plan.ir_version != 10) continue;
        if (name == "precision" && !plan.fp16_weights()) continue;
        parts.push_back(entry.path());
    }
    std::sort(parts.begin(), parts.end());
    return parts;
}

} // namespace

rules::RuleSet load_conversion_rules(const ConversionPlan& plan) {
    rules::RuleSet set = rules::load_rule_files(library_parts(plan));
    if (!plan.extra_rules.empty()) set.merge(rules::load_rule_files(plan.extra_rules));
    return set;
}

OptimizeReport optimize(Graph& graph, const rules::RuleSet& rule_set, const ConversionPlan& plan,
                        const Log& log) {
    rules::RewriteOptions options;
    if (!plan.rules.fusing) options.disabled_tags.insert("fusion");
    if (!plan.rules.grouped_convolution_fusing) options.disabled_tags.insert("gfusion");
    if (!plan.rules.resnet_optimization) options.disabled_tags.insert("resnet");
    options.protected_names = plan.rules.protected_names;
    options.log = [&log](rules::LogLevel level, std::string_view message) {
        log.write(level == rules::LogLevel::debug  ? LogLevel::debug
                  : level == rules::LogLevel::info ? LogLevel::info
                                                   : LogLevel::warning,
                  message);
    };
    const rules::RewriteReport report = rules::apply_rules(graph, rule_set, options);
    // Whatever no output depends on is not written: front-ends and conversion options may leave
    // unread constants behind (an ONNX bias reshaped into a new constant, say) even when no rule fires.
    graph.sweep();
    for (const auto& w : report.warnings) log.write(LogLevel::warning, w);
    if (log.enabled(LogLevel::info))
        for (const auto& [rule, count] : report.count_by_rule)
            log.write(LogLevel::info, rule + ": " + std::to_string(count));
    return {report.applications.size(), report.folded};
}

} // namespace mo::cli
