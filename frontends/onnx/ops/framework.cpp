// Framework-only ops kept for the rules (Dropout, Identity) and constants.
#include "frontends/onnx/ops/ops.hpp"

namespace mo::onnx_fe::ops {
namespace {

std::vector<Output> identity(NodeContext& ctx) {
    return {make_identity(ctx, ctx.input(0))};
}

// onnx.Dropout keeps only the data input (ratio and training_mode do not matter in inference);
// its outputs are the data and, when listed, the mask (all true in inference).
std::vector<Output> dropout(NodeContext& ctx) {
    Output x = ctx.input(0);
    const std::size_t outputs = ctx.output_count() > 1 ? 2 : 1;
    Attributes a;
    if (ctx.opset() < 12 && ctx.attrs().has("ratio"))
        a.set("ratio", AttrValue(ctx.attrs().get_float("ratio")));
    Node& node = ctx.make("onnx.Dropout", 0, {x}, a, outputs);
    node.set_output(0, x.type(), x.shape());
    if (outputs == 2) node.set_output(1, ElementType::boolean, x.shape());
    std::vector<Output> outs{node.output(0)};
    if (outputs == 2) outs.push_back(node.output(1));
    return outs;
}

std::vector<Output> constant(NodeContext& ctx) {
    const auto& attrs = ctx.attrs();
    if (attrs.has("value")) return {ctx.constant(attrs.get_tensor("value"))};
    if (attrs.has("value_float"))
        return {ctx.constant(
            Tensor::scalar<float>(static_cast<float>(attrs.get_float("value_float"))))};
    if (attrs.has("value_int")) return {ctx.const_i64_scalar(attrs.get_int("value_int"))};
    if (attrs.has("value_floats")) {
        const auto v = attrs.get_floats("value_floats");
        return {ctx.constant(Tensor::from_vector<float>({static_cast<std::int64_t>(v.size())},
                                                        std::vector<float>(v.begin(), v.end())))};
    }
    if (attrs.has("value_ints")) return {ctx.const_i64(attrs.get_ints("value_ints"))};
    if (attrs.has("sparse_value")) ctx.fail("Constant with a sparse_value is not supported");
    if (attrs.has("value_string") || attrs.has("value_strings"))
        ctx.fail("Constant strings are not supported");
    ctx.fail("Constant has no value attribute");
}

std::vector<Output> constant_of_shape(NodeContext& ctx) {
    Tensor value =
        ctx.attrs().has("value") ? ctx.attrs().get_tensor("value") : Tensor::scalar<float>(0.0f);
    if (value.size() != 1) ctx.fail("ConstantOfShape value must hold one element");
    return {ctx.op("Broadcast", 3, {ctx.constant(value.reshaped({})), ctx.input(0)},
                   make_attrs({{"mode", std::string("numpy")}}))};
}

} // namespace

Output make_identity(NodeContext& ctx, Output x) {
    Node& node = ctx.make("onnx.Identity", 0, {x});
    node.set_output(0, x.type(), x.shape());
    return node.output(0);
}

void register_framework(TranslatorMap& map) {
    map["Identity"] = identity;
    map["Dropout"] = dropout;
    map["Constant"] = constant;
    map["ConstantOfShape"] = constant_of_shape;
}

} // namespace mo::onnx_fe::ops
