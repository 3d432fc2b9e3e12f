// The data-movement family: each file registers a few related operations.
#include "engine/ops/families.hpp"
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops {

void register_movement_ops(OpRegistry& r) {
    movement::register_shape_ops(r);
    movement::register_transpose_ops(r);
    movement::register_concat_split_ops(r);
    movement::register_gather_ops(r);
    movement::register_scatter_ops(r);
    movement::register_slice_ops(r);
    movement::register_pad_ops(r);
    movement::register_tile_broadcast_ops(r);
    movement::register_generation_ops(r);
    movement::register_reverse_ops(r);
    movement::register_batch_space_ops(r);
}

} // namespace mo::ops
