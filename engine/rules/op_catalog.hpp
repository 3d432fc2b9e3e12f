#pragma once
// What rules may say about operations: registered op types (every version), framework ops, their
// attributes and input counts. The compiler checks patterns and new nodes against it.
#include "engine/core/op_registry.hpp"
#include "engine/rules/ast.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace mo::rules {

// Framework namespaces whose ops (opset 0, no OpDef) rules may name: "onnx.Dropout".
bool is_framework_op(std::string_view type);
// Throws "unknown operation" at `loc` unless `type` is registered or a framework op.
void check_op_type(const std::string& type, const Loc& loc);
// Every registered version's attribute names of `type` (empty for framework ops).
bool op_has_attribute(const std::string& type, const std::string& attribute);
// The newest definition of `type` (nullptr for framework ops).
const OpDef* latest_def(const std::string& type);

// Attribute names and input arity over every registered version of an op type.
struct OpSummary {
    std::set<std::string> attributes;
    std::size_t min_inputs = SIZE_MAX;
    std::size_t max_inputs = 0;
};
// nullptr for framework ops and unknown types.
const OpSummary* summary(const std::string& type);
// Two-operand ops whose operands a pattern matches in both orders (Add, Multiply, ...).
bool is_commutative(const std::string& type);

} // namespace mo::rules
