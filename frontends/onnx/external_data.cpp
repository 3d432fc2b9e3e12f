#include "frontends/onnx/external_data.hpp"

#include "engine/core/error.hpp"

#include <charconv>
#include <cstring>
#include <optional>
#include <string>

namespace mo::onnx_fe {
namespace {

std::uint64_t parse_size(const std::string& tensor, const std::string& key,
                         const std::string& text) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        throw Error("tensor '" + tensor + "': external data key '" + key +
                    "' is not a byte count: '" + text + "'");
    return v;
}

} // namespace

std::shared_ptr<const io::MappedFile> ExternalData::map(const std::filesystem::path& path) {
    auto it = files_.find(path);
    if (it != files_.end()) return it->second;
    auto file = io::MappedFile::open(path);
    files_.emplace(path, file);
    return file;
}

Tensor ExternalData::load(const onnx::TensorProto& proto, ElementType type, const Shape& shape) {
    const std::string& name = proto.name();
    std::optional<std::string> location;
    std::uint64_t offset = 0;
    std::optional<std::uint64_t> length;
    for (const auto& entry : proto.external_data()) {
        if (entry.key() == "location")
            location = entry.value();
        else if (entry.key() == "offset")
            offset = parse_size(name, "offset", entry.value());
        else if (entry.key() == "length")
            length = parse_size(name, "length", entry.value());
        // "checksum" and unknown keys are informational.
    }
    if (!location || location->empty())
        throw Error("tensor '" + name + "': external data without a 'location'");
    const std::filesystem::path relative(*location);
    if (relative.is_absolute())
        throw Error("tensor '" + name + "': external data location '" + *location +
                    "' must be relative to the model's directory");
    for (const auto& part : relative)
        if (part == "..")
            throw Error("tensor '" + name + "': external data location '" + *location +
                        "' must not leave the model's directory");
    const std::filesystem::path path = model_dir_ / relative;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error("tensor '" + name + "': external data file " + path.string() + " not found");
    auto file = map(path);

    const std::size_t expected = static_cast<std::size_t>(element_count(shape)) * byte_size(type);
    if (length && *length != expected)
        throw Error("tensor '" + name + "': external data length " + std::to_string(*length) +
                    " does not match its shape " + to_string(shape) + " (" +
                    std::to_string(expected) + " bytes)");
    if (offset > file->size() || file->size() - offset < expected)
        throw Error("tensor '" + name + "': external data range [" + std::to_string(offset) + ", " +
                    std::to_string(offset + expected) + ") is outside " + path.string() + " (" +
                    std::to_string(file->size()) + " bytes)");
    const std::byte* data = file->bytes().data() + offset;
    if (expected == 0) return Tensor(type, shape);
    if (reinterpret_cast<std::uintptr_t>(data) % byte_size(type) != 0) {
        Tensor copy(type, shape); // misaligned for typed access: copy
        std::memcpy(copy.mutable_raw(), data, expected);
        return copy;
    }
    return Tensor::borrowed(type, shape, file, data);
}

} // namespace mo::onnx_fe
