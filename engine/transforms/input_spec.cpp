#include "engine/transforms/input_spec.hpp"

#include "engine/core/error.hpp"

#include <cctype>
#include <charconv>

namespace mo::transforms {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// Tokens separated by commas and/or spaces.
std::vector<std::string> tokens(std::string_view s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
            if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

char closing_of(char open) {
    return open == '[' ? ']' : open == '(' ? ')' : '}';
}

} // namespace

std::vector<std::string> split_top_level(std::string_view text, char sep) {
    std::vector<std::string> out;
    std::string cur;
    int depth = 0;
    for (char c : text) {
        if (c == '[' || c == '(' || c == '{') ++depth;
        if ((c == ']' || c == ')' || c == '}') && depth > 0) --depth;
        if (c == sep && depth == 0) {
            out.emplace_back(trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.emplace_back(trim(cur));
    return out;
}

PartialShape parse_shape(std::string_view text, std::string_view context) {
    const std::string_view t = trim(text);
    auto fail = [&](const std::string& why) -> PartialShape {
        throw Error(std::string(context) + ": bad shape '" + std::string(t) + "': " + why);
    };
    if (t.size() < 2 ||
        !((t.front() == '[' && t.back() == ']') || (t.front() == '(' && t.back() == ')')))
        return fail("expected dimensions in [] or (), like [1,3,224,224]");
    Shape dims;
    for (const std::string& tok : tokens(t.substr(1, t.size() - 2))) {
        if (tok == "?" || tok == "-1") {
            dims.push_back(PartialShape::kDynamic);
            continue;
        }
        std::int64_t d = 0;
        auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), d);
        if (ec != std::errc() || end != tok.data() + tok.size() || d < 0)
            return fail("'" + tok + "' is not a dimension (a non-negative integer, ? or -1)");
        dims.push_back(d);
    }
    return PartialShape(std::move(dims));
}

ElementType parse_element_type(std::string_view text, std::string_view context) {
    const std::string_view t = trim(text);
    const std::string name = t == "bool"    ? "boolean"
                             : t == "float" ? "f32"
                             : t == "half"  ? "f16"
                                            : std::string(t);
    auto type = element_type_from_string(name);
    if (!type || *type == ElementType::dynamic || *type == ElementType::string ||
        *type == ElementType::u1)
        throw Error(std::string(context) + ": unknown element type '" + std::string(t) +
                    "' (use f64, f32, f16, i64, i32, i8, u8 or boolean)");
    return *type;
}

std::vector<InputSpec> parse_input_list(std::string_view text) {
    std::vector<InputSpec> out;
    for (const std::string& raw : split_top_level(text, ',')) {
        const std::string context = "--input '" + raw + "'";
        if (raw.empty()) throw Error("--input: empty item in '" + std::string(text) + "'");
        InputSpec spec;
        std::string_view rest = raw;
        // Frozen value after "->".
        if (auto arrow = rest.find("->"); arrow != std::string_view::npos) {
            std::string_view value = trim(rest.substr(arrow + 2));
            rest = trim(rest.substr(0, arrow));
            if (value.empty()) throw Error(context + ": no value after '->'");
            if (value.front() == '[') {
                if (value.back() != ']') throw Error(context + ": value list is missing ']'");
                spec.value_is_list = true;
                spec.value = tokens(value.substr(1, value.size() - 2));
                if (spec.value->empty()) throw Error(context + ": empty value list");
            } else {
                spec.value = std::vector<std::string>{std::string(value)};
            }
        }
        // Trailing {type} and [shape]/(shape) in either order.
        for (int pass = 0; pass < 2 && !rest.empty(); ++pass) {
            const char last = rest.back();
            if (last != '}' && last != ']' && last != ')') break;
            const char open = last == '}' ? '{' : last == ']' ? '[' : '(';
            const auto pos = rest.rfind(open);
            if (pos == std::string_view::npos) break;
            if (pos == 0) throw Error(context + ": no node name");
            const std::string_view group = rest.substr(pos);
            if (group.back() != closing_of(open)) break;
            if (open == '{') {
                if (spec.type) throw Error(context + ": more than one element type");
                spec.type = parse_element_type(group.substr(1, group.size() - 2), context);
            } else {
                if (spec.shape) throw Error(context + ": more than one shape");
                spec.shape = parse_shape(group, context);
            }
            rest = trim(rest.substr(0, pos));
        }
        if (rest.empty()) throw Error(context + ": no node name");
        spec.ref = std::string(rest);
        out.push_back(std::move(spec));
    }
    return out;
}

std::vector<PartialShape> parse_shape_list(std::string_view text) {
    std::vector<PartialShape> out;
    for (const std::string& item : split_top_level(text, ',')) {
        if (item.empty()) throw Error("--input_shape: empty item in '" + std::string(text) + "'");
        out.push_back(parse_shape(item, "--input_shape"));
    }
    return out;
}

} // namespace mo::transforms
