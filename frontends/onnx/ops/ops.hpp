#pragma once
// Translators that need code, one small function per ONNX op, grouped by family. Each family
// registers its translators into the map (one-to-one mappings live in op_table.cpp instead).
#include "frontends/onnx/node_context.hpp"

namespace mo::onnx_fe::ops {

void register_elementwise(TranslatorMap& map);   // Add.. Sum Mean Clip Mod Celu Shrink Cast ...
void register_conv(TranslatorMap& map);          // Conv ConvTranspose Gemm
void register_pooling(TranslatorMap& map);       // AveragePool MaxPool Global*Pool
void register_normalization(TranslatorMap& map); // BatchNormalization ... Softmax LogSoftmax
void register_reduction(TranslatorMap& map);     // Reduce* ArgMax ArgMin TopK
void register_shape(TranslatorMap& map);         // Reshape Flatten Shape Size Squeeze Unsqueeze
void register_movement(TranslatorMap& map);      // Concat Split Slice Pad Gather Transpose ...
void register_resize(TranslatorMap& map);        // Resize Upsample GridSample
void register_framework(TranslatorMap& map);     // Dropout Identity Constant ConstantOfShape
void register_loss(TranslatorMap& map);         // NegativeLogLikelihoodLoss SoftmaxCrossEntropyLoss
void register_matrix(TranslatorMap& map);       // Trilu EyeLike *Window Einsum
void register_quantization(TranslatorMap& map); // QuantizeLinear DequantizeLinear ...

// An "onnx.Identity" node (opset 0): the rules remove it; its output copies x's type and shape.
Output make_identity(NodeContext& ctx, Output x);
// A framework node `onnx.TYPE` with one output of the first input's type and shape, for a lower
// rule of rules/lower/onnx/ to turn into opset operations. `attrs` holds the ONNX attributes with
// their defaults filled in (the rules read them).
Output make_framework_node(NodeContext& ctx, const std::string& type, std::vector<Output> inputs,
                           Attributes attrs = {});
// v ([C]) reshaped to [1, C, 1, ...] of the given rank, to broadcast per channel.
Output per_channel(NodeContext& ctx, Output v, std::size_t rank);
// x reshaped to 2-D: [prod(dims before axis), prod(dims from axis)].
Output flatten_2d(NodeContext& ctx, Output x, std::int64_t axis);
// Conv's attributes (strides, pads, dilations, group, auto_pad) applied to x and w, without bias.
Output convolution(NodeContext& ctx, Output x, Output w);
// The opset auto_pad of ONNX's (NOTSET -> explicit, SAME_UPPER -> same_upper, ...).
std::string auto_pad_of(NodeContext& ctx);
// A constant of `like`'s element type (f32 when unknown) with the given shape and values.
Output const_like(NodeContext& ctx, Output like, Shape shape, const std::vector<double>& values);

} // namespace mo::onnx_fe::ops
