#pragma once
// The opset a layer names in version="opsetN": one that holds the layer's type at its version
// (engine/core/opset_membership). The op's own number when that opset holds it (Convolution-1 in
// opset1, Softmax-8 in opset8), otherwise the first opset that does (Acosh-3 in opset4).
#include "emit/legacy_ops.hpp"
#include "engine/core/node.hpp"

namespace mo::ir {

// Throws mo::Error naming the node when no opset holds the form, or, for IR v10, when the first
// one that does is newer than opset7.
int layer_opset(const Node& node, const IrForm& form, int ir_version);

} // namespace mo::ir
