#include "engine/rules/order.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace mo::rules {

std::vector<Node*> producers_first(const Graph& graph) {
    std::vector<Node*> order;
    std::vector<std::uint8_t> state;
    producers_first(graph, order, state);
    return order;
}

void producers_first(const Graph& graph, std::vector<Node*>& order,
                     std::vector<std::uint8_t>& state) {
    // A graph whose edges all run from older to newer nodes is listed in creation order: no walk
    // (which on a large graph costs a cache miss per node and edge). That order keeps nodes that
    // no Result reads; the driver skips those.
    if (graph.creation_order_is_topological()) {
        order.clear();
        order.reserve(graph.node_count());
        graph.for_each_node([&](const Node& n) { order.push_back(const_cast<Node*>(&n)); });
        return;
    }
    // 0 = unvisited, 1 = on the stack, 2 = emitted. Indexed by node id (ids grow with creation).
    state.assign(static_cast<std::size_t>(graph.id_bound()), 0);
    order.clear();
    order.reserve(graph.node_count());
    std::vector<std::pair<Node*, std::size_t>> stack; // node, next input to visit
    auto visit = [&](Node* root) {
        if (state[root->id()]) return;
        state[root->id()] = 1;
        stack.emplace_back(root, 0);
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            if (next < node->input_count()) {
                Node* p = node->input(next++).node;
                if (p && !state[p->id()]) {
                    state[p->id()] = 1;
                    stack.emplace_back(p, 0);
                }
                continue;
            }
            state[node->id()] = 2;
            order.push_back(node);
            stack.pop_back();
        }
    };
    for (Node* p : graph.parameters()) visit(p);
    for (Node* r : graph.results()) visit(r);
}

} // namespace mo::rules
