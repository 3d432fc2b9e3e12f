#pragma once
// The rules DSL: loading rule files, rewriting a graph with them, and running their embedded tests.
// The language is described in rules/README.md; the grammar is grammar/Rules.g4.
#include "engine/core/graph.hpp"

#include <cstddef>
#include <deque>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace mo::rules {

struct Rule;
class Declarations;

// Compiled rules in load order (files sorted by path, rules in file order), and the declarations
// (constraints, patterns, defaults) they were loaded with.
struct RuleSet {
    std::vector<std::shared_ptr<const Rule>> rules;
    std::shared_ptr<const Declarations> declarations; // null when none

    std::size_t size() const { return rules.size(); }
    bool empty() const { return rules.empty(); }
    // Appends another set; throws mo::Error when a rule name (or a declaration) is defined twice.
    void merge(const RuleSet& other);
    // The rule named `name` (nullptr when absent).
    std::shared_ptr<const Rule> find(std::string_view name) const;
};

// Loads files and directories (recursively: *.rules and *.rules.json, sorted by path).
// Throws mo::Error "file:line:col: message" for any syntax or type error. The declarations of
// the library (default_rules_dir()) are visible to every file, as are those of the files loaded.
RuleSet load_rule_files(std::span<const std::filesystem::path> paths);
// One file's text; the format follows the name (".json" -> the JSON form). Only the file's own
// declarations are visible.
RuleSet load_rule_text(std::string_view text, std::string_view file_name);
// Several files' texts loaded together: their declarations form one namespace.
struct RuleSource {
    std::string_view text;
    std::string file_name;
};
RuleSet load_rule_sources(std::span<const RuleSource> sources);
// The rule library shipped in rules/ (MO_RULES_DIR overrides the built-in location).
std::filesystem::path default_rules_dir();

// The JSON form of rules (each field holds a fragment of the DSL; see rules/README.md).
std::string rules_to_json(const RuleSet& rules);

enum class LogLevel { debug, info, warning };
using Logger = std::function<void(LogLevel, std::string_view)>;

// The phases of a rewrite, in the order they run (see rules/README.md).
enum class Phase { lower, cleanup, fusion, precision, legacy };
// lower, cleanup and fusion: what a conversion always runs.
std::set<Phase> default_phases();
std::set<Phase> all_phases();

struct RewriteOptions {
    // Rules with any of these tags (or names) are skipped; every rule carries its phase as a tag,
    // so {"fusion"} implements --disable_fusing.
    std::set<std::string> disabled_tags;
    // Nodes whose friendly name matches are never rewritten by a rule (--finegrain_fusing);
    // the lower phase ignores this (lowering is required for a valid IR).
    std::optional<std::regex> protected_names;
    // When set, a rule rewrites only matches whose every pattern node is in the scope (node ids;
    // every phase, lower included); the nodes a rewrite creates join it. A replacement config
    // runs a named rule on the nodes of its match this way.
    std::optional<std::unordered_set<std::uint64_t>> scope;
    // The phases that run. `precision` (FP16 compression) and `legacy` (IR v10 forms) run only
    // when asked for (all_phases(), or the conversion's --compress_to_fp16 / --ir_version 10).
    std::set<Phase> phases = default_phases();
    // Fold sub-graphs of constants into Const before each phase (not in precision and legacy).
    bool fold_constants = true;
    // Rewrites of one output (by friendly name) before it counts as an oscillation.
    std::size_t max_rewrites_per_node = 32;
    // New nodes may take the memory of nodes that rewrites removed (Graph::remove_nodes with
    // `reuse`): a pointer the caller kept to a node the rules removed may then denote another.
    bool reuse_removed_nodes = true;
    Logger log;
};

struct RuleApplication {
    std::string rule;
    std::string root; // friendly name of the replaced node
    // Friendly names of every matched pattern node; recorded only when RewriteOptions::log is set
    // (a million-node graph rewrites hundreds of thousands of times).
    std::vector<std::string> matched;
};

struct RewriteReport {
    // A deque: a million-node rewrite appends hundreds of thousands, and earlier entries never
    // move (a vector copied and re-faulted them at each doubling).
    std::deque<RuleApplication> applications;
    std::map<std::string, std::size_t> count_by_rule;
    std::size_t folded = 0;            // nodes replaced by constants
    std::size_t removed = 0;           // nodes swept
    std::vector<std::string> warnings; // oscillations, rejected rewrites

    std::size_t fired(std::string_view rule) const {
        auto it = count_by_rule.find(std::string(rule));
        return it == count_by_rule.end() ? 0 : it->second;
    }
};

// Applies the rules phase by phase (lower, cleanup, fusion, precision), each to a fixed point.
RewriteReport apply_rules(Graph& graph, const RuleSet& rules, const RewriteOptions& options = {});

// Generic constant folding: every node whose inputs are all constants becomes a Const, unless its
// output would be much larger than its inputs (folding must never inflate the weights).
std::size_t fold_constants(Graph& graph);
// Whether fold_constants would consider `n`: it has a kernel (or is a ShapeOf of a static shape),
// is read, and every input is a Const.
bool fold_candidate(const Node& n);

// Runs every rule's embedded tests: prints "PASS rule / test" or "FAIL ...: why" per test and a
// closing "N passed, M failed" line. Returns the number of failures (0 = success).
int run_rule_tests(const RuleSet& rules, std::ostream& out);
// Applies each rule to its test graphs and compares outputs before/after on random inputs with
// the reference evaluator. Same output format and return value.
int verify_rules(const RuleSet& rules, std::ostream& out);
// One line per rule: name, phase, tags, benefit (when not 0), location, doc.
void list_rules(const RuleSet& rules, std::ostream& out);

} // namespace mo::rules
