#pragma once
#include "engine/core/graph.hpp"

#include "frontends/onnx/tensor_reader.hpp"

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <memory>

namespace mo::onnx_fe {

// Translates a parsed ONNX model into an engine graph. `model_dir` resolves external data.
// Constants from raw_data borrow the model's memory (the graph's tensors keep `model` alive).
// `weights`, when set, holds initializer data left in the mapped file (borrowed, never copied).
std::unique_ptr<Graph> build_graph(std::shared_ptr<const onnx::ModelProto> model,
                                   const std::filesystem::path& model_dir,
                                   std::shared_ptr<const RawDataIndex> weights = nullptr);

} // namespace mo::onnx_fe
