#pragma once
// Convolution kernels as im2col/col2im + an Eigen matrix product (buffers are row-major).
#include "engine/ops/nn/nn_common.hpp"

namespace mo::ops::nn {

// Sizes of a (grouped) convolution: data [batch, groups*in_channels, in...], weights
// [groups, out_channels, in_channels, kernel...] (forward) or
// [groups, in_channels, out_channels, kernel...] (backprop), output [batch, groups*out_channels,
// out...].
struct ConvSizes {
    std::int64_t batch = 1;
    std::int64_t groups = 1;
    std::int64_t in_channels = 1;  // per group
    std::int64_t out_channels = 1; // per group
};

// y = conv(x, w) with the geometry's strides, dilations and pads (pad values are zero).
template <class T>
void convolution_forward(const T* x, const T* w, T* y, const Geometry3& g, const ConvSizes& s);

// Transposed convolution: every input pixel i scatters x[i]*w[k] to output pixel
// i*stride - pad_begin + k*dilation (pixels outside the output are dropped). `g.in` is the data's
// spatial size and `g.out` the output's.
template <class T>
void convolution_backprop_data(const T* x, const T* w, T* y, const Geometry3& g,
                               const ConvSizes& s);

} // namespace mo::ops::nn
