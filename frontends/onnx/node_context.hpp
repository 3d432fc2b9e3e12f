#pragma once
#include "engine/core/graph.hpp"
#include "frontends/onnx/attributes.hpp"

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::onnx_fe {

// What a translator sees of one ONNX node: its inputs (already translated), attributes, the
// default-domain opset version, and helpers that add engine nodes named after the ONNX node.
class NodeContext {
public:
    NodeContext(Graph& graph, const onnx::NodeProto& node, int opset, std::string friendly_name,
                std::vector<Output> inputs, NodeAttributes attrs);

    Graph& graph() const { return graph_; }
    const onnx::NodeProto& proto() const { return node_; }
    const std::string& op_type() const { return node_.op_type(); }
    int opset() const { return opset_; }
    const std::string& name() const { return name_; }
    const NodeAttributes& attrs() const { return attrs_; }

    // Inputs as listed (an empty name is an absent optional input).
    std::size_t input_count() const { return inputs_.size(); }
    bool has_input(std::size_t i) const { return i < inputs_.size() && inputs_[i]; }
    Output input(std::size_t i) const; // throws when absent
    // Outputs listed with a non-empty name (the ones the model uses).
    std::size_t output_count() const { return static_cast<std::size_t>(node_.output_size()); }
    bool output_wanted(std::size_t i) const;

    // Constant value of input i (a Const or anything computable without model inputs).
    std::optional<Tensor> constant(std::size_t i) const;
    // Input i as constant integers; throws "input i (what) must be constant" otherwise.
    std::vector<std::int64_t> const_ints(std::size_t i, std::string_view what) const;

    // Adds an engine node named "<node name>/<type>_N"; the translation's main node is renamed to
    // the ONNX node's name afterwards by the driver.
    Node& make(std::string type, int opset, std::vector<Output> inputs, Attributes attrs = {},
               std::size_t outputs = 1);
    Output op(std::string type, int opset, std::vector<Output> inputs, Attributes attrs = {}) {
        return make(std::move(type), opset, std::move(inputs), std::move(attrs)).output(0);
    }
    Output constant(Tensor value);
    // Whether `node` was added by this translation.
    bool created(const Node& node) const { return first_created_ && node.id() >= *first_created_; }
    Output const_i64(std::vector<std::int64_t> values); // 1-D
    Output const_i64_scalar(std::int64_t value);
    // A scalar constant of the element type of `like` (f32 when that is not known yet).
    Output scalar_like(double value, Output like);

    // Throws mo::Error "node 'X': message".
    [[noreturn]] void fail(const std::string& message) const;
    std::string label() const { return "node '" + name_ + "'"; }

private:
    Graph& graph_;
    const onnx::NodeProto& node_;
    int opset_;
    std::string name_;
    std::vector<Output> inputs_;
    NodeAttributes attrs_;
    std::optional<std::uint64_t> first_created_; // id of the first node this translation added

    Node& note_created(Node& node) {
        if (!first_created_) first_created_ = node.id();
        return node;
    }
};

// Translates one ONNX node; returns one output per ONNX output (it may return fewer when the
// trailing outputs are not supported: the driver rejects them if the model uses them).
using Translator = std::function<std::vector<Output>(NodeContext&)>;
using TranslatorMap = std::map<std::string, Translator, std::less<>>;

// Every supported ONNX (default-domain) op; built on first use.
const TranslatorMap& translators();

// Small shared helpers for translators.
// Attributes from a list; values must already be of the intended alternative (1.0, true,
// std::int64_t{1}, std::string("x")): plain ints and string literals are ambiguous there.
Attributes make_attrs(std::initializer_list<std::pair<const char*, AttrValue>> list);
std::optional<std::int64_t> rank_of(Output x);
// [start, start+1, ..., rank-1] as i64: a constant when the rank is known, else computed.
Output axes_from(NodeContext& ctx, Output x, std::int64_t start);

} // namespace mo::onnx_fe
