#include "cli/optimize.hpp"

#include "engine/core/error.hpp"

#include <vector>

namespace mo::cli {

rules::RuleSet load_conversion_rules(const ParsedArgs& args) {
    std::vector<std::filesystem::path> library{rules::default_rules_dir()};
    rules::RuleSet set = rules::load_rule_files(library);
    std::vector<std::filesystem::path> extra;
    for (const auto& p : args.all("--rules")) {
        if (!std::filesystem::exists(p)) throw Error("--rules: '" + p + "' does not exist");
        extra.emplace_back(p);
    }
    if (!extra.empty()) set.merge(rules::load_rule_files(extra));
    return set;
}

OptimizeReport optimize(Graph& graph, const rules::RuleSet& rule_set, const ParsedArgs& args,
                        const Log& log) {
    rules::RewriteOptions options;
    if (args.has("--disable_fusing")) options.disabled_tags.insert("fusion");
    if (args.has("--disable_gfusing")) options.disabled_tags.insert("gfusion");
    if (args.has("--disable_resnet_optimization")) options.disabled_tags.insert("resnet");
    if (auto re = args.get("--finegrain_fusing")) {
        try {
            options.protected_names = std::regex(*re);
        } catch (const std::regex_error& e) {
            throw Error("--finegrain_fusing: '" + *re + "' is not a valid regular expression");
        }
    }
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
