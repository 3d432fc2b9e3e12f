// Framework-only ops kept for the rules (Dropout, Identity), framework nodes for the lower rules,
// and constants.
#include "frontends/onnx/ops/ops.hpp"

namespace mo::onnx_fe::ops {
namespace {

std::vector<Output> identity(NodeContext& ctx) {
    return {make_identity(ctx, ctx.input(0))};
}

// Whether a Dropout runs in training mode with a ratio above zero: its result is then random.
bool random_dropout(NodeContext& ctx) {
    if (ctx.opset() < 12 || !ctx.has_input(2)) return false;
    const auto training = ctx.constant(2);
    if (!training) return true; // decided at run time: may be random
    if (training->size() != 1 || training->value_as_double(0) == 0.0) return false;
    double ratio = 0.5;
    if (ctx.has_input(1)) {
        const auto r = ctx.constant(1);
        if (!r) return true;
        ratio = r->value_as_double(0);
    }
    return ratio != 0.0;
}

// onnx.Dropout keeps only the data input (ratio and training_mode do not matter in inference)
// for the rules to remove. The mask output (all true in inference) is computed separately.
std::vector<Output> dropout(NodeContext& ctx) {
    Output x = ctx.input(0);
    if (random_dropout(ctx))
        ctx.fail("Dropout in training mode (a true or run-time training_mode: random results) is "
                 "not supported");
    Attributes a;
    if (ctx.opset() < 12 && ctx.attrs().has("ratio"))
        a.set("ratio", AttrValue(ctx.attrs().get_float("ratio")));
    Node& node = ctx.make("onnx.Dropout", 0, {x}, a, 1);
    node.set_output(0, x.type(), x.shape());
    if (!ctx.output_wanted(1)) return {node.output(0)};
    Output shape = ctx.op("ShapeOf", 3, {x}, make_attrs({{"output_type", std::string("i64")}}));
    Tensor all_true(ElementType::boolean, {});
    set_value_from_double(all_true, 0, 1.0);
    Output mask = ctx.op("Broadcast", 3, {ctx.constant(std::move(all_true)), shape},
                         make_attrs({{"mode", std::string("numpy")}}));
    return {node.output(0), mask};
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

Output make_framework_node(NodeContext& ctx, const std::string& type, std::vector<Output> inputs,
                           Attributes attrs) {
    const Output x = inputs.at(0);
    Node& node = ctx.make("onnx." + type, 0, std::move(inputs), std::move(attrs), 1);
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
