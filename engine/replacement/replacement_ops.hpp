#pragma once
// Operations that replacement configs typically put in place of a post-processing sub-graph and
// that the op families do not register (shape/type inference only; no reference kernel).
// DetectionOutput-1 (docs/ops/detection/DetectionOutput_1.md).
#include "engine/core/op_registry.hpp"

namespace mo::replacement {

// Adds the OpDefs to a registry. Registration of the engine's ops lives in engine/ops/all_ops.cpp
// (register_all_ops): call this from there. Ops already present are skipped.
void register_replacement_ops(OpRegistry& registry);

// The OpDef of `type`-`opset` from this file (nullptr when it is not one of ours). Used to infer
// a node that Graph::add created before the engine's registry knew the op.
const OpDef* replacement_op(std::string_view type, int opset);

} // namespace mo::replacement
