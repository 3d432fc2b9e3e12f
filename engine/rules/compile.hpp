#pragma once
// Syntax tree -> compiled rule: resolves every name, checks op types, attributes, arities and the
// use of values, so that a rule file with an error fails when it loads (file:line:col).
#include "engine/rules/rule.hpp"

namespace mo::rules {

Rule compile_rule(RuleDecl decl);

} // namespace mo::rules
