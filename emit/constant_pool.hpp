#pragma once
#include "engine/core/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mo::ir {

// Appends constants to the .bin stream. Each constant starts at a multiple of its element size
// (zero padding between), so a mapped .bin gives aligned data back. Constants with the same bytes
// are stored once: the second gets the first one's offset.
class ConstantPool {
public:
    explicit ConstantPool(std::ostream& out) : out_(out) {}

    // Returns (offset, size) in bytes of the tensor's data in the .bin. The tensor must stay
    // alive while the pool is used (its bytes are compared with later constants).
    std::pair<std::uint64_t, std::uint64_t> add(const Tensor& tensor);

private:
    struct Stored {
        std::uint64_t offset;
        const std::byte* data;
        std::size_t size;
    };

    std::ostream& out_;
    std::uint64_t position_ = 0;
    std::unordered_map<std::size_t, std::vector<Stored>> by_hash_;
};

} // namespace mo::ir
