#pragma once
#include "engine/core/tensor.hpp"

#include <onnx/onnx_pb.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <unordered_map>

namespace mo::io {
class MappedFile;
}

namespace mo::onnx_fe {

class ExternalData;

// Initializer bytes that were left out of the parsed protobuf (see weight_splitter.hpp): for each
// TensorProto, its raw_data inside the memory-mapped model file.
struct RawDataIndex {
    std::shared_ptr<const io::MappedFile> file;
    std::unordered_map<const onnx::TensorProto*, std::span<const std::byte>> raw_data;
};

// The element type of an ONNX TensorProto.DataType code; nullopt for types the engine lacks
// (complex, string, 8-bit floats, ...).
std::optional<ElementType> element_type_from_onnx(std::int32_t data_type);
// The ONNX name of a data type code ("FLOAT", "COMPLEX64", ...) for messages.
std::string onnx_type_name(std::int32_t data_type);

// Where the bytes of a tensor may come from.
struct TensorSource {
    // Keeps the parsed model alive: raw_data is then borrowed, not copied. Null: copy raw_data.
    std::shared_ptr<const void> owner;
    // Resolves data_location = EXTERNAL; null: external tensors are rejected.
    ExternalData* external = nullptr;
    // raw_data kept in the mapped file instead of the proto; borrowed from there. May be null.
    std::shared_ptr<const RawDataIndex> split;
};

// Converts a TensorProto: raw_data (shared with the proto when source.owner is set), the typed
// fields (float_data, int32_data (also f16/bf16 bits, bool, 8/16-bit ints), int64_data,
// double_data, uint64_data; converted), or external data. Throws mo::Error naming the tensor.
Tensor tensor_from_proto(const onnx::TensorProto& proto, const TensorSource& source);

} // namespace mo::onnx_fe
