#pragma once
// Evaluation of rule expressions against the bindings of one match, and the builtin functions.
#include "engine/rules/rule.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace mo::rules {

struct EvalContext {
    const Rule& rule;
    std::vector<Binding>& bindings;
    const DeadSet* dead = nullptr;
};

// How a builtin takes its arguments: graph references (bound operands/nodes/ports), anything
// (graph references are described by their port: shape, rank, dtype), or plain values.
enum class ArgMode { Graph, Any, Value };

struct Builtin {
    std::string name;
    std::size_t min_args;
    std::size_t max_args;
    ArgMode mode;
    std::string signature;    // for messages and the docs
    bool takes_lists = false; // a list binding (`xs...`, names bound in `each`) may be passed
};

const std::vector<Builtin>& builtins();
std::optional<int> find_builtin(std::string_view name);

// Live consumers of a port (the ones not in `dead`).
std::size_t live_uses(Output out, const DeadSet* dead);

// Is this expression a reference to a bound graph value (operand, node, node port, or one
// element `xs[i]` of a list binding)?
bool is_graph_ref(const Expr& e);
Output eval_graph_ref(EvalContext& ctx, const Expr& e);
// Evaluates to a value; throws ValueError when the rule cannot apply (a dynamic shape, ...).
Value eval_value(EvalContext& ctx, const Expr& e);

} // namespace mo::rules
