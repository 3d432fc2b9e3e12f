#include "frontends/onnx/model_reader.hpp"

#include "engine/core/error.hpp"
#include "frontends/common/protobuf_file.hpp"
#include "frontends/onnx/weight_splitter.hpp"

namespace mo::onnx_fe {
namespace {

void parse_file(const std::filesystem::path& path, google::protobuf::Message& message,
                const char* what) {
    const auto file = frontends::map_protobuf_file(path, what);
    frontends::parse_binary_protobuf(path, file->bytes(), message, what);
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
    auto file = frontends::map_protobuf_file(path, what);
    auto model = std::make_shared<onnx::ModelProto>();
    std::optional<SplitModel> split = split_initializer_data(file->bytes());
    if (!split) { // not the usual layout: let protobuf parse (and judge) the whole file
        frontends::parse_binary_protobuf(path, file->bytes(), *model, what);
        require_graph(path, *model);
        return {std::move(model), nullptr};
    }
    const std::span<const std::byte> skeleton(
        reinterpret_cast<const std::byte*>(split->skeleton.data()), split->skeleton.size());
    frontends::parse_binary_protobuf(path, skeleton, *model, what);
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
