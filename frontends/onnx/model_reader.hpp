#pragma once
#include <onnx/onnx_pb.h>

#include "frontends/onnx/tensor_reader.hpp"

#include <filesystem>
#include <memory>

namespace mo::onnx_fe {

// Parses an ONNX model file (up to protobuf's 2 GB limit). Throws mo::Error naming the file when
// it is missing, unreadable, not a protobuf, truncated, or a protobuf without a graph.
std::shared_ptr<const onnx::ModelProto> read_model_proto(const std::filesystem::path& path);

// A parsed model whose initializer weights stay in the memory-mapped file (see
// weight_splitter.hpp).
struct LoadedModel {
    std::shared_ptr<const onnx::ModelProto> proto;
    std::shared_ptr<const RawDataIndex> weights; // null when the file was parsed whole
};
// As read_model_proto, without copying the initializers' raw_data.
LoadedModel read_model_file(const std::filesystem::path& path);

// Parses one serialized onnx.TensorProto file.
onnx::TensorProto read_tensor_proto(const std::filesystem::path& path);

} // namespace mo::onnx_fe
