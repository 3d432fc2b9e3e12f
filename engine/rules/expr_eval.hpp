#pragma once
// Evaluation of rule expressions (conditions, `let` values, replacement operands) against the
// bindings of one match. Not to be confused with engine/eval/, which evaluates graphs.
#include "engine/rules/rule.hpp"

#include <cstddef>
#include <optional>
#include <vector>

namespace mo::rules {

struct EvalContext {
    const Rule& rule;
    std::vector<Binding>& bindings;
    const DeadSet* dead = nullptr;
};

// Live consumers of a port (the ones not in `dead`).
std::size_t live_uses(Output out, const DeadSet* dead);

// Is this expression a reference to a bound graph value (operand, node, node port, or one
// element `xs[i]` of a list binding)?
bool is_graph_ref(const Expr& e);
Output eval_graph_ref(EvalContext& ctx, const Expr& e);
// Evaluates to a value; throws ValueError when the rule cannot apply (a dynamic shape, ...).
Value eval_value(EvalContext& ctx, const Expr& e);
// The value of a number, string or boolean literal; nullopt for any other expression.
std::optional<Value> scalar_literal(const Expr& e);

// A name bound to a list (`xs...`, or a name bound inside an `each` pattern), and its entries.
bool is_list_ref(const Expr& e);
const std::vector<Output>& bound_list(EvalContext& ctx, const Expr& e);

} // namespace mo::rules
