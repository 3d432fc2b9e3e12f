#include "engine/transforms/frozen_value.hpp"

#include "engine/core/error.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace mo::transforms {
namespace {

bool fits(std::int64_t v, ElementType type) {
    switch (type) {
    case ElementType::i8:
        return v >= -128 && v <= 127;
    case ElementType::i16:
        return v >= -32768 && v <= 32767;
    case ElementType::i32:
        return v >= INT32_MIN && v <= INT32_MAX;
    case ElementType::u8:
        return v >= 0 && v <= 255;
    case ElementType::u16:
        return v >= 0 && v <= 65535;
    case ElementType::u32:
        return v >= 0 && v <= static_cast<std::int64_t>(UINT32_MAX);
    case ElementType::u64:
        return v >= 0;
    default:
        return true;
    }
}

double parse_number(const std::string& tok, ElementType type, const std::string& context) {
    if (type == ElementType::boolean) {
        if (tok == "True" || tok == "true" || tok == "1") return 1;
        if (tok == "False" || tok == "false" || tok == "0") return 0;
        throw Error(context + ": '" + tok + "' is not a boolean (True or False)");
    }
    if (is_integral(type)) {
        std::int64_t v = 0;
        auto [end, ec] = std::from_chars(tok.data(), tok.data() + tok.size(), v);
        if (ec != std::errc() || end != tok.data() + tok.size())
            throw Error(context + ": '" + tok + "' is not an integer (the input is " +
                        std::string(to_string(type)) + ")");
        if (!fits(v, type))
            throw Error(context + ": " + tok + " does not fit " + std::string(to_string(type)));
        return static_cast<double>(v);
    }
    char* end = nullptr;
    const double v = std::strtod(tok.c_str(), &end);
    if (tok.empty() || end != tok.c_str() + tok.size())
        throw Error(context + ": '" + tok + "' is not a number");
    return v;
}

} // namespace

Tensor make_frozen_value(const std::vector<std::string>& tokens, bool is_list, ElementType type,
                         const PartialShape& shape, std::string_view context_view) {
    const std::string context(context_view);
    if (type == ElementType::dynamic) type = ElementType::f32;
    if (byte_size(type) == 0 || type == ElementType::u1)
        throw Error(context + ": cannot freeze an input of type " + std::string(to_string(type)));
    const auto n = static_cast<std::int64_t>(tokens.size());
    Shape target;
    if (shape.is_static()) {
        target = shape.to_shape();
        const std::int64_t want = element_count(target);
        if (n != want && n != 1)
            throw Error(context + ": " + std::to_string(n) + " values given for shape " +
                        shape.to_string() + ", which holds " + std::to_string(want));
    } else {
        target = is_list ? Shape{n} : Shape{};
        if (shape.rank_known() && shape.rank() != target.size())
            throw Error(context + ": the value does not fit shape " + shape.to_string() +
                        "; give the shape in [] before '->'");
    }
    std::vector<double> values;
    values.reserve(tokens.size());
    for (const auto& tok : tokens) values.push_back(parse_number(tok, type, context));
    Tensor t(type, target);
    const std::int64_t count = t.size();
    for (std::int64_t i = 0; i < count; ++i)
        set_value_from_double(t, i, values[n == 1 ? 0 : static_cast<std::size_t>(i)]);
    return t;
}

} // namespace mo::transforms
