// One-to-one ONNX -> opset mappings as data, plus the registry of all translators.
#include "frontends/common/op_mapping.hpp"
#include "frontends/onnx/node_context.hpp"
#include "frontends/onnx/ops/ops.hpp"

#include <optional>

namespace mo::onnx_fe {
namespace {

using frontends::OpMapping;

AttrValue str(const char* s) {
    return std::string(s);
}

const std::vector<OpMapping>& direct_mappings() {
    static const std::vector<OpMapping> table = {
        {"Abs", "Abs", 1},
        {"Acos", "Acos", 1},
        {"Acosh", "Acosh", 3},
        {"Asin", "Asin", 1},
        {"Asinh", "Asinh", 3},
        {"Atan", "Atan", 1},
        {"Atanh", "Atanh", 3},
        {"Ceil", "Ceiling", 1},
        {"Cos", "Cos", 1},
        {"Cosh", "Cosh", 1},
        {"Erf", "Erf", 1},
        {"Exp", "Exp", 1},
        {"Floor", "Floor", 1},
        {"Log", "Log", 1},
        {"Neg", "Negative", 1},
        {"Relu", "Relu", 1},
        {"Sigmoid", "Sigmoid", 1},
        {"Sign", "Sign", 1},
        {"Sin", "Sin", 1},
        {"Sinh", "Sinh", 1},
        {"Sqrt", "Sqrt", 1},
        {"Tan", "Tan", 1},
        {"Tanh", "Tanh", 1},
        {"Softplus", "SoftPlus", 4},
        {"Mish", "Mish", 4},
        {"HardSwish", "HSwish", 4},
        {"Not", "LogicalNot", 1},
        {"And", "LogicalAnd", 1},
        {"Or", "LogicalOr", 1},
        {"Xor", "LogicalXor", 1},
        {"Equal", "Equal", 1},
        {"Greater", "Greater", 1},
        {"Less", "Less", 1},
        {"GreaterOrEqual", "GreaterEqual", 1},
        {"LessOrEqual", "LessEqual", 1},
        {"PRelu", "PRelu", 1},
        {"MatMul", "MatMul", 1, {}, {{"transpose_a", false}, {"transpose_b", false}}},
        {"Where", "Select", 1},
        {"CastLike", "ConvertLike", 1},
        {"Elu", "Elu", 1, {{"alpha", "alpha", 1.0}}},
        {"GatherElements", "GatherElements", 6, {{"axis", "axis", std::int64_t{0}}}},
        {"SpaceToDepth",
         "SpaceToDepth",
         1,
         {{"blocksize", "block_size", std::nullopt}},
         {{"mode", str("blocks_first")}}},
        {"Expand", "Broadcast", 3, {}, {{"mode", str("bidirectional")}}},
        {"Tile", "Tile", 1},
        {"ReverseSequence",
         "ReverseSequence",
         1,
         {{"batch_axis", "batch_axis", std::int64_t{1}},
          {"time_axis", "seq_axis", std::int64_t{0}}}},
        {"NonZero", "NonZero", 3, {}, {{"output_type", str("i64")}}},
        {"CumSum", "CumSum", 3, {{"exclusive", "exclusive", false}, {"reverse", "reverse", false}}},
        {"Round", "Round", 5, {}, {{"mode", str("half_to_even")}}},
    };
    return table;
}

Translator direct(const OpMapping& m) {
    return [&m](NodeContext& ctx) {
        std::vector<Output> inputs;
        for (std::size_t i = 0; i < ctx.input_count(); ++i) {
            if (!ctx.has_input(i)) {
                // An absent optional input is fine only at the end.
                for (std::size_t j = i + 1; j < ctx.input_count(); ++j)
                    if (ctx.has_input(j)) ctx.input(i); // throws naming the missing input
                break;
            }
            inputs.push_back(ctx.input(i));
        }
        Attributes attrs = frontends::mapped_attributes(m, ctx.attrs());
        return std::vector<Output>{ctx.op(m.type, m.opset, std::move(inputs), std::move(attrs))};
    };
}

TranslatorMap build_translators() {
    TranslatorMap map;
    for (const auto& m : direct_mappings()) map[m.framework_op] = direct(m);
    ops::register_elementwise(map);
    ops::register_conv(map);
    ops::register_pooling(map);
    ops::register_normalization(map);
    ops::register_reduction(map);
    ops::register_shape(map);
    ops::register_movement(map);
    ops::register_resize(map);
    ops::register_framework(map);
    ops::register_loss(map);
    ops::register_matrix(map);
    ops::register_quantization(map);
    return map;
}

} // namespace

const TranslatorMap& translators() {
    static const TranslatorMap map = build_translators();
    return map;
}

} // namespace mo::onnx_fe
