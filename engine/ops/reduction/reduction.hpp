#pragma once
// Parts of the reduction family (one file each).
namespace mo {
class OpRegistry;
namespace ops::red {
void register_reduce_ops(OpRegistry& r); // ReduceSum, ..., ReduceLogicalOr
void register_cumsum_op(OpRegistry& r);  // CumSum-3
} // namespace ops::red
} // namespace mo
