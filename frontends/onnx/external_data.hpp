#pragma once
#include "engine/core/tensor.hpp"
#include "engine/io/mapped_file.hpp"

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <map>
#include <memory>

namespace mo::onnx_fe {

// Resolves tensors stored outside the model (data_location = EXTERNAL): keys `location` (a path
// relative to the model's directory), `offset` and `length`. Each data file is memory-mapped once
// and the tensors borrow from the mapping, which they keep alive.
class ExternalData {
public:
    explicit ExternalData(std::filesystem::path model_dir) : model_dir_(std::move(model_dir)) {}

    // The tensor's bytes as a borrowed (or, when misaligned, copied) tensor of `type` and `shape`.
    // Throws mo::Error naming the tensor and the data file on a bad key, path or range.
    Tensor load(const onnx::TensorProto& proto, ElementType type, const Shape& shape);

private:
    std::shared_ptr<const io::MappedFile> map(const std::filesystem::path& path);

    std::filesystem::path model_dir_;
    std::map<std::filesystem::path, std::shared_ptr<const io::MappedFile>> files_;
};

} // namespace mo::onnx_fe
