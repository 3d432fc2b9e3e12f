#pragma once
// --static_shape: with every input shape fixed, ShapeOf results are constants.
#include "engine/core/graph.hpp"

#include <cstddef>

namespace mo::transforms {

// Replaces every ShapeOf whose input shape is static by a Const (the rules' constant folding
// then folds what the shape computation feeds). Returns how many were replaced.
std::size_t fold_static_shapeof(Graph& graph);

// Throws mo::Error naming the first model input whose shape is not fully known.
void require_static_inputs(const Graph& graph);

} // namespace mo::transforms
