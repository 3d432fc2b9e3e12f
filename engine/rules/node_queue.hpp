#pragma once
// A first-in first-out queue of nodes for the rewrite driver's worklists.
#include "engine/core/graph.hpp"

#include <cstddef>
#include <vector>

namespace mo::rules {

// A first-in first-out queue that keeps its storage when it runs empty. The driver's queues
// empty and refill thousands of times per phase; std::deque freed and allocated a block each
// time, and on a large heap every such free made malloc consolidate its fast bins.
class NodeQueue {
public:
    bool empty() const { return head_ == items_.size(); }
    void push_back(Node* n) { items_.push_back(n); }
    Node* pop_front() {
        Node* n = items_[head_++];
        if (empty()) {
            items_.clear();
            head_ = 0;
        }
        return n;
    }

private:
    std::vector<Node*> items_;
    std::size_t head_ = 0;
};

} // namespace mo::rules
