// `mo rules test|verify|list|json [PATH...]`: the rule author's tools. Without paths they act on
// the shipped library; with paths, on those files or directories only.
#include "cli/commands.hpp"
#include "engine/core/error.hpp"
#include "engine/rules/rules.hpp"

#include <ostream>
#include <vector>

namespace mo::cli {

int rules_command(std::span<const std::string> args, std::ostream& out) {
    if (args.empty()) throw Error("usage: mo rules test|verify|list|json [PATH...]");
    const std::string& action = args[0];
    std::vector<std::filesystem::path> paths(args.begin() + 1, args.end());
    for (const auto& p : paths)
        if (!std::filesystem::exists(p))
            throw Error("mo rules: '" + p.string() + "' does not exist");
    if (paths.empty()) paths.push_back(rules::default_rules_dir());
    const rules::RuleSet set = rules::load_rule_files(paths);
    if (action == "list") {
        rules::list_rules(set, out);
        return 0;
    }
    if (action == "json") {
        out << rules::rules_to_json(set);
        return 0;
    }
    if (action == "test") return rules::run_rule_tests(set, out) == 0 ? 0 : 1;
    if (action == "verify") return rules::verify_rules(set, out) == 0 ? 0 : 1;
    throw Error("mo rules: unknown action '" + action + "' (expected test, verify, list or json)");
}

} // namespace mo::cli
