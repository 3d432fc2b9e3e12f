#include "engine/core/attribute.hpp"

#include <charconv>
#include <cmath>

namespace mo {
namespace {
[[noreturn]] void missing(std::string_view name) {
    throw InferenceError("missing attribute '" + std::string(name) + "'");
}
[[noreturn]] void wrong_type(std::string_view name, const AttrValue& v, std::string_view wanted) {
    throw InferenceError("attribute '" + std::string(name) + "' is " +
                         std::string(attribute_kind(v)) + ", expected " + std::string(wanted));
}

std::string format_double(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    // Shortest text that reads back to the same float (attributes are f32 in the runtime),
    // falling back to double precision when the value needs it.
    char buf[64];
    const float f = static_cast<float>(d);
    if (static_cast<double>(f) == d) {
        auto [p, ec] = std::to_chars(buf, buf + sizeof buf, f);
        return std::string(buf, p);
    }
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, p);
}
} // namespace

std::string_view attribute_kind(const AttrValue& v) {
    switch (v.index()) {
    case 0:
        return "bool";
    case 1:
        return "int";
    case 2:
        return "float";
    case 3:
        return "string";
    case 4:
        return "ints";
    case 5:
        return "floats";
    case 6:
        return "strings";
    case 7:
        return "tensor";
    }
    return "?";
}

std::int64_t Attributes::get_int(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* i = std::get_if<std::int64_t>(v)) return *i;
    if (auto* b = std::get_if<bool>(v)) return *b ? 1 : 0;
    if (auto* d = std::get_if<double>(v)) return static_cast<std::int64_t>(*d);
    wrong_type(name, *v, "int");
}

double Attributes::get_float(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* d = std::get_if<double>(v)) return *d;
    if (auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
    wrong_type(name, *v, "float");
}

bool Attributes::get_bool(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* b = std::get_if<bool>(v)) return *b;
    if (auto* i = std::get_if<std::int64_t>(v)) return *i != 0;
    if (auto* s = std::get_if<std::string>(v)) {
        if (*s == "true") return true;
        if (*s == "false") return false;
    }
    wrong_type(name, *v, "bool");
}

const std::string& Attributes::get_string(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* s = std::get_if<std::string>(v)) return *s;
    wrong_type(name, *v, "string");
}

std::vector<std::int64_t> Attributes::get_ints(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* l = std::get_if<std::vector<std::int64_t>>(v)) return *l;
    if (auto* i = std::get_if<std::int64_t>(v)) return {*i};
    wrong_type(name, *v, "ints");
}

std::vector<double> Attributes::get_floats(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* l = std::get_if<std::vector<double>>(v)) return *l;
    if (auto* l = std::get_if<std::vector<std::int64_t>>(v)) return {l->begin(), l->end()};
    if (auto* d = std::get_if<double>(v)) return {*d};
    wrong_type(name, *v, "floats");
}

const std::vector<std::string>& Attributes::get_strings(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* l = std::get_if<std::vector<std::string>>(v)) return *l;
    wrong_type(name, *v, "strings");
}

const Tensor& Attributes::get_tensor(std::string_view name) const {
    const AttrValue* v = find(name);
    if (!v) missing(name);
    if (auto* t = std::get_if<Tensor>(v)) return *t;
    wrong_type(name, *v, "tensor");
}

bool Attributes::operator==(const Attributes& other) const {
    if (values_ == other.values_) return true;
    if (size() != other.size()) return false;
    for (auto a = begin(), b = other.begin(); a != end(); ++a, ++b) {
        if (a->first != b->first || a->second.index() != b->second.index()) return false;
        if (auto* t = std::get_if<Tensor>(&a->second)) {
            if (!t->equals(std::get<Tensor>(b->second))) return false;
        } else if (format_attribute(a->second) != format_attribute(b->second)) {
            return false;
        }
    }
    return true;
}

std::string format_attribute(const AttrValue& v) {
    struct Visitor {
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const { return format_double(d); }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const std::vector<std::int64_t>& l) const {
            std::string s;
            for (std::size_t i = 0; i < l.size(); ++i) s += (i ? "," : "") + std::to_string(l[i]);
            return s;
        }
        std::string operator()(const std::vector<double>& l) const {
            std::string s;
            for (std::size_t i = 0; i < l.size(); ++i) s += (i ? "," : "") + format_double(l[i]);
            return s;
        }
        std::string operator()(const std::vector<std::string>& l) const {
            std::string s;
            for (std::size_t i = 0; i < l.size(); ++i) s += (i ? "," : "") + l[i];
            return s;
        }
        std::string operator()(const Tensor& t) const {
            return "tensor<" + std::string(to_string(t.type())) + mo::to_string(t.shape()) + ">";
        }
    };
    return std::visit(Visitor{}, v);
}

} // namespace mo
