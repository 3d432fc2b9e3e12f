// The nn family: convolution, pooling, MatMul, normalization, Softmax, Interpolate, TopK,
// DetectionOutput.
#include "engine/ops/families.hpp"
#include "engine/ops/nn/nn_common.hpp"

namespace mo::ops {

void register_nn_ops(OpRegistry& r) {
    nn::register_convolution_ops(r);
    nn::register_pooling_ops(r);
    nn::register_matmul_ops(r);
    nn::register_normalization_ops(r);
    nn::register_softmax_ops(r);
    nn::register_interpolate_ops(r);
    nn::register_topk_ops(r);
    nn::register_einsum_ops(r);
    nn::register_grid_sample_ops(r);
    nn::register_detection_ops(r);
}

} // namespace mo::ops
