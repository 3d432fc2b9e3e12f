#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>

namespace mo::io {

// A read-only, private memory mapping of a whole file. Unmapped when the last owner goes away, so
// tensors borrowing from it (Tensor::borrowed with the mapping as owner) keep it alive.
class MappedFile {
public:
    // Maps `path`; throws mo::Error naming the file when it cannot be opened or mapped.
    static std::shared_ptr<const MappedFile> open(const std::filesystem::path& path);

    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    std::span<const std::byte> bytes() const { return {data_, size_}; }
    const std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }

private:
    MappedFile(const std::byte* data, std::size_t size) : data_(data), size_(size) {}

    const std::byte* data_ = nullptr; // nullptr for an empty file (nothing mapped)
    std::size_t size_ = 0;
};

} // namespace mo::io
