#include "frontends/onnx/model_reader.hpp"

#include "engine/core/error.hpp"
#include "frontends/onnx/mapped_file.hpp"

#include <google/protobuf/io/coded_stream.h>

#include <climits>
#include <system_error>

namespace mo::onnx_fe {
namespace {

// Parses `message` from the whole file; protobuf's default 64 MB cap is raised to its hard limit.
void parse_file(const std::filesystem::path& path, google::protobuf::Message& message,
                const char* what) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(path.string() + ": no such file");
    const MappedFile file(path);
    if (file.size() > static_cast<std::size_t>(INT_MAX))
        throw Error(path.string() +
                    ": file is larger than 2 GB, the protobuf limit (use external data)");
    if (file.size() == 0) throw Error(path.string() + ": empty file, not " + what);
    google::protobuf::io::CodedInputStream stream(
        reinterpret_cast<const std::uint8_t*>(file.bytes().data()), static_cast<int>(file.size()));
    stream.SetTotalBytesLimit(INT_MAX);
    if (!message.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage())
        throw Error(path.string() + ": not " + what + " (the protobuf is malformed or truncated)");
}

} // namespace

std::shared_ptr<const onnx::ModelProto> read_model_proto(const std::filesystem::path& path) {
    auto model = std::make_shared<onnx::ModelProto>();
    parse_file(path, *model, "an ONNX model");
    if (!model->has_graph())
        throw Error(path.string() + ": not an ONNX model (the protobuf has no graph)");
    return model;
}

onnx::TensorProto read_tensor_proto(const std::filesystem::path& path) {
    onnx::TensorProto tensor;
    parse_file(path, tensor, "an ONNX tensor");
    return tensor;
}

} // namespace mo::onnx_fe
