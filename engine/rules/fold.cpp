// Generic constant folding (not a fusion: it knows no op, only "all inputs are constants").
#include "engine/core/error.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/rules/order.hpp"
#include "engine/rules/rules.hpp"

namespace mo::rules {
namespace {

// Ops whose value must not be frozen into a constant.
bool never_fold(const Node& n) {
    if (n.type_id() == kConstType || n.type_id() == kParameterType || n.type_id() == kResultType)
        return true;
    const std::string& type = n.type();
    return type == "RandomUniform" || type == "ReadValue" || type == "Assign";
}

// Slack so that small shape computations fold even when their output is a little larger.
constexpr std::size_t kSlackBytes = 256;

} // namespace

bool fold_candidate(const Node& n) {
    if (!n.def() || n.input_count() == 0 || never_fold(n) || n.use_count() == 0) return false;
    if (n.type() == "ShapeOf") return n.input_shape(0).is_static();
    if (!n.def()->eval) return false;
    for (const Output& in : n.inputs())
        if (!in.node->is_const()) return false;
    return true;
}

std::size_t fold_constants(Graph& graph) {
    // Folding only creates Consts where a candidate exists, so a graph without one (the common
    // case after the first fold) costs one pass in creation order instead of a graph walk.
    bool any = false;
    graph.for_each_node([&](const Node& n) { any = any || fold_candidate(n); });
    if (!any) return 0;
    std::size_t folded = 0;
    for (Node* n : producers_first(graph)) {
        if (!fold_candidate(*n)) continue;
        const bool shape_of = n->type() == "ShapeOf";
        std::size_t in_bytes = 0;
        std::vector<Tensor> inputs; // every input is a Const (a ShapeOf needs only the shape)
        if (!shape_of)
            for (const Output& in : n->inputs()) {
                in_bytes += in.node->value.byte_size();
                inputs.push_back(in.node->value);
            }
        std::size_t out_bytes = 0;
        bool static_outputs = true;
        for (std::size_t i = 0; i < n->output_count(); ++i) {
            const auto s = n->output_shape(i).static_shape();
            if (!s || n->output_type(i) == ElementType::dynamic) {
                static_outputs = false;
                break;
            }
            out_bytes += static_cast<std::size_t>(element_count(*s)) * byte_size(n->output_type(i));
        }
        if (!static_outputs || (!shape_of && out_bytes > in_bytes + kSlackBytes)) continue;
        std::vector<Tensor> values;
        try {
            if (shape_of) {
                auto v = graph.constant_value(n->output(0));
                if (!v) continue;
                values.push_back(*v);
            } else {
                values = evaluate_node(*n, inputs);
            }
        } catch (const Error&) {
            continue; // no kernel for these types: leave the node
        }
        if (values.size() < n->output_count()) continue;
        const std::string name = n->name;
        n->name = graph.unique_name(name, "/folded");
        for (std::size_t i = 0; i < n->output_count(); ++i) {
            if (n->consumers(i).empty()) continue;
            Node& c = graph.add_const(
                values[i], n->output_count() == 1 ? name : name + ":" + std::to_string(i));
            graph.replace_uses(n->output(i), c.output(0));
            graph.move_names(n->output(i), c.output(0));
        }
        ++folded;
    }
    if (folded) graph.sweep();
    return folded;
}

} // namespace mo::rules
