// The reduction family: Reduce* and CumSum.
#include "engine/ops/families.hpp"
#include "engine/ops/reduction/reduction.hpp"

namespace mo::ops {

void register_reduction_ops(OpRegistry& r) {
    red::register_reduce_ops(r);
    red::register_cumsum_op(r);
}

} // namespace mo::ops
