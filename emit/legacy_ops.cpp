#include "emit/legacy_ops.hpp"

#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace mo::ir {
namespace {

// A newer op that the legacy rules write in an older form under a condition: when a node of it
// is left, the condition did not hold. The message says which form exists and when.
struct Refusal {
    std::string_view type; // compared case-insensitively: Softmax / SoftMax
    int opset;
    int legacy_opset;
    std::string_view condition;
};

// One entry per older form of rules/legacy/opset7.rules (keep them in step). Ops the registry
// does not have (TopK-11, Pad-12, ...) cannot be in a graph and have no entry.
constexpr std::array<Refusal, 6> kRefusals{{
    {"Softmax", 8, 1, "axis >= 0 or an input of known rank"},
    {"MaxPool", 8, 1, "its indices output unused and dilations all 1"},
    {"Gather", 8, 7, "a data input of known rank"},
    {"GatherND", 8, 5, "batch_dims == 0 or a static output shape"},
    {"Slice", 8, 1, "constant axes (or none) and an input of known rank (as StridedSlice)"},
    {"ScatterElementsUpdate", 12, 3,
     "reduction == none and constant non-negative indices or a static axis dimension"},
}};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string versioned(const Node& n) {
    return n.type() + "-" + std::to_string(n.opset());
}

} // namespace

std::size_t apply_legacy_forms(Graph& graph, const rules::RuleSet& rules) {
    rules::RewriteOptions options;
    options.phases = {rules::Phase::legacy};
    options.fold_constants = false;
    return rules::apply_rules(graph, rules, options).applications.size();
}

IrForm ir_form(const Node& node, int ir_version) {
    IrForm form{node.type(), node.opset(), node.attrs, node.output_count()};
    if (ir_version >= 11 || node.opset() <= kMaxOpsetV10) return form;
    for (const Refusal& r : kRefusals)
        if (r.opset == node.opset() && iequals(r.type, node.type()))
            throw Error("cannot write node '" + node.name + "' in IR v10: " + versioned(node) +
                        " has an opset" + std::to_string(r.legacy_opset) + " form only with " +
                        std::string(r.condition));
    throw Error("cannot write node '" + node.name + "' in IR v10: " + versioned(node) +
                " is newer than opset" + std::to_string(kMaxOpsetV10) +
                " and has no older equivalent (use IR v11)");
}

} // namespace mo::ir
