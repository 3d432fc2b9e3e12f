#include "engine/core/opset_membership.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mo {
namespace {

// Transcribed from the opset pages of the OpenVINO operation specifications, one row per op
// version, corrected where the real runtime's IR reader disagrees (it is the judge). Where an opset page names another version than the op's own specification does (some
// pages after opset5 list LSTMSequence-1, those of opset9-12 NonMaxSuppression-5; opset14's lists
// Col2Im and ROIAlignRotated, whose specs are version 15; IsFinite-10 is on none), the op's
// specification wins.
constexpr std::array kMembership = std::to_array<OpsetMembership>({
    {"Abs", 1, 1, kNewestOpset},
    {"Acos", 1, 1, kNewestOpset},
    {"Acosh", 3, 4, kNewestOpset},
    {"AdaptiveAvgPool", 8, 8, kNewestOpset},
    {"AdaptiveMaxPool", 8, 8, kNewestOpset},
    {"Add", 1, 1, kNewestOpset},
    {"Asin", 1, 1, kNewestOpset},
    {"Asinh", 3, 4, kNewestOpset},
    {"Assign", 3, 3, kNewestOpset},
    {"Atan", 1, 1, kNewestOpset},
    {"Atanh", 3, 4, kNewestOpset},
    {"AvgPool", 1, 1, 13},
    {"AvgPool", 14, 14, kNewestOpset},
    {"BatchNormInference", 1, 1, 4},
    {"BatchNormInference", 5, 5, kNewestOpset},
    {"BatchToSpace", 2, 2, kNewestOpset},
    {"BinaryConvolution", 1, 1, kNewestOpset},
    {"BitwiseAnd", 13, 13, kNewestOpset},
    {"BitwiseLeftShift", 15, 15, kNewestOpset},
    {"BitwiseNot", 13, 13, kNewestOpset},
    {"BitwiseOr", 13, 13, kNewestOpset},
    {"BitwiseRightShift", 15, 15, kNewestOpset},
    {"BitwiseXor", 13, 13, kNewestOpset},
    {"Broadcast", 1, 1, 2},
    {"Broadcast", 3, 3, kNewestOpset},
    {"Bucketize", 3, 3, kNewestOpset},
    {"Ceiling", 1, 1, kNewestOpset},
    {"Clamp", 1, 1, kNewestOpset},
    {"Col2Im", 15, 15, kNewestOpset},
    {"Concat", 1, 1, kNewestOpset},
    {"Constant", 1, 1, kNewestOpset},
    {"Convert", 1, 1, kNewestOpset},
    {"ConvertLike", 1, 1, kNewestOpset},
    {"ConvertPromoteTypes", 14, 14, kNewestOpset},
    {"Convolution", 1, 1, kNewestOpset},
    {"ConvolutionBackpropData", 1, 1, kNewestOpset},
    {"Cos", 1, 1, kNewestOpset},
    {"Cosh", 1, 1, kNewestOpset},
    {"CTCGreedyDecoder", 1, 1, kNewestOpset},
    {"CTCGreedyDecoderSeqLen", 6, 6, kNewestOpset},
    {"CTCLoss", 4, 4, kNewestOpset},
    {"CumSum", 3, 3, kNewestOpset},
    {"DeformableConvolution", 1, 1, 7},
    {"DeformableConvolution", 8, 8, kNewestOpset},
    {"DeformablePSROIPooling", 1, 1, kNewestOpset},
    {"DepthToSpace", 1, 1, kNewestOpset},
    {"DetectionOutput", 1, 1, 7},
    {"DetectionOutput", 8, 8, kNewestOpset},
    {"DFT", 7, 7, kNewestOpset},
    {"Divide", 1, 1, kNewestOpset},
    {"Einsum", 7, 7, kNewestOpset},
    {"Elu", 1, 1, kNewestOpset},
    {"EmbeddingBagOffsets", 15, 15, kNewestOpset},
    {"EmbeddingBagOffsetsSum", 3, 3, kNewestOpset},
    {"EmbeddingBagPacked", 15, 15, kNewestOpset},
    {"EmbeddingBagPackedSum", 3, 3, kNewestOpset},
    {"EmbeddingSegmentsSum", 3, 3, kNewestOpset},
    {"Equal", 1, 1, kNewestOpset},
    {"Erf", 1, 1, kNewestOpset},
    {"Exp", 1, 1, kNewestOpset},
    {"ExperimentalDetectronDetectionOutput", 6, 6, kNewestOpset},
    {"ExperimentalDetectronGenerateProposalsSingleImage", 6, 6, kNewestOpset},
    {"ExperimentalDetectronPriorGridGenerator", 6, 6, kNewestOpset},
    {"ExperimentalDetectronROIFeatureExtractor", 6, 6, kNewestOpset},
    {"ExperimentalDetectronTopKROIs", 6, 6, kNewestOpset},
    {"ExtractImagePatches", 3, 3, kNewestOpset},
    {"Eye", 9, 9, kNewestOpset},
    {"FakeConvert", 13, 13, kNewestOpset},
    {"FakeQuantize", 1, 1, kNewestOpset},
    {"Floor", 1, 1, kNewestOpset},
    {"FloorMod", 1, 1, kNewestOpset},
    {"Gather", 1, 1, 6},
    {"Gather", 7, 7, 7},
    {"Gather", 8, 8, kNewestOpset},
    {"GatherElements", 6, 6, kNewestOpset},
    {"GatherND", 5, 5, 7},
    {"GatherND", 8, 8, kNewestOpset},
    {"GatherTree", 1, 1, kNewestOpset},
    {"Gelu", 2, 2, 6},
    {"Gelu", 7, 7, kNewestOpset},
    {"GenerateProposals", 9, 9, kNewestOpset},
    {"Greater", 1, 1, kNewestOpset},
    {"GreaterEqual", 1, 1, kNewestOpset},
    {"GridSample", 9, 9, kNewestOpset},
    {"GRN", 1, 1, kNewestOpset},
    {"GroupConvolution", 1, 1, kNewestOpset},
    {"GroupConvolutionBackpropData", 1, 1, kNewestOpset},
    {"GroupNormalization", 12, 12, kNewestOpset},
    {"GRUCell", 3, 3, kNewestOpset},
    {"GRUSequence", 5, 5, kNewestOpset},
    {"HardSigmoid", 1, 1, kNewestOpset},
    {"HSigmoid", 5, 5, kNewestOpset},
    {"HSwish", 4, 4, kNewestOpset},
    {"I420toBGR", 8, 8, kNewestOpset},
    {"I420toRGB", 8, 8, kNewestOpset},
    {"IDFT", 7, 7, kNewestOpset},
    {"If", 8, 8, kNewestOpset},
    {"Interpolate", 1, 1, 3},
    {"Interpolate", 4, 4, 10},
    {"Interpolate", 11, 11, kNewestOpset},
    {"Inverse", 14, 14, kNewestOpset},
    {"IRDFT", 9, 9, kNewestOpset},
    {"IsFinite", 10, 10, kNewestOpset},
    {"IsInf", 10, 10, kNewestOpset},
    {"IsNaN", 10, 10, kNewestOpset},
    {"Less", 1, 1, kNewestOpset},
    {"LessEqual", 1, 1, kNewestOpset},
    {"Log", 1, 1, kNewestOpset},
    {"LogicalAnd", 1, 1, kNewestOpset},
    {"LogicalNot", 1, 1, kNewestOpset},
    {"LogicalOr", 1, 1, kNewestOpset},
    {"LogicalXor", 1, 1, kNewestOpset},
    {"LogSoftmax", 5, 5, kNewestOpset},
    {"Loop", 5, 5, kNewestOpset},
    {"LRN", 1, 1, kNewestOpset},
    {"LSTMCell", 1, 1, kNewestOpset},
    {"LSTMSequence", 1, 1, 2},
    {"LSTMSequence", 5, 5, kNewestOpset},
    {"MatMul", 1, 1, kNewestOpset},
    {"MatrixNMS", 8, 8, kNewestOpset},
    {"Maximum", 1, 1, kNewestOpset},
    {"MaxPool", 1, 1, 7},
    {"MaxPool", 8, 8, 13},
    {"MaxPool", 14, 14, kNewestOpset},
    {"Minimum", 1, 1, kNewestOpset},
    {"Mish", 4, 4, kNewestOpset},
    {"Mod", 1, 1, kNewestOpset},
    {"MulticlassNMS", 8, 8, 8},
    {"MulticlassNMS", 9, 9, kNewestOpset},
    {"Multinomial", 13, 13, kNewestOpset},
    {"Multiply", 1, 1, kNewestOpset},
    {"MVN", 1, 2, 5},
    {"MVN", 6, 6, kNewestOpset},
    {"Negative", 1, 1, kNewestOpset},
    {"NMSRotated", 13, 13, kNewestOpset},
    {"NonMaxSuppression", 1, 1, 2},
    {"NonMaxSuppression", 3, 3, 3},
    {"NonMaxSuppression", 4, 4, 4},
    {"NonMaxSuppression", 5, 5, 8},
    {"NonMaxSuppression", 9, 9, kNewestOpset},
    {"NonZero", 3, 3, kNewestOpset},
    {"NormalizeL2", 1, 1, kNewestOpset},
    {"NotEqual", 1, 1, kNewestOpset},
    {"NV12toBGR", 8, 8, kNewestOpset},
    {"NV12toRGB", 8, 8, kNewestOpset},
    {"OneHot", 1, 1, kNewestOpset},
    {"Pad", 1, 1, 11},
    {"Pad", 12, 12, kNewestOpset},
    {"Parameter", 1, 1, kNewestOpset},
    {"Power", 1, 1, kNewestOpset},
    {"PReLU", 1, 1, kNewestOpset},
    {"PriorBox", 1, 1, 7},
    {"PriorBox", 8, 8, kNewestOpset},
    {"PriorBoxClustered", 1, 1, kNewestOpset},
    {"Proposal", 1, 1, 3},
    {"Proposal", 4, 4, kNewestOpset},
    {"PSROIPooling", 1, 1, kNewestOpset},
    {"RandomUniform", 8, 8, kNewestOpset},
    {"Range", 1, 1, 3},
    {"Range", 4, 4, kNewestOpset},
    {"RDFT", 9, 9, kNewestOpset},
    {"ReadValue", 3, 3, kNewestOpset},
    {"ReduceL1", 4, 4, kNewestOpset},
    {"ReduceL2", 4, 4, kNewestOpset},
    {"ReduceLogicalAnd", 1, 1, kNewestOpset},
    {"ReduceLogicalOr", 1, 1, kNewestOpset},
    {"ReduceMax", 1, 1, kNewestOpset},
    {"ReduceMean", 1, 1, kNewestOpset},
    {"ReduceMin", 1, 1, kNewestOpset},
    {"ReduceProd", 1, 1, kNewestOpset},
    {"ReduceSum", 1, 1, kNewestOpset},
    {"RegionYolo", 1, 1, kNewestOpset},
    {"ReLU", 1, 1, kNewestOpset},
    {"ReorgYolo", 1, 2, kNewestOpset},
    {"Reshape", 1, 1, kNewestOpset},
    {"Result", 1, 1, kNewestOpset},
    // The spec pages list Reverse-1 in opset3-5, but the runtime's IR reader has it in opset1
    // only (its opset2 table says it was added to opset1 by mistake, and it never came back):
    // "Opset opset3 doesn't contain the operation with type: Reverse".
    {"Reverse", 1, 1, 1},
    {"ReverseSequence", 1, 1, kNewestOpset},
    {"RNNCell", 3, 3, kNewestOpset},
    {"RNNSequence", 5, 5, kNewestOpset},
    {"ROIAlign", 3, 3, 8},
    {"ROIAlign", 9, 9, kNewestOpset},
    {"ROIAlignRotated", 15, 15, kNewestOpset},
    {"ROIPooling", 1, 2, kNewestOpset},
    {"Roll", 7, 7, kNewestOpset},
    {"Round", 5, 5, kNewestOpset},
    {"ScaledDotProductAttention", 13, 13, kNewestOpset},
    {"ScatterElementsUpdate", 3, 3, 11},
    {"ScatterElementsUpdate", 12, 12, kNewestOpset},
    {"ScatterNDUpdate", 3, 4, 14},
    {"ScatterNDUpdate", 15, 15, kNewestOpset},
    {"ScatterUpdate", 3, 3, kNewestOpset},
    {"SearchSorted", 15, 15, kNewestOpset},
    {"Select", 1, 1, kNewestOpset},
    {"Selu", 1, 1, kNewestOpset},
    {"ShapeOf", 1, 1, 2},
    {"ShapeOf", 3, 3, kNewestOpset},
    {"ShuffleChannels", 1, 3, kNewestOpset},
    {"Sigmoid", 1, 1, kNewestOpset},
    {"Sign", 1, 1, kNewestOpset},
    {"Sin", 1, 1, kNewestOpset},
    {"Sinh", 1, 1, kNewestOpset},
    {"Slice", 8, 8, kNewestOpset},
    {"SliceScatter", 15, 15, kNewestOpset},
    {"SoftMax", 1, 1, 7},
    {"SoftMax", 8, 8, kNewestOpset},
    {"SoftPlus", 4, 4, kNewestOpset},
    {"SoftSign", 9, 9, kNewestOpset},
    {"SpaceToBatch", 2, 2, kNewestOpset},
    {"SpaceToDepth", 1, 1, kNewestOpset},
    {"Split", 1, 1, kNewestOpset},
    {"Sqrt", 1, 1, kNewestOpset},
    {"SquaredDifference", 1, 1, kNewestOpset},
    {"Squeeze", 1, 1, kNewestOpset},
    {"STFT", 15, 15, kNewestOpset},
    {"StridedSlice", 1, 1, kNewestOpset},
    {"StringTensorPack", 15, 15, kNewestOpset},
    {"StringTensorUnpack", 15, 15, kNewestOpset},
    {"Subtract", 1, 1, kNewestOpset},
    {"Swish", 4, 4, kNewestOpset},
    {"Tan", 1, 1, kNewestOpset},
    {"Tanh", 1, 1, kNewestOpset},
    {"TensorIterator", 1, 1, kNewestOpset},
    {"Tile", 1, 1, kNewestOpset},
    {"TopK", 1, 1, 2},
    {"TopK", 3, 3, 10},
    {"TopK", 11, 11, kNewestOpset},
    {"Transpose", 1, 1, kNewestOpset},
    {"Unique", 10, 10, kNewestOpset},
    {"Unsqueeze", 1, 1, kNewestOpset},
    {"VariadicSplit", 1, 1, kNewestOpset},
});

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

bool same_type(std::string_view table_type, std::string_view type) {
    if (type == "Const") type = "Constant"; // the IR's layer type for a Constant
    return iequals(table_type, type);
}

} // namespace

std::span<const OpsetMembership> opset_membership() {
    return kMembership;
}

bool opset_contains(int opset, std::string_view type, int version) {
    return std::any_of(kMembership.begin(), kMembership.end(), [&](const OpsetMembership& m) {
        return m.version == version && m.first_opset <= opset && opset <= m.last_opset &&
               same_type(m.type, type);
    });
}

std::optional<int> first_opset_containing(std::string_view type, int version) {
    for (const OpsetMembership& m : kMembership)
        if (m.version == version && same_type(m.type, type)) return m.first_opset;
    return std::nullopt;
}

std::optional<int> version_in_opset(std::string_view type, int opset) {
    for (const OpsetMembership& m : kMembership)
        if (m.first_opset <= opset && opset <= m.last_opset && same_type(m.type, type))
            return m.version;
    return std::nullopt;
}

} // namespace mo
