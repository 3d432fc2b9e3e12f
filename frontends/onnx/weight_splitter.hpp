#pragma once
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace mo::onnx_fe {

// An ONNX model file split in two: a small protobuf holding everything but the raw_data of the
// graph's initializers, and where each of those raw_data fields lies in the original bytes.
// Protobuf copies every bytes field into a std::string while parsing; parsing the skeleton instead
// and borrowing the weights from the memory-mapped file avoids copying (and holding twice) what
// is usually almost all of the file.
struct SplitModel {
    std::string skeleton; // a valid serialized ModelProto
    // One entry per initializer of the graph, in file order: the raw_data bytes left out of the
    // skeleton, or nullopt when that initializer keeps its data in the skeleton.
    std::vector<std::optional<std::span<const std::byte>>> initializer_raw_data;
};

// Returns nullopt when the file is not a well-formed protobuf of the expected layout (or uses a
// layout the splitter does not handle, such as a repeated graph field): the caller then parses the
// whole file, and protobuf reports what is wrong.
std::optional<SplitModel> split_initializer_data(std::span<const std::byte> model_file);

} // namespace mo::onnx_fe
