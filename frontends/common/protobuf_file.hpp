#pragma once
// Protobuf loading shared by the front-ends whose formats are protobuf messages (ONNX,
// TensorFlow GraphDef, Caffe): binary files parsed from a memory map with protobuf's size limit
// checked, and text-format files (.prototxt, .pbtxt) with line:column errors.
#include "engine/io/mapped_file.hpp"

#include <google/protobuf/message.h>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

namespace mo::frontends {

// The largest message protobuf can parse (its hard limit, 2 GB).
constexpr std::size_t kMaxProtobufBytes = 2147483647;
// The largest text-format file read (a text model that big is a mistake, not a model).
constexpr std::size_t kMaxTextProtobufBytes = 512u << 20;

// Maps a binary protobuf file. Throws mo::Error naming the file when it is missing, empty
// ("empty file, not WHAT") or larger than kMaxProtobufBytes.
std::shared_ptr<const io::MappedFile> map_protobuf_file(const std::filesystem::path& path,
                                                        std::string_view what);

// Parses `message` from `bytes` (a whole message: truncation is an error). Throws mo::Error
// "PATH: not WHAT (the protobuf is malformed or truncated)".
void parse_binary_protobuf(const std::filesystem::path& path, std::span<const std::byte> bytes,
                           google::protobuf::Message& message, std::string_view what);

// Parses a text-format file into `message`. Unknown fields and syntax errors are errors:
// "PATH:LINE:COLUMN: message".
void parse_text_protobuf(const std::filesystem::path& path, google::protobuf::Message& message);

} // namespace mo::frontends
