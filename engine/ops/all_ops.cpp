#include "engine/core/op_registry.hpp"
#include "engine/ops/families.hpp"

namespace mo {

void register_all_ops(OpRegistry& registry) {
    ops::register_graph_ops(registry);
    ops::register_elementwise_ops(registry);
    ops::register_reduction_ops(registry);
    ops::register_nn_ops(registry);
    ops::register_movement_ops(registry);
}

} // namespace mo
