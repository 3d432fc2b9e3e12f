#pragma once
#include "engine/core/graph.hpp"

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <memory>

namespace mo::onnx_fe {

// Translates a parsed ONNX model into an engine graph. `model_dir` resolves external data.
// Constants from raw_data borrow the model's memory (the graph's tensors keep `model` alive).
std::unique_ptr<Graph> build_graph(std::shared_ptr<const onnx::ModelProto> model,
                                   const std::filesystem::path& model_dir);

} // namespace mo::onnx_fe
