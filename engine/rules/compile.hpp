#pragma once
// Syntax tree -> compiled rule: resolves every name, checks op types, attributes, arities and the
// use of values, so that a rule file with an error fails when it loads (file:line:col).
#include "engine/core/op_registry.hpp"
#include "engine/rules/rule.hpp"

#include <string>

namespace mo::rules {

Rule compile_rule(RuleDecl decl);

// Framework namespaces whose ops (opset 0, no OpDef) rules may name: "onnx.Dropout".
bool is_framework_op(std::string_view type);
// Throws "unknown operation" at `loc` unless `type` is registered or a framework op.
void check_op_type(const std::string& type, const Loc& loc);
// Every registered version's attribute names of `type` (empty for framework ops).
bool op_has_attribute(const std::string& type, const std::string& attribute);
// The newest definition of `type` (nullptr for framework ops).
const OpDef* latest_def(const std::string& type);

} // namespace mo::rules
