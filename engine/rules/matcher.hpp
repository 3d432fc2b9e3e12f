#pragma once
// Matches one compiled rule at one root node: walks the pattern through the root's inputs,
// backtracking over the operand orders of commutative ops, then checks conditions and computes
// the `let` values. Cost is bounded by the pattern size (never the graph size).
#include "engine/rules/rule.hpp"

#include <string>
#include <vector>

namespace mo::rules {

// On success `bindings` holds every slot of the rule. `why` (optional) receives the reason a
// condition or a `let` could not be evaluated.
bool match_rule(const Rule& rule, Node& root, std::vector<Binding>& bindings, const DeadSet* dead,
                std::string* why = nullptr);

} // namespace mo::rules
