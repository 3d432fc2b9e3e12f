#include "frontends/onnx/weight_splitter.hpp"

#include <cstdint>

namespace mo::onnx_fe {
namespace {

// Field numbers from onnx.proto.
constexpr std::uint64_t kModelGraph = 7;       // ModelProto.graph
constexpr std::uint64_t kGraphInitializer = 5; // GraphProto.initializer
constexpr std::uint64_t kTensorRawData = 9;    // TensorProto.raw_data
// Smaller raw_data stays in the skeleton: borrowing it would save nothing worth the bookkeeping.
constexpr std::size_t kMinSplitBytes = 256;

enum WireType : std::uint64_t { kVarint = 0, kFixed64 = 1, kLen = 2, kFixed32 = 5 };

struct Malformed {}; // internal: unwinds to split_initializer_data, which gives up

// A cursor over a protobuf message's bytes.
class Reader {
public:
    explicit Reader(std::span<const std::byte> bytes) : bytes_(bytes) {}
    bool done() const { return pos_ == bytes_.size(); }
    std::size_t pos() const { return pos_; }

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ == bytes_.size()) throw Malformed{};
            const auto b = static_cast<std::uint8_t>(bytes_[pos_++]);
            value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
            if (!(b & 0x80)) return value;
        }
        throw Malformed{};
    }
    std::span<const std::byte> take(std::uint64_t n) {
        if (n > bytes_.size() - pos_) throw Malformed{};
        auto out = bytes_.subspan(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        return out;
    }
    // Skips the value of a field of the given wire type; returns the value's bytes (LEN: without
    // the length prefix).
    std::span<const std::byte> value(std::uint64_t wire_type) {
        switch (wire_type) {
        case kVarint: {
            const std::size_t start = pos_;
            varint();
            return bytes_.subspan(start, pos_ - start);
        }
        case kFixed64:
            return take(8);
        case kLen:
            return take(varint());
        case kFixed32:
            return take(4);
        default: // groups (deprecated) and invalid wire types
            throw Malformed{};
        }
    }

private:
    std::span<const std::byte> bytes_;
    std::size_t pos_ = 0;
};

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7F) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void put_bytes(std::string& out, std::span<const std::byte> bytes) {
    out.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

void put_len_field(std::string& out, std::uint64_t field, const std::string& payload) {
    put_varint(out, (field << 3) | kLen);
    put_varint(out, payload.size());
    out += payload;
}

// Copies a message, passing each LEN field `field` through `rewrite` instead of copying it.
template <class Rewrite>
std::string copy_message(std::span<const std::byte> message, std::uint64_t field,
                         Rewrite&& rewrite) {
    std::string out;
    Reader r(message);
    while (!r.done()) {
        const std::size_t start = r.pos();
        const std::uint64_t tag = r.varint();
        if ((tag >> 3) == 0) throw Malformed{};
        const auto payload = r.value(tag & 7);
        if ((tag >> 3) == field && (tag & 7) == kLen)
            rewrite(out, payload);
        else
            put_bytes(out, message.subspan(start, r.pos() - start));
    }
    return out;
}

} // namespace

std::optional<SplitModel> split_initializer_data(std::span<const std::byte> model_file) {
    SplitModel split;
    int graphs = 0;
    try {
        auto rewrite_tensor = [&](std::string& out, std::span<const std::byte> tensor) {
            std::optional<std::span<const std::byte>> raw;
            std::string kept = copy_message(
                tensor, kTensorRawData, [&](std::string& t, std::span<const std::byte> data) {
                    if (data.size() >= kMinSplitBytes) {
                        raw = data; // the last occurrence wins, as in protobuf
                    } else {
                        put_len_field(
                            t, kTensorRawData,
                            std::string(reinterpret_cast<const char*>(data.data()), data.size()));
                        raw.reset();
                    }
                });
            split.initializer_raw_data.push_back(raw);
            put_len_field(out, kGraphInitializer, kept);
        };
        auto rewrite_graph = [&](std::string& out, std::span<const std::byte> graph) {
            ++graphs;
            put_len_field(out, kModelGraph, copy_message(graph, kGraphInitializer, rewrite_tensor));
        };
        split.skeleton = copy_message(model_file, kModelGraph, rewrite_graph);
    } catch (const Malformed&) {
        return std::nullopt;
    }
    // Protobuf merges repeated occurrences of a message field; the initializer order would then not
    // be the file order. Rare enough to leave to the plain parser.
    if (graphs != 1) return std::nullopt;
    return split;
}

} // namespace mo::onnx_fe
