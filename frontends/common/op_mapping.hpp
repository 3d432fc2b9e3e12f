#pragma once
// One-to-one framework op -> opset op mappings as data, shared by the front-ends: a front-end
// lists its ops that map onto one opset op with their inputs in order, and the attributes that
// are renamed, defaulted or fixed; it needs no code per such op.
#include "engine/core/attribute.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mo::frontends {

// A framework node's attributes, as a mapping reads them. Errors name the node and attribute.
class AttributeSource {
public:
    virtual ~AttributeSource() = default;
    virtual bool has(std::string_view name) const = 0;
    // The attribute as an engine value of its natural type.
    virtual AttrValue value(std::string_view name) const = 0;
    // The attribute converted to the alternative held by `like` (0/1 -> bool, INT -> double...).
    virtual AttrValue value_as(std::string_view name, const AttrValue& like) const = 0;
    // Throws mo::Error "node 'X': message".
    [[noreturn]] virtual void fail(const std::string& message) const = 0;
};

// A framework attribute copied under the opset name. `fallback` (the framework's default) is used
// when the node omits it, and gives the engine type; without one the attribute is required.
struct AttrRename {
    const char* framework;
    const char* opset_name;
    std::optional<AttrValue> fallback;
};

// A framework op whose inputs map in order onto one opset op.
struct OpMapping {
    const char* framework_op;
    const char* type;
    int opset;
    std::vector<AttrRename> attrs = {};
    std::vector<std::pair<const char*, AttrValue>> fixed = {}; // attributes with a set value
};

// The opset attributes of a node translated by `mapping`.
Attributes mapped_attributes(const OpMapping& mapping, const AttributeSource& source);

} // namespace mo::frontends
