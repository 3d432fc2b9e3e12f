#include "frontends/onnx/node_context.hpp"

#include "engine/core/error.hpp"

namespace mo::onnx_fe {

NodeContext::NodeContext(Graph& graph, const onnx::NodeProto& node, int opset,
                         std::string friendly_name, std::vector<Output> inputs,
                         NodeAttributes attrs)
    : graph_(graph), node_(node), opset_(opset), name_(std::move(friendly_name)),
      inputs_(std::move(inputs)), attrs_(std::move(attrs)) {}

Output NodeContext::input(std::size_t i) const {
    if (!has_input(i))
        fail("op " + op_type() + " needs input " + std::to_string(i) + ", which is absent");
    return inputs_[i];
}

bool NodeContext::output_wanted(std::size_t i) const {
    return i < output_count() && !node_.output(static_cast<int>(i)).empty();
}

std::optional<Tensor> NodeContext::constant(std::size_t i) const {
    if (!has_input(i)) return std::nullopt;
    return graph_.constant_value(inputs_[i]);
}

std::vector<std::int64_t> NodeContext::const_ints(std::size_t i, std::string_view what) const {
    auto v = constant(i);
    if (!v)
        fail("input " + std::to_string(i) + " (" + std::string(what) + ") of " + op_type() +
             " must be a constant");
    return v->to_int64s();
}

Node& NodeContext::make(std::string type, int opset, std::vector<Output> inputs, Attributes attrs,
                        std::size_t outputs) {
    std::string node_name = graph_.unique_name(name_ + "/" + type);
    return note_created(graph_.add(std::move(type), opset, std::move(inputs), std::move(attrs),
                                   std::move(node_name), outputs));
}

Output NodeContext::constant(Tensor value) {
    return note_created(graph_.add_const(std::move(value), graph_.unique_name(name_, "/Const")))
        .output(0);
}

Output NodeContext::const_i64(std::vector<std::int64_t> values) {
    const auto n = static_cast<std::int64_t>(values.size());
    return constant(Tensor::from_vector<std::int64_t>({n}, values));
}

Output NodeContext::const_i64_scalar(std::int64_t value) {
    return constant(Tensor::scalar<std::int64_t>(value));
}

Output NodeContext::scalar_like(double value, Output like) {
    ElementType t = like.type();
    if (t == ElementType::dynamic || t == ElementType::string) t = ElementType::f32;
    Tensor v(t, {});
    set_value_from_double(v, 0, value);
    return constant(std::move(v));
}

void NodeContext::fail(const std::string& message) const {
    throw Error(label() + ": " + message);
}

Attributes make_attrs(std::initializer_list<std::pair<const char*, AttrValue>> list) {
    Attributes a;
    for (const auto& [name, value] : list) a.set(name, value);
    return a;
}

std::optional<std::int64_t> rank_of(Output x) {
    const PartialShape& s = x.shape();
    if (!s.rank_known()) return std::nullopt;
    return static_cast<std::int64_t>(s.rank());
}

Output axes_from(NodeContext& ctx, Output x, std::int64_t start) {
    if (auto r = rank_of(x)) {
        std::vector<std::int64_t> axes;
        for (std::int64_t a = start; a < *r; ++a) axes.push_back(a);
        return ctx.const_i64(axes);
    }
    const Attributes shape_attrs = make_attrs({{"output_type", std::string("i64")}});
    Output shape = ctx.op("ShapeOf", 3, {x}, shape_attrs);
    Output rank_1d = ctx.op("ShapeOf", 3, {shape}, shape_attrs);
    Output rank = ctx.op("Squeeze", 1, {rank_1d, ctx.const_i64({0})});
    return ctx.op("Range", 4, {ctx.const_i64_scalar(start), rank, ctx.const_i64_scalar(1)},
                  shape_attrs);
}

} // namespace mo::onnx_fe
