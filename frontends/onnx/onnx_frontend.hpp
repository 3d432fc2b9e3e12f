#pragma once
#include "engine/core/graph.hpp"
#include "engine/core/tensor.hpp"
#include "frontends/common/frontend.hpp"

#include <filesystem>
#include <memory>

namespace mo::onnx_fe {

// The ONNX front-end (.onnx files; --framework onnx).
const frontends::FrontEnd& frontend();

// Reads an ONNX model file into a graph of engine operations: opset operations, plus framework
// ops kept for the rules ("onnx.Dropout", "onnx.Identity"). Weights share memory with the parsed
// file. Throws mo::Error with a one-line message naming the file / node / op type.
std::unique_ptr<Graph> load_model(const std::filesystem::path& path);

// Reads one serialized onnx.TensorProto file (the input_N.pb / output_N.pb of ONNX test data).
// Returns the tensor and its name.
std::pair<std::string, Tensor> load_tensor_file(const std::filesystem::path& path);

} // namespace mo::onnx_fe
