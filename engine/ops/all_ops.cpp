#include "engine/core/op_registry.hpp"
#include "engine/ops/families.hpp"
#include "engine/replacement/replacement_ops.hpp"

namespace mo {

void register_all_ops(OpRegistry& registry) {
    ops::register_graph_ops(registry);
    ops::register_elementwise_ops(registry);
    ops::register_reduction_ops(registry);
    ops::register_nn_ops(registry);
    ops::register_movement_ops(registry);
    // Ops that replacement configs create (DetectionOutput-1) until an op family defines them.
    replacement::register_replacement_ops(registry);
}

} // namespace mo
