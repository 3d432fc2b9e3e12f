#include "emit/v10_checks.hpp"

#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace mo::ir {
namespace {

bool has_dynamic_dim(const PartialShape& s) {
    return !s.rank_known() || !s.is_static();
}

bool has_zero_dim(const PartialShape& s) {
    return std::find(s.dims().begin(), s.dims().end(), 0) != s.dims().end();
}

[[noreturn]] void fail(const Node& node, const std::string& why) {
    throw Error("cannot write node '" + node.name + "' in IR v10: " + why);
}

std::string port_text(const Node& node, std::size_t output) {
    return node.type() + " output " + std::to_string(output) + " has shape " +
           node.output_shape(output).to_string();
}

// The model inputs (Parameters) whose values flow into `out`, in model input order.
std::vector<const Node*> model_inputs_feeding(const Graph& graph, Output out) {
    std::unordered_set<const Node*> seen;
    std::vector<const Node*> stack{out.node};
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        if (!seen.insert(n).second) continue;
        for (std::size_t i = 0; i < n->input_count(); ++i) stack.push_back(&n->producer(i));
    }
    std::vector<const Node*> found;
    for (const Node* p : graph.parameters())
        if (seen.count(p)) found.push_back(p);
    return found;
}

// The inputs whose unknown values leave the node's output shape dynamic: with every input shape
// static (the node is the first dynamic one), that is a shape, axes, pads, sizes or k input that
// is not a constant. Those are the inputs after the data input 0 (integer ones first), and input 0
// when it is a scalar (Range's start) or when nothing else is unknown (NonZero).
std::vector<std::size_t> unknown_value_inputs(const Node& node) {
    const Graph& graph = node.graph();
    const auto unknown = [&](std::size_t i) { return !graph.constant_value(node.input(i)); };
    std::vector<std::size_t> integer, other;
    for (std::size_t i = 1; i < node.input_count(); ++i)
        if (unknown(i)) (is_integral(node.input_type(i)) ? integer : other).push_back(i);
    std::vector<std::size_t> found = integer.empty() ? other : integer;
    if (node.input_count() > 0 && unknown(0)) {
        const PartialShape& data = node.input_shape(0);
        if (found.empty() || (data.rank_known() && data.rank() == 0))
            found.insert(found.begin(), 0);
    }
    return found;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

[[noreturn]] void fail_dynamic(const Node& node, std::size_t output) {
    if (node.type() == "Parameter")
        fail(node, "model input '" + node.name + "' has shape " + node.output_shape(0).to_string() +
                       ", and IR v10 needs static dims: give it one with --input_shape or --input "
                       "\"" +
                       node.name + "[...]\"");
    const std::string why = port_text(node, output) + ", and IR v10 needs static dims";
    std::vector<std::string> inputs, names, freeze;
    std::vector<const Node*> sources;
    for (std::size_t i : unknown_value_inputs(node)) {
        inputs.push_back(std::to_string(i));
        for (const Node* p : model_inputs_feeding(node.graph(), node.input(i)))
            if (std::find(sources.begin(), sources.end(), p) == sources.end()) {
                sources.push_back(p);
                names.push_back("'" + p->name + "'");
                freeze.push_back(p->name + "->VALUE");
            }
    }
    if (sources.empty())
        fail(node, why + "; nothing known at conversion decides them (use IR v11)");
    const bool several_inputs = inputs.size() > 1;
    fail(node, why + "; input" + (several_inputs ? "s " : " ") + joined(inputs, ", ") +
                   (several_inputs ? " depend" : " depends") + " on model input" +
                   (sources.size() > 1 ? "s " : " ") + joined(names, ", ") +
                   ", not known at conversion: freeze with --input \"" + joined(freeze, ",") +
                   "\" (or use IR v11)");
}

[[noreturn]] void fail_zero(const Node& node, std::size_t output) {
    if (node.type() == "Parameter")
        fail(node, "model input '" + node.name + "' has shape " + node.output_shape(0).to_string() +
                       " with a zero-size dimension, which IR v10 readers reject (give another "
                       "shape with --input_shape, or use IR v11)");
    fail(node, port_text(node, output) +
                   " with a zero-size dimension, which IR v10 readers reject (use IR v11)");
}

} // namespace

void check_v10_ports(const Node& node, std::size_t outputs) {
    for (std::size_t o = 0; o < outputs && o < node.output_count(); ++o) {
        const PartialShape& shape = node.output_shape(o);
        if (has_dynamic_dim(shape)) fail_dynamic(node, o);
        if (has_zero_dim(shape)) fail_zero(node, o);
    }
}

} // namespace mo::ir
