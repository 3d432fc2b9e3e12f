#pragma once
// FP16 weight compression (--data_type FP16 / --compress_to_fp16): floating constants are stored
// as f16 and decompressed by a Convert, the form OpenVINO expects for compressed weights:
//   Const(f16) -> Convert(destination_type = original type) -> consumers.
#include "engine/core/graph.hpp"

#include <cstddef>

namespace mo::transforms {

// Compresses every f32/f64 Const that has consumers and whose values all fit f16
// (|x| <= 65504; NaN and infinities stay exact too). A constant with a value out of range stays
// as it is. The Convert takes the constant's friendly name and tensor names; the f16 constant
// is renamed "<name>/compressed". Returns how many constants were compressed.
std::size_t compress_weights_to_fp16(Graph& graph);

} // namespace mo::transforms
