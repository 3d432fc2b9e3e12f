#include "engine/transforms/fold_shapeof.hpp"

#include "engine/core/error.hpp"

namespace mo::transforms {

std::size_t fold_static_shapeof(Graph& graph) {
    std::size_t folded = 0;
    for (Node* node : graph.nodes()) {
        if (node->type() != "ShapeOf" || !node->input_shape(0).is_static()) continue;
        auto value = graph.constant_value(node->output(0));
        if (!value) continue;
        Node& constant = graph.add_const(*value, node->name);
        graph.replace_uses(node->output(0), constant.output(0));
        graph.move_names(node->output(0), constant.output(0));
        ++folded;
    }
    if (folded) graph.sweep();
    return folded;
}

void require_static_inputs(const Graph& graph) {
    for (const Node* p : graph.parameters())
        if (!p->output_shape(0).is_static())
            throw Error("--static_shape: input '" + p->name + "' has shape " +
                        p->output_shape(0).to_string() +
                        "; give a full shape with --input_shape or --input \"" + p->name +
                        "[...]\"");
}

} // namespace mo::transforms
