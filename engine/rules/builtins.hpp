#pragma once
// The builtin functions of the condition and `let` language (uses, shape, reshape, ...): their
// signatures, which the compiler checks, and their implementations, which the evaluator calls.
#include "engine/rules/expr_eval.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::rules {

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
// Calls builtin number `function` (an index into builtins()) on unevaluated arguments.
Value call_builtin(int function, EvalContext& ctx, const std::vector<Arg>& args);

} // namespace mo::rules
