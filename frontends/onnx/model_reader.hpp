#pragma once
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <memory>

namespace mo::onnx_fe {

// Parses an ONNX model file (up to protobuf's 2 GB limit). Throws mo::Error naming the file when
// it is missing, unreadable, not a protobuf, truncated, or a protobuf without a graph.
std::shared_ptr<const onnx::ModelProto> read_model_proto(const std::filesystem::path& path);

// Parses one serialized onnx.TensorProto file.
onnx::TensorProto read_tensor_proto(const std::filesystem::path& path);

} // namespace mo::onnx_fe
