#include "emit/constant_pool.hpp"

#include "engine/core/error.hpp"

#include <cstring>
#include <string_view>

namespace mo::ir {
namespace {

// A hash of the size and up to 64 evenly spaced 64-byte windows. Equal bytes give equal hashes;
// different constants that collide are told apart by memcmp. Hashing every byte of every weight
// (hundreds of MB) would cost more than writing them.
std::size_t sample_hash(std::span<const std::byte> bytes) {
    constexpr std::size_t kWindow = 64, kWindows = 64;
    const std::string_view all(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    std::size_t h = std::hash<std::size_t>{}(bytes.size());
    auto mix = [&h](std::string_view part) {
        h ^= std::hash<std::string_view>{}(part) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    };
    if (all.size() <= kWindow * kWindows) {
        mix(all);
        return h;
    }
    const std::size_t stride = (all.size() - kWindow) / (kWindows - 1);
    for (std::size_t i = 0; i < kWindows; ++i) mix(all.substr(i * stride, kWindow));
    return h;
}

} // namespace

std::pair<std::uint64_t, std::uint64_t> ConstantPool::add(const Tensor& tensor) {
    const auto bytes = tensor.bytes();
    const std::size_t size = bytes.size();
    const std::uint64_t align = std::max<std::size_t>(byte_size(tensor.type()), 1);
    if (size == 0) return {position_, 0};

    const std::size_t hash = sample_hash(bytes);
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
