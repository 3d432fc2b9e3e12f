#pragma once
#include "engine/core/attribute.hpp"
#include "frontends/common/op_mapping.hpp"
#include "frontends/onnx/tensor_reader.hpp"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mo::onnx_fe {

// The kind of an attribute; older models leave `type` unset, then the filled field decides.
onnx::AttributeProto_AttributeType attribute_kind(const onnx::AttributeProto& attr);
bool holds_graph(const onnx::AttributeProto& attr);

// Typed, checked access to the attributes of one ONNX node. Errors are one line naming the node
// and the attribute ("node 'conv1': attribute 'group' is a FLOAT, expected an INT").
class NodeAttributes final : public frontends::AttributeSource {
public:
    NodeAttributes(const onnx::NodeProto& node, std::string node_label, TensorSource source);

    bool has(std::string_view name) const override { return find(name) != nullptr; }
    const onnx::AttributeProto* find(std::string_view name) const;

    std::int64_t get_int(std::string_view name) const;
    std::int64_t get_int(std::string_view name, std::int64_t fallback) const;
    double get_float(std::string_view name) const; // INT values are accepted too
    double get_float(std::string_view name, double fallback) const;
    std::string get_string(std::string_view name) const;
    std::string get_string(std::string_view name, std::string_view fallback) const;
    std::vector<std::int64_t> get_ints(std::string_view name) const;
    std::vector<std::int64_t> get_ints(std::string_view name,
                                       std::vector<std::int64_t> fallback) const;
    std::vector<double> get_floats(std::string_view name) const;
    std::vector<double> get_floats(std::string_view name, std::vector<double> fallback) const;
    std::vector<std::string> get_strings(std::string_view name) const;
    Tensor get_tensor(std::string_view name) const;

    // The attribute as an engine value of its natural type: FLOAT -> double, INT -> int64,
    // STRING -> string, TENSOR -> Tensor, FLOATS/INTS/STRINGS -> vectors. GRAPH(S) and other kinds
    // are rejected.
    AttrValue value(std::string_view name) const override;
    // Converts to the variant alternative held by `like` (int 0/1 -> bool, INT -> double, ...).
    AttrValue value_as(std::string_view name, const AttrValue& like) const override;
    // Throws mo::Error "node 'X': message".
    [[noreturn]] void fail(const std::string& message) const override;

private:
    const onnx::AttributeProto& require(std::string_view name) const;
    [[noreturn]] void wrong_kind(const onnx::AttributeProto& attr, const char* expected) const;

    const onnx::NodeProto& node_;
    std::string label_;
    TensorSource source_;
};

} // namespace mo::onnx_fe
