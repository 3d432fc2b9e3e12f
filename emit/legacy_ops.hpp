#pragma once
// IR v10 (OpenVINO 2020-2021) knows only opset1..opset7. The legacy phase of the rules
// (rules/legacy/) rewrites newer operations into older forms that compute the same thing; what it
// leaves is refused when the IR is written, with a message naming node, op and the condition under
// which an older form exists.
#include "engine/core/node.hpp"
#include "engine/rules/rules.hpp"

#include <cstddef>
#include <string>

namespace mo::ir {

// How a node is spelled in the IR.
struct IrForm {
    std::string type;    // layer type
    int opset = 1;       // the N of version="opsetN"
    Attributes attrs;    // attributes to render into <data>
    std::size_t outputs; // output ports to write
};

// Newest opset an IR v10 file may use.
inline constexpr int kMaxOpsetV10 = 7;

// Runs the legacy phase of `rules` (rules/legacy/ in the shipped library) on the graph: for
// --ir_version 10, before the IR is written. Returns the number of rewrites.
std::size_t apply_legacy_forms(Graph& graph, const rules::RuleSet& rules);

// The form of `node` in an IR of `ir_version`. An op newer than opset7 in IR v10 (one the legacy
// rules did not rewrite) throws mo::Error naming the node and why it has no older form.
IrForm ir_form(const Node& node, int ir_version);

} // namespace mo::ir
