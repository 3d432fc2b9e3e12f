#pragma once
// Re-running shape inference after the conversion options changed input shapes or types.
// Graph::infer_all cannot infer framework operations still awaiting lowering (onnx.Dropout,
// onnx.Identity, ...: no OpDef), so their outputs would keep the old shapes and the rules that
// remove them would see a mismatch. Outputs that mirrored input 0 before the change (the
// pass-through ops) keep mirroring it.
#include "engine/core/graph.hpp"

#include <cstdint>
#include <map>
#include <vector>

namespace mo::transforms {

class ShapeRefresh {
public:
    // Records, for every operation without an OpDef, which outputs have input 0's shape/type.
    explicit ShapeRefresh(const Graph& graph);
    // Infers every node in topological order; errors name the node (mo::InferenceError).
    void run(Graph& graph) const;

private:
    struct Mirror {
        std::vector<bool> shape, type; // per output
    };
    std::map<std::uint64_t, Mirror> mirrors_; // by node id (stable across cuts and sweeps)
};

} // namespace mo::transforms
