#include "engine/ops/nn/conv_kernels.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <vector>

namespace mo::ops::nn {
namespace {

template <class T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T> using ConstMap = Eigen::Map<const RowMatrix<T>>;
template <class T> using MutMap = Eigen::Map<RowMatrix<T>>;

bool is_pointwise(const Geometry3& g) {
    for (int i = 0; i < 3; ++i)
        if (g.kernel[i] != 1 || g.stride[i] != 1 || g.pad_begin[i] != 0 || g.in[i] != g.out[i])
            return false;
    return true;
}

// Unfolds `channels` planes of x into rows of `col` ([channels*kernel_size, out_size]).
template <class T> void im2col(const T* x, std::int64_t channels, const Geometry3& g, T* col) {
    const auto [ID, IH, IW] = g.in;
    const auto [OD, OH, OW] = g.out;
    const std::int64_t out_size = g.out_size();
    T* row = col;
    for (std::int64_t c = 0; c < channels; ++c) {
        const T* plane = x + c * g.in_size();
        for (std::int64_t kd = 0; kd < g.kernel[0]; ++kd)
            for (std::int64_t kh = 0; kh < g.kernel[1]; ++kh)
                for (std::int64_t kw = 0; kw < g.kernel[2]; ++kw, row += out_size) {
                    T* dst = row;
                    for (std::int64_t od = 0; od < OD; ++od) {
                        const std::int64_t id =
                            od * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
                        if (id < 0 || id >= ID) {
                            std::fill(dst, dst + OH * OW, T{0});
                            dst += OH * OW;
                            continue;
                        }
                        for (std::int64_t oh = 0; oh < OH; ++oh, dst += OW) {
                            const std::int64_t ih =
                                oh * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
                            if (ih < 0 || ih >= IH) {
                                std::fill(dst, dst + OW, T{0});
                                continue;
                            }
                            const T* src = plane + (id * IH + ih) * IW;
                            const std::int64_t w0 = kw * g.dilation[2] - g.pad_begin[2];
                            for (std::int64_t ow = 0; ow < OW; ++ow) {
                                const std::int64_t iw = ow * g.stride[2] + w0;
                                dst[ow] = iw >= 0 && iw < IW ? src[iw] : T{0};
                            }
                        }
                    }
                }
    }
}

// Adds the rows of `col` ([channels*kernel_size, in_size], one row per output channel and kernel
// offset, one column per data pixel) into `channels` output planes.
template <class T> void col2im(const T* col, std::int64_t channels, const Geometry3& g, T* y) {
    const auto [ID, IH, IW] = g.in;
    const auto [OD, OH, OW] = g.out;
    const T* row = col;
    for (std::int64_t c = 0; c < channels; ++c) {
        T* plane = y + c * g.out_size();
        for (std::int64_t kd = 0; kd < g.kernel[0]; ++kd)
            for (std::int64_t kh = 0; kh < g.kernel[1]; ++kh)
                for (std::int64_t kw = 0; kw < g.kernel[2]; ++kw, row += g.in_size()) {
                    const T* src = row;
                    for (std::int64_t id = 0; id < ID; ++id) {
                        const std::int64_t od =
                            id * g.stride[0] - g.pad_begin[0] + kd * g.dilation[0];
                        if (od < 0 || od >= OD) {
                            src += IH * IW;
                            continue;
                        }
                        for (std::int64_t ih = 0; ih < IH; ++ih, src += IW) {
                            const std::int64_t oh =
                                ih * g.stride[1] - g.pad_begin[1] + kh * g.dilation[1];
                            if (oh < 0 || oh >= OH) continue;
                            T* dst = plane + (od * OH + oh) * OW;
                            const std::int64_t w0 = kw * g.dilation[2] - g.pad_begin[2];
                            for (std::int64_t iw = 0; iw < IW; ++iw) {
                                const std::int64_t ow = iw * g.stride[2] + w0;
                                if (ow >= 0 && ow < OW) dst[ow] += src[iw];
                            }
                        }
                    }
                }
    }
}

} // namespace

template <class T>
void convolution_forward(const T* x, const T* w, T* y, const Geometry3& g, const ConvSizes& s) {
    const std::int64_t k = s.in_channels * g.kernel_size();
    const std::int64_t p = g.out_size();
    const bool pointwise = is_pointwise(g);
    std::vector<T> col(pointwise ? 0 : static_cast<std::size_t>(k * p));
    for (std::int64_t n = 0; n < s.batch; ++n)
        for (std::int64_t grp = 0; grp < s.groups; ++grp) {
            const T* xg = x + (n * s.groups + grp) * s.in_channels * g.in_size();
            const T* wg = w + grp * s.out_channels * k;
            T* yg = y + (n * s.groups + grp) * s.out_channels * p;
            const T* cols = xg;
            if (!pointwise) {
                im2col(xg, s.in_channels, g, col.data());
                cols = col.data();
            }
            MutMap<T>(yg, s.out_channels, p).noalias() =
                ConstMap<T>(wg, s.out_channels, k) * ConstMap<T>(cols, k, p);
        }
}

template <class T>
void convolution_backprop_data(const T* x, const T* w, T* y, const Geometry3& g,
                               const ConvSizes& s) {
    const std::int64_t k = s.out_channels * g.kernel_size();
    const std::int64_t p = g.in_size();
    std::vector<T> col(static_cast<std::size_t>(k * p));
    std::fill(y, y + s.batch * s.groups * s.out_channels * g.out_size(), T{0});
    for (std::int64_t n = 0; n < s.batch; ++n)
        for (std::int64_t grp = 0; grp < s.groups; ++grp) {
            const T* xg = x + (n * s.groups + grp) * s.in_channels * p;
            const T* wg = w + grp * s.in_channels * k;
            T* yg = y + (n * s.groups + grp) * s.out_channels * g.out_size();
            MutMap<T>(col.data(), k, p).noalias() =
                ConstMap<T>(wg, s.in_channels, k).transpose() * ConstMap<T>(xg, s.in_channels, p);
            col2im(col.data(), s.out_channels, g, yg);
        }
}

template void convolution_forward<float>(const float*, const float*, float*, const Geometry3&,
                                         const ConvSizes&);
template void convolution_forward<double>(const double*, const double*, double*, const Geometry3&,
                                          const ConvSizes&);
template void convolution_backprop_data<float>(const float*, const float*, float*, const Geometry3&,
                                               const ConvSizes&);
template void convolution_backprop_data<double>(const double*, const double*, double*,
                                                const Geometry3&, const ConvSizes&);

} // namespace mo::ops::nn
