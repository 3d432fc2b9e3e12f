#include "emit/ir_format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace mo::ir {
namespace {
constexpr std::array<std::pair<ElementType, std::string_view>, 14> kPrecisions{{
    {ElementType::f16, "FP16"},
    {ElementType::f32, "FP32"},
    {ElementType::bf16, "BF16"},
    {ElementType::f64, "FP64"},
    {ElementType::i8, "I8"},
    {ElementType::i16, "I16"},
    {ElementType::i32, "I32"},
    {ElementType::i64, "I64"},
    {ElementType::u8, "U8"},
    {ElementType::u16, "U16"},
    {ElementType::u32, "U32"},
    {ElementType::u64, "U64"},
    {ElementType::u1, "BIN"},
    {ElementType::boolean, "BOOL"},
}};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        parts.push_back(
            trim(text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
        if (comma == std::string_view::npos) return parts;
        start = comma + 1;
    }
}

std::optional<std::int64_t> parse_int(std::string_view s) {
    if (s.empty()) return std::nullopt;
    std::int64_t v = 0;
    const char* first = s.data();
    if (*first == '+') ++first;
    auto [p, ec] = std::from_chars(first, s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<double> parse_float(std::string_view s) {
    if (s.empty()) return std::nullopt;
    // from_chars accepts "inf"/"nan", which format_attribute writes for non-finite values.
    double v = 0;
    const char* first = s.data();
    if (*first == '+') ++first;
    auto [p, ec] = std::from_chars(first, s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}
} // namespace

const OpDef* find_op(std::string_view type, int opset) {
    const OpRegistry& registry = op_registry();
    if (const OpDef* def = registry.find(type, opset)) return def;
    for (const OpDef* def : registry.all())
        if (def->opset == opset && iequals(def->type, type)) return def;
    return nullptr;
}

std::optional<std::string_view> precision_name(ElementType t) {
    for (const auto& [type, name] : kPrecisions)
        if (type == t) return name;
    return std::nullopt;
}

std::optional<ElementType> element_type_from_precision(std::string_view precision) {
    for (const auto& [type, name] : kPrecisions)
        if (iequals(name, precision)) return type;
    if (iequals(precision, "bool")) return ElementType::boolean;
    if (auto t = element_type_from_string(precision); t && t != ElementType::dynamic) return t;
    return std::nullopt;
}

std::string join_tensor_names(std::vector<std::string> names) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += ',';
        for (char c : name) {
            if (c == ',') out += '\\';
            out += c;
        }
    }
    return out;
}

std::vector<std::string> split_tensor_names(std::string_view text) {
    std::vector<std::string> names;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && text[i + 1] == ',') {
            current += ',';
            ++i;
        } else if (c == ',') {
            names.emplace_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    names.emplace_back(trim(current));
    std::erase_if(names, [](const std::string& n) { return n.empty(); });
    return names;
}

std::optional<std::string> format_shape_attribute(const PartialShape& shape, int ir_version) {
    if (!shape.rank_known()) {
        if (ir_version < 11) return std::nullopt;
        return std::string("...");
    }
    std::string out;
    for (std::size_t i = 0; i < shape.rank(); ++i) {
        if (i) out += ',';
        const auto d = shape[i];
        out += d == PartialShape::kDynamic ? (ir_version >= 11 ? "?" : "-1") : std::to_string(d);
    }
    return out;
}

std::optional<PartialShape> parse_shape_attribute(std::string_view text) {
    text = trim(text);
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
        text = trim(text.substr(1, text.size() - 2));
    if (text == "...") return PartialShape::dynamic();
    if (text.empty()) return PartialShape(Shape{});
    Shape dims;
    for (auto part : split_commas(text)) {
        if (part == "?" || part == "-1" || part.find("..") != std::string_view::npos) {
            dims.push_back(PartialShape::kDynamic);
            continue;
        }
        auto v = parse_int(part);
        if (!v || *v < 0) return std::nullopt;
        dims.push_back(*v);
    }
    return PartialShape(std::move(dims));
}

AttrValue parse_attribute_value(std::string_view text) {
    const std::string_view t = trim(text);
    if (t == "true") return true;
    if (t == "false") return false;
    if (auto i = parse_int(t)) return *i;
    if (t.find(',') == std::string_view::npos) {
        // A lone float (format_attribute writes non-finite values as inf, -inf, nan); other
        // words stay strings.
        if (!t.empty() &&
            (std::isdigit(static_cast<unsigned char>(t.front())) || t.front() == '-' ||
             t.front() == '+' || t.front() == '.' || t == "inf" || t == "nan"))
            if (auto d = parse_float(t)) return *d;
        return std::string(text);
    }
    const auto parts = split_commas(t);
    std::vector<std::int64_t> ints;
    bool all_ints = true;
    for (auto p : parts) {
        auto v = parse_int(p);
        if (!v) {
            all_ints = false;
            break;
        }
        ints.push_back(*v);
    }
    if (all_ints) return ints;
    std::vector<double> floats;
    for (auto p : parts) {
        auto v = parse_float(p);
        if (!v) return std::string(text);
        floats.push_back(*v);
    }
    return floats;
}

} // namespace mo::ir
