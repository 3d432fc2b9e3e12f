#include "frontends/common/protobuf_file.hpp"

#include "engine/core/error.hpp"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <climits>
#include <string>
#include <system_error>

namespace mo::frontends {
namespace {

// Keeps the first error of a text-format parse, with its position (protobuf counts from 0).
class FirstError final : public google::protobuf::io::ErrorCollector {
public:
    void AddError(int line, google::protobuf::io::ColumnNumber column,
                  const std::string& message) override {
        if (!message_.empty()) return;
        message_ = std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " + message;
    }
    void AddWarning(int, google::protobuf::io::ColumnNumber, const std::string&) override {}
    const std::string& message() const { return message_; }

private:
    std::string message_;
};

} // namespace

std::shared_ptr<const io::MappedFile> map_protobuf_file(const std::filesystem::path& path,
                                                        std::string_view what) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(path.string() + ": no such file");
    auto file = io::MappedFile::open(path);
    if (file->size() > kMaxProtobufBytes)
        throw Error(path.string() +
                    ": file is larger than 2 GB, the protobuf limit (use external data)");
    if (file->size() == 0) throw Error(path.string() + ": empty file, not " + std::string(what));
    return file;
}

void parse_binary_protobuf(const std::filesystem::path& path, std::span<const std::byte> bytes,
                           google::protobuf::Message& message, std::string_view what) {
    if (bytes.size() > kMaxProtobufBytes)
        throw Error(path.string() + ": larger than 2 GB, the protobuf limit");
    google::protobuf::io::CodedInputStream stream(
        reinterpret_cast<const std::uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
    stream.SetTotalBytesLimit(INT_MAX); // protobuf's default 64 MB cap, raised to its hard limit
    if (!message.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage())
        throw Error(path.string() + ": not " + std::string(what) +
                    " (the protobuf is malformed or truncated)");
}

void parse_text_protobuf(const std::filesystem::path& path, google::protobuf::Message& message) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw Error(path.string() + ": no such file");
    const auto file = io::MappedFile::open(path);
    if (file->size() > kMaxTextProtobufBytes)
        throw Error(path.string() + ": a text file of " + std::to_string(file->size() >> 20) +
                    " MB is larger than the " + std::to_string(kMaxTextProtobufBytes >> 20) +
                    " MB read as text");
    const std::string_view text(reinterpret_cast<const char*>(file->data()), file->size());
    FirstError errors;
    google::protobuf::TextFormat::Parser parser;
    parser.RecordErrorsTo(&errors);
    if (!parser.ParseFromString(std::string(text), &message))
        throw Error(path.string() + ":" +
                    (errors.message().empty() ? std::string("1:1: not a text protobuf")
                                              : errors.message()));
}

} // namespace mo::frontends
