#include "frontends/onnx/model_reader.hpp"

#include "engine/core/error.hpp"
#include "frontends/onnx/mapped_file.hpp"
#include "frontends/onnx/weight_splitter.hpp"

#include <google/protobuf/io/coded_stream.h>

#include <climits>
#include <system_error>

namespace mo::onnx_fe {
namespace {

std::shared_ptr<const MappedFile> map_file(const std::filesystem::path& path, const char* what) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(path.string() + ": no such file");
    auto file = std::make_shared<const MappedFile>(path);
    if (file->size() > static_cast<std::size_t>(INT_MAX))
        throw Error(path.string() +
                    ": file is larger than 2 GB, the protobuf limit (use external data)");
    if (file->size() == 0) throw Error(path.string() + ": empty file, not " + what);
    return file;
}

// Parses `message` from `bytes`; protobuf's default 64 MB cap is raised to its hard limit.
void parse_bytes(const std::filesystem::path& path, std::span<const std::byte> bytes,
                 google::protobuf::Message& message, const char* what) {
    google::protobuf::io::CodedInputStream stream(
        reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
    stream.SetTotalBytesLimit(INT_MAX);
    if (!message.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage())
        throw Error(path.string() + ": not " + what + " (the protobuf is malformed or truncated)");
}

void parse_file(const std::filesystem::path& path, google::protobuf::Message& message,
                const char* what) {
    const auto file = map_file(path, what);
    parse_bytes(path, file->bytes(), message, what);
}

void require_graph(const std::filesystem::path& path, const onnx::ModelProto& model) {
    if (!model.has_graph())
        throw Error(path.string() + ": not an ONNX model (the protobuf has no graph)");
}

} // namespace

std::shared_ptr<const onnx::ModelProto> read_model_proto(const std::filesystem::path& path) {
    auto model = std::make_shared<onnx::ModelProto>();
    parse_file(path, *model, "an ONNX model");
    require_graph(path, *model);
    return model;
}

LoadedModel read_model_file(const std::filesystem::path& path) {
    constexpr const char* what = "an ONNX model";
    auto file = map_file(path, what);
    auto model = std::make_shared<onnx::ModelProto>();
    std::optional<SplitModel> split = split_initializer_data(file->bytes());
    if (!split) { // not the usual layout: let protobuf parse (and judge) the whole file
        parse_bytes(path, file->bytes(), *model, what);
        require_graph(path, *model);
        return {std::move(model), nullptr};
    }
    const std::span<const std::byte> skeleton(
        reinterpret_cast<const std::byte*>(split->skeleton.data()), split->skeleton.size());
    parse_bytes(path, skeleton, *model, what);
    require_graph(path, *model);
    const auto& initializers = model->graph().initializer();
    if (static_cast<std::size_t>(initializers.size()) != split->initializer_raw_data.size())
        throw Error(path.string() + ": not an ONNX model (inconsistent initializer list)");
    auto weights = std::make_shared<RawDataIndex>();
    weights->file = std::move(file);
    for (int i = 0; i < initializers.size(); ++i)
        if (const auto& raw = split->initializer_raw_data[static_cast<std::size_t>(i)])
            weights->raw_data.emplace(&initializers.Get(i), *raw);
    return {std::move(model), std::move(weights)};
}

onnx::TensorProto read_tensor_proto(const std::filesystem::path& path) {
    onnx::TensorProto tensor;
    parse_file(path, tensor, "an ONNX tensor");
    return tensor;
}

} // namespace mo::onnx_fe
