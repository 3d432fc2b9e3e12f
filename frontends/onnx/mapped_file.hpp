#pragma once
#include <cstddef>
#include <filesystem>
#include <span>

namespace mo::onnx_fe {

// A read-only memory map of a whole file (RAII: unmapped on destruction). An empty file maps to
// an empty span. Throws mo::Error naming the file when it cannot be opened or mapped.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const std::byte> bytes() const { return {data_, size_}; }
    std::size_t size() const { return size_; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    const std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace mo::onnx_fe
