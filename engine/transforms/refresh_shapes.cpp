#include "engine/transforms/refresh_shapes.hpp"

namespace mo::transforms {

ShapeRefresh::ShapeRefresh(const Graph& graph) {
    for (const Node* n : graph.nodes()) {
        if (n->def() || n->input_count() == 0 || !n->input(0)) continue;
        Mirror m;
        for (std::size_t i = 0; i < n->output_count(); ++i) {
            m.shape.push_back(n->output_shape(i) == n->input_shape(0));
            m.type.push_back(n->output_type(i) == n->input_type(0));
        }
        mirrors_.emplace(n->id(), std::move(m));
    }
}

void ShapeRefresh::run(Graph& graph) const {
    for (Node* n : graph.topological_order()) {
        if (n->def()) {
            graph.infer(*n);
            continue;
        }
        auto it = mirrors_.find(n->id());
        if (it == mirrors_.end()) continue;
        const Mirror& m = it->second;
        for (std::size_t i = 0; i < n->output_count() && i < m.shape.size(); ++i)
            n->set_output(i, m.type[i] ? n->input_type(0) : n->output_type(i),
                          m.shape[i] ? n->input_shape(0) : n->output_shape(i));
    }
}

} // namespace mo::transforms
