#pragma once
// Each family of operations registers its OpDefs (shape/type inference + reference kernel).
namespace mo {
class OpRegistry;
namespace ops {
void register_graph_ops(OpRegistry& r);       // Parameter, Const, Result          (graph_ops.cpp)
void register_elementwise_ops(OpRegistry& r); // arithmetic, comparison, logical,
                                              // unary math, activations, Convert,
                                              // Select, Clamp, ...                 (elementwise/)
void register_reduction_ops(OpRegistry& r);   // Reduce*, CumSum, ...               (reduction/)
void register_nn_ops(OpRegistry& r);          // convolution, pooling, MatMul,
                                              // normalization, Softmax,
                                              // Interpolate, TopK, ...             (nn/)
void register_movement_ops(OpRegistry& r);    // Reshape, Transpose, Concat, Split,
                                              // Gather, slicing, Pad, Tile, ...    (movement/)
} // namespace ops
} // namespace mo
