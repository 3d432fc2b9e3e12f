#pragma once
// IR v10 (OpenVINO 2020-2021) knows only opset1..opset7. A newer operation is written in its older
// form when that form computes the same thing for this node's attributes and inputs (a small
// table in legacy_ops.cpp); otherwise the conversion stops with a message naming node and op.
#include "engine/core/node.hpp"

#include <cstddef>
#include <string>

namespace mo::ir {

// How a node is spelled in the IR.
struct IrForm {
    std::string type;    // layer type
    int opset = 1;       // the N of version="opsetN"
    Attributes attrs;    // attributes to render into <data>
    std::size_t outputs; // output ports to write (a legacy form may have fewer)
};

// Newest opset an IR v10 file may use.
inline constexpr int kMaxOpsetV10 = 7;

// The form of `node` in an IR of `ir_version`: the node itself, or for v10 and an op newer than
// opset7 its legacy equivalent. Throws mo::Error naming the node when there is none.
IrForm ir_form(const Node& node, int ir_version);

} // namespace mo::ir
