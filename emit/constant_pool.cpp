#include "emit/constant_pool.hpp"

#include "engine/core/error.hpp"

#include <cstring>
#include <string_view>

namespace mo::ir {

std::pair<std::uint64_t, std::uint64_t> ConstantPool::add(const Tensor& tensor) {
    const auto bytes = tensor.bytes();
    const std::size_t size = bytes.size();
    const std::uint64_t align = std::max<std::size_t>(byte_size(tensor.type()), 1);
    if (size == 0) return {position_, 0};

    const std::size_t hash =
        std::hash<std::string_view>{}({reinterpret_cast<const char*>(bytes.data()), size});
    auto& bucket = by_hash_[hash];
    for (const Stored& s : bucket)
        if (s.size == size && s.offset % align == 0 && std::memcmp(s.data, bytes.data(), size) == 0)
            return {s.offset, size};

    static constexpr char kZeros[8] = {};
    const std::uint64_t padding = (align - position_ % align) % align;
    out_.write(kZeros, static_cast<std::streamsize>(padding));
    position_ += padding;
    const std::uint64_t offset = position_;
    out_.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!out_) throw Error("cannot write the weights file (disk full?)");
    position_ += size;
    bucket.push_back({offset, bytes.data(), size});
    return {offset, size};
}

} // namespace mo::ir
