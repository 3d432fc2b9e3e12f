#include "engine/io/npy.hpp"

#include "engine/core/error.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::io {
namespace {

static_assert(std::endian::native == std::endian::little, "npy I/O assumes a little-endian host");

constexpr std::string_view kMagic = "\x93NUMPY";

struct DtypeSpelling {
    ElementType type;
    std::string_view code; // kind + item size, e.g. "f4"
};
constexpr std::array<DtypeSpelling, 12> kDtypes{{
    {ElementType::f16, "f2"},
    {ElementType::f32, "f4"},
    {ElementType::f64, "f8"},
    {ElementType::i8, "i1"},
    {ElementType::i16, "i2"},
    {ElementType::i32, "i4"},
    {ElementType::i64, "i8"},
    {ElementType::u8, "u1"},
    {ElementType::u16, "u2"},
    {ElementType::u32, "u4"},
    {ElementType::u64, "u8"},
    {ElementType::boolean, "b1"},
}};

// A tiny reader for the Python dict literal of the header:
// {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
class HeaderParser {
public:
    explicit HeaderParser(std::string_view text) : text_(text) {}

    struct Fields {
        std::optional<std::string> descr;
        std::optional<bool> fortran_order;
        std::optional<Shape> shape;
    };

    Fields parse() {
        Fields f;
        expect('{');
        while (true) {
            skip_space();
            if (peek() == '}') break;
            const std::string key = string_literal();
            expect(':');
            if (key == "descr") {
                f.descr = string_literal();
            } else if (key == "fortran_order") {
                f.fortran_order = boolean();
            } else if (key == "shape") {
                f.shape = tuple();
            } else {
                throw Error("unknown header key '" + key + "'");
            }
            skip_space();
            if (peek() == ',') {
                ++pos_;
                continue;
            }
            skip_space();
            if (peek() != '}') throw Error("expected ',' or '}' in header");
        }
        return f;
    }

private:
    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c) throw Error(std::string("expected '") + c + "' in header");
        ++pos_;
    }
    std::string string_literal() {
        skip_space();
        const char quote = peek();
        if (quote != '\'' && quote != '"') throw Error("expected a quoted string in header");
        const auto end = text_.find(quote, pos_ + 1);
        if (end == std::string_view::npos) throw Error("unterminated string in header");
        std::string s(text_.substr(pos_ + 1, end - pos_ - 1));
        pos_ = end + 1;
        return s;
    }
    bool boolean() {
        skip_space();
        if (text_.substr(pos_, 4) == "True") {
            pos_ += 4;
            return true;
        }
        if (text_.substr(pos_, 5) == "False") {
            pos_ += 5;
            return false;
        }
        throw Error("expected True or False in header");
    }
    Shape tuple() {
        expect('(');
        Shape dims;
        while (true) {
            skip_space();
            if (peek() == ')') {
                ++pos_;
                return dims;
            }
            std::int64_t v = 0;
            auto [p, ec] = std::from_chars(text_.data() + pos_, text_.data() + text_.size(), v);
            if (ec != std::errc() || v < 0) throw Error("bad dimension in header shape");
            pos_ = static_cast<std::size_t>(p - text_.data());
            dims.push_back(v);
            // numpy also writes 'L' suffixes in Python 2 files.
            if (peek() == 'L') ++pos_;
            skip_space();
            if (peek() == ',')
                ++pos_;
            else if (peek() != ')')
                throw Error("expected ',' or ')' in header shape");
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

ElementType dtype_from_descr(const std::string& descr) {
    if (descr.size() < 3) throw Error("unsupported dtype '" + descr + "'");
    const char order = descr[0];
    const std::string_view code = std::string_view(descr).substr(1);
    const auto it = std::find_if(kDtypes.begin(), kDtypes.end(),
                                 [&](const DtypeSpelling& d) { return d.code == code; });
    if (order != '<' && order != '|' && order != '=' && order != '>')
        throw Error("unsupported dtype '" + descr + "'");
    if (it == kDtypes.end()) throw Error("unsupported dtype '" + descr + "'");
    if (order == '>' && byte_size(it->type) > 1)
        throw Error("big-endian data ('" + descr + "') is not supported");
    return it->type;
}

// Keeps element counts (and their byte sizes) well inside int64.
constexpr std::uint64_t kMaxElements = std::uint64_t{1} << 58;

std::uint32_t read_le(const unsigned char* p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

Tensor parse_npy(const std::vector<char>& file) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(file.data());
    if (file.size() < 10 || std::string_view(file.data(), kMagic.size()) != kMagic)
        throw Error("not a .npy file (bad magic)");
    const int major = bytes[6];
    const int minor = bytes[7];
    if ((major != 1 && major != 2 && major != 3) || minor != 0)
        throw Error("unsupported .npy format version " + std::to_string(major) + "." +
                    std::to_string(minor));
    const int len_bytes = major == 1 ? 2 : 4;
    const std::size_t prefix = 8 + static_cast<std::size_t>(len_bytes);
    if (file.size() < prefix) throw Error("truncated header");
    const std::size_t header_len = read_le(bytes + 8, len_bytes);
    if (file.size() < prefix + header_len) throw Error("truncated header");
    const std::string_view header(file.data() + prefix, header_len);

    auto fields = HeaderParser(header).parse();
    if (!fields.descr || !fields.fortran_order || !fields.shape)
        throw Error("header lacks 'descr', 'fortran_order' or 'shape'");
    const ElementType type = dtype_from_descr(*fields.descr);
    if (*fields.fortran_order) throw Error("Fortran-order arrays are not supported");

    std::uint64_t count = 1;
    for (auto d : *fields.shape) {
        const auto ud = static_cast<std::uint64_t>(d);
        if (ud != 0 && count > kMaxElements / ud) throw Error("shape too large");
        count *= ud;
    }
    const std::uint64_t data_bytes = count * byte_size(type);
    const std::size_t data_offset = prefix + header_len;
    if (file.size() - data_offset < data_bytes)
        throw Error("truncated data: expected " + std::to_string(data_bytes) + " bytes, found " +
                    std::to_string(file.size() - data_offset));

    Tensor t(type, *fields.shape);
    if (data_bytes == 0) return t;
    std::byte* out = t.mutable_raw();
    std::memcpy(out, file.data() + data_offset, data_bytes);
    if (type == ElementType::boolean) // any non-zero byte is true; keep bools 0/1
        for (std::uint64_t i = 0; i < data_bytes; ++i)
            out[i] = out[i] != std::byte{0} ? std::byte{1} : std::byte{0};
    return t;
}

std::string_view descr_code(ElementType t) {
    for (const auto& d : kDtypes)
        if (d.type == t) return d.code;
    throw Error("element type " + std::string(to_string(t)) + " cannot be stored in .npy");
}

} // namespace

Tensor read_npy(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot open '" + path.string() + "'");
    std::vector<char> file((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw Error("cannot read '" + path.string() + "'");
    try {
        return parse_npy(file);
    } catch (const Error& e) {
        throw Error(path.string() + ": " + e.what());
    }
}

void write_npy(const std::filesystem::path& path, const Tensor& tensor) {
    if (!tensor.valid()) throw Error(path.string() + ": cannot write an empty tensor");
    const std::string_view code = [&] {
        try {
            return descr_code(tensor.type());
        } catch (const Error& e) {
            throw Error(path.string() + ": " + e.what());
        }
    }();
    const char order = byte_size(tensor.type()) == 1 ? '|' : '<';

    std::string dict = "{'descr': '";
    dict += order;
    dict += code;
    dict += "', 'fortran_order': False, 'shape': (";
    for (std::size_t i = 0; i < tensor.shape().size(); ++i) {
        dict += std::to_string(tensor.shape()[i]);
        dict += tensor.shape().size() == 1 ? "," : (i + 1 < tensor.shape().size() ? ", " : "");
    }
    dict += "), }";

    // Pad with spaces and a final newline so the data starts at a multiple of 64 bytes.
    const bool v2 = dict.size() + 1 + 10 > 65535;
    const std::size_t prefix = v2 ? 12 : 10;
    const std::size_t total = (prefix + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - prefix - dict.size() - 1, ' ');
    dict += '\n';

    std::string head(kMagic);
    head += static_cast<char>(v2 ? 2 : 1);
    head += '\0';
    const std::size_t len = dict.size();
    for (std::size_t i = 0; i < (v2 ? 4u : 2u); ++i)
        head += static_cast<char>((len >> (8 * i)) & 0xff);

    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error("cannot write '" + path.string() + "'");
    out.write(head.data(), static_cast<std::streamsize>(head.size()));
    out.write(dict.data(), static_cast<std::streamsize>(dict.size()));
    const auto data = tensor.bytes();
    out.write(reinterpret_cast<const char*>(data.data()),
              static_cast<std::streamsize>(data.size()));
    out.close();
    if (!out) throw Error("cannot write '" + path.string() + "'");
}

} // namespace mo::io
