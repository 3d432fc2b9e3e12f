#include "frontends/onnx/attributes.hpp"

#include "engine/core/error.hpp"

namespace mo::onnx_fe {

using Kind = onnx::AttributeProto_AttributeType;

Kind attribute_kind(const onnx::AttributeProto& a) {
    if (a.type() != onnx::AttributeProto_AttributeType_UNDEFINED) return a.type();
    if (a.has_f()) return onnx::AttributeProto_AttributeType_FLOAT;
    if (a.has_i()) return onnx::AttributeProto_AttributeType_INT;
    if (a.has_s()) return onnx::AttributeProto_AttributeType_STRING;
    if (a.has_t()) return onnx::AttributeProto_AttributeType_TENSOR;
    if (a.has_g()) return onnx::AttributeProto_AttributeType_GRAPH;
    if (a.floats_size() > 0) return onnx::AttributeProto_AttributeType_FLOATS;
    if (a.ints_size() > 0) return onnx::AttributeProto_AttributeType_INTS;
    if (a.strings_size() > 0) return onnx::AttributeProto_AttributeType_STRINGS;
    if (a.graphs_size() > 0) return onnx::AttributeProto_AttributeType_GRAPHS;
    return onnx::AttributeProto_AttributeType_UNDEFINED;
}

bool holds_graph(const onnx::AttributeProto& a) {
    const Kind k = attribute_kind(a);
    return k == onnx::AttributeProto_AttributeType_GRAPH ||
           k == onnx::AttributeProto_AttributeType_GRAPHS || a.has_g() || a.graphs_size() > 0;
}

NodeAttributes::NodeAttributes(const onnx::NodeProto& node, std::string node_label,
                               TensorSource source)
    : node_(node), label_(std::move(node_label)), source_(std::move(source)) {}

const onnx::AttributeProto* NodeAttributes::find(std::string_view name) const {
    for (const auto& a : node_.attribute())
        if (a.name() == name) return &a;
    return nullptr;
}

const onnx::AttributeProto& NodeAttributes::require(std::string_view name) const {
    const auto* a = find(name);
    if (!a) throw Error(label_ + ": required attribute '" + std::string(name) + "' is missing");
    return *a;
}

void NodeAttributes::fail(const std::string& message) const {
    throw Error(label_ + ": " + message);
}

void NodeAttributes::wrong_kind(const onnx::AttributeProto& a, const char* expected) const {
    const Kind k = attribute_kind(a);
    const std::string kind = onnx::AttributeProto_AttributeType_IsValid(k)
                                 ? onnx::AttributeProto_AttributeType_Name(k)
                                 : std::to_string(static_cast<int>(k));
    throw Error(label_ + ": attribute '" + a.name() + "' is a " + kind + ", expected " + expected);
}

std::int64_t NodeAttributes::get_int(std::string_view name) const {
    const auto& a = require(name);
    if (attribute_kind(a) != onnx::AttributeProto_AttributeType_INT) wrong_kind(a, "an INT");
    return a.i();
}
std::int64_t NodeAttributes::get_int(std::string_view name, std::int64_t fallback) const {
    return has(name) ? get_int(name) : fallback;
}

double NodeAttributes::get_float(std::string_view name) const {
    const auto& a = require(name);
    switch (attribute_kind(a)) {
    case onnx::AttributeProto_AttributeType_FLOAT:
        return a.f();
    case onnx::AttributeProto_AttributeType_INT:
        return static_cast<double>(a.i());
    default:
        wrong_kind(a, "a FLOAT");
    }
}
double NodeAttributes::get_float(std::string_view name, double fallback) const {
    return has(name) ? get_float(name) : fallback;
}

std::string NodeAttributes::get_string(std::string_view name) const {
    const auto& a = require(name);
    if (attribute_kind(a) != onnx::AttributeProto_AttributeType_STRING) wrong_kind(a, "a STRING");
    return a.s();
}
std::string NodeAttributes::get_string(std::string_view name, std::string_view fallback) const {
    return has(name) ? get_string(name) : std::string(fallback);
}

std::vector<std::int64_t> NodeAttributes::get_ints(std::string_view name) const {
    const auto& a = require(name);
    switch (attribute_kind(a)) {
    case onnx::AttributeProto_AttributeType_INTS:
        return {a.ints().begin(), a.ints().end()};
    case onnx::AttributeProto_AttributeType_INT:
        return {a.i()};
    default:
        wrong_kind(a, "INTS");
    }
}
std::vector<std::int64_t> NodeAttributes::get_ints(std::string_view name,
                                                   std::vector<std::int64_t> fallback) const {
    return has(name) ? get_ints(name) : fallback;
}

std::vector<double> NodeAttributes::get_floats(std::string_view name) const {
    const auto& a = require(name);
    switch (attribute_kind(a)) {
    case onnx::AttributeProto_AttributeType_FLOATS:
        return {a.floats().begin(), a.floats().end()};
    case onnx::AttributeProto_AttributeType_FLOAT:
        return {static_cast<double>(a.f())};
    case onnx::AttributeProto_AttributeType_INTS:
        return {a.ints().begin(), a.ints().end()};
    default:
        wrong_kind(a, "FLOATS");
    }
}
std::vector<double> NodeAttributes::get_floats(std::string_view name,
                                               std::vector<double> fallback) const {
    return has(name) ? get_floats(name) : fallback;
}

std::vector<std::string> NodeAttributes::get_strings(std::string_view name) const {
    const auto& a = require(name);
    if (attribute_kind(a) != onnx::AttributeProto_AttributeType_STRINGS) wrong_kind(a, "STRINGS");
    return {a.strings().begin(), a.strings().end()};
}

Tensor NodeAttributes::get_tensor(std::string_view name) const {
    const auto& a = require(name);
    if (attribute_kind(a) != onnx::AttributeProto_AttributeType_TENSOR) wrong_kind(a, "a TENSOR");
    try {
        return tensor_from_proto(a.t(), source_);
    } catch (const Error& e) {
        throw Error(label_ + ": attribute '" + a.name() + "': " + e.what());
    }
}

AttrValue NodeAttributes::value(std::string_view name) const {
    const auto& a = require(name);
    switch (attribute_kind(a)) {
    case onnx::AttributeProto_AttributeType_FLOAT:
        return double{a.f()};
    case onnx::AttributeProto_AttributeType_INT:
        return std::int64_t{a.i()};
    case onnx::AttributeProto_AttributeType_STRING:
        return a.s();
    case onnx::AttributeProto_AttributeType_TENSOR:
        return get_tensor(name);
    case onnx::AttributeProto_AttributeType_FLOATS:
        return get_floats(name);
    case onnx::AttributeProto_AttributeType_INTS:
        return get_ints(name);
    case onnx::AttributeProto_AttributeType_STRINGS:
        return get_strings(name);
    case onnx::AttributeProto_AttributeType_GRAPH:
    case onnx::AttributeProto_AttributeType_GRAPHS:
        throw Error(label_ + ": attribute '" + a.name() +
                    "' is a sub-graph, which is not supported yet");
    default:
        wrong_kind(a, "a FLOAT, INT, STRING, TENSOR, FLOATS, INTS or STRINGS");
    }
}

AttrValue NodeAttributes::value_as(std::string_view name, const AttrValue& like) const {
    return std::visit(
        [&](const auto& v) -> AttrValue {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, bool>)
                return get_int(name) != 0;
            else if constexpr (std::is_same_v<T, std::int64_t>)
                return get_int(name);
            else if constexpr (std::is_same_v<T, double>)
                return get_float(name);
            else if constexpr (std::is_same_v<T, std::string>)
                return get_string(name);
            else if constexpr (std::is_same_v<T, std::vector<std::int64_t>>)
                return get_ints(name);
            else if constexpr (std::is_same_v<T, std::vector<double>>)
                return get_floats(name);
            else if constexpr (std::is_same_v<T, std::vector<std::string>>)
                return get_strings(name);
            else
                return get_tensor(name);
        },
        like);
}

} // namespace mo::onnx_fe
