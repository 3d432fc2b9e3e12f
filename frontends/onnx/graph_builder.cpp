#include "frontends/onnx/graph_builder.hpp"

#include "engine/core/error.hpp"
#include "frontends/onnx/attributes.hpp"
#include "frontends/onnx/external_data.hpp"
#include "frontends/onnx/node_context.hpp"
#include "frontends/onnx/tensor_reader.hpp"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace mo::onnx_fe {
namespace {

bool is_default_domain(const std::string& domain) {
    return domain.empty() || domain == "ai.onnx";
}

int default_opset(const onnx::ModelProto& model) {
    for (const auto& op : model.opset_import())
        if (is_default_domain(op.domain())) return static_cast<int>(op.version());
    if (model.opset_import_size() == 0) return 1; // very old models: no opset_import at all
    // A graph made only of other domains' ops needs no version: each such node is then reported
    // as unsupported by itself.
    bool uses_default = false;
    for (const auto& node : model.graph().node()) uses_default |= is_default_domain(node.domain());
    if (!uses_default) return 1;
    throw Error("the model imports no version of the default ONNX domain (ai.onnx)");
}

class Builder {
public:
    Builder(std::shared_ptr<const onnx::ModelProto> model, const std::filesystem::path& model_dir,
            std::shared_ptr<const RawDataIndex> weights)
        : model_(std::move(model)), external_(model_dir),
          source_{std::shared_ptr<const void>(model_, model_.get()), &external_, std::move(weights)} {}

    std::unique_ptr<Graph> build() {
        const onnx::GraphProto& g = model_->graph();
        opset_ = default_opset(*model_);
        for (const auto& init : g.initializer()) initializers_.emplace(init.name(), &init);
        add_parameters(g);
        for (const onnx::NodeProto* node : topological_nodes(g)) translate(*node);
        for (const auto& out : g.output()) {
            Output src = value(out.name(), nullptr);
            graph_->add_result(src, out.name() + "/sink_port_0");
        }
        return std::move(graph_);
    }

private:
    void add_parameters(const onnx::GraphProto& g) {
        for (const auto& input : g.input()) {
            if (initializers_.count(input.name())) continue; // a default value, not an input
            if (!input.type().has_tensor_type())
                throw Error("graph input '" + input.name() +
                            "' is not a tensor (sequences, maps and optionals are not supported)");
            const auto& tt = input.type().tensor_type();
            const auto type = element_type_from_onnx(tt.elem_type());
            if (!type)
                throw Error("graph input '" + input.name() + "' has unsupported element type " +
                            onnx_type_name(tt.elem_type()));
            PartialShape shape;
            if (tt.has_shape()) {
                Shape dims;
                for (const auto& d : tt.shape().dim())
                    dims.push_back(d.has_dim_value() && d.dim_value() >= 0
                                       ? d.dim_value()
                                       : PartialShape::kDynamic);
                shape = PartialShape(std::move(dims));
            }
            Node& p = graph_->add_parameter(input.name(), *type, shape);
            p.port(0).names.push_back(input.name());
            used_names_.insert(input.name());
            values_[input.name()] = p.output(0);
        }
    }

    // The producer of a value: a translated node output, a graph input, or an initializer
    // (turned into a Const on first use).
    Output value(const std::string& name, const onnx::NodeProto* consumer) {
        if (auto it = values_.find(name); it != values_.end()) return it->second;
        if (auto it = initializers_.find(name); it != initializers_.end()) {
            Tensor t;
            try {
                t = tensor_from_proto(*it->second, source_);
            } catch (const Error& e) {
                throw Error("initializer '" + name + "': " + e.what());
            }
            Node& c = graph_->add_const(std::move(t), name);
            c.port(0).names.push_back(name);
            used_names_.insert(name);
            return values_[name] = c.output(0);
        }
        if (consumer)
            throw Error("node '" + consumer->name() + "' (" + consumer->op_type() + "): input '" +
                        name + "' is not produced by any node, graph input or initializer");
        throw Error("graph output '" + name +
                    "' is not produced by any node, graph input or initializer");
    }

    // Nodes ordered so that producers come first (ONNX requires it, but not every exporter
    // complies). Iterative DFS: deep graphs must not overflow the stack.
    std::vector<const onnx::NodeProto*> topological_nodes(const onnx::GraphProto& g) {
        const int n = g.node_size();
        std::unordered_map<std::string, int> producer;
        for (int i = 0; i < n; ++i)
            for (const auto& out : g.node(i).output())
                if (!out.empty()) producer.emplace(out, i);
        std::vector<std::uint8_t> state(static_cast<std::size_t>(n), 0); // 0 new, 1 open, 2 done
        std::vector<const onnx::NodeProto*> order;
        order.reserve(static_cast<std::size_t>(n));
        std::vector<std::pair<int, int>> stack; // (node, next input to visit)
        for (int root = 0; root < n; ++root) {
            if (state[static_cast<std::size_t>(root)]) continue;
            stack.emplace_back(root, 0);
            state[static_cast<std::size_t>(root)] = 1;
            while (!stack.empty()) {
                auto& [node, next] = stack.back();
                const auto& proto = g.node(node);
                if (next < proto.input_size()) {
                    const std::string& in = proto.input(next++);
                    auto it = producer.find(in);
                    if (in.empty() || it == producer.end()) continue;
                    auto& s = state[static_cast<std::size_t>(it->second)];
                    if (s == 1)
                        throw Error("node '" + proto.name() + "' (" + proto.op_type() +
                                    "): the graph has a cycle through value '" + in + "'");
                    if (s == 0) {
                        s = 1;
                        stack.emplace_back(it->second, 0);
                    }
                    continue;
                }
                state[static_cast<std::size_t>(node)] = 2;
                order.push_back(&proto);
                stack.pop_back();
            }
        }
        return order;
    }

    std::string friendly_name(const onnx::NodeProto& node) {
        std::string name = node.name();
        if (name.empty())
            for (const auto& out : node.output())
                if (!out.empty()) {
                    name = out;
                    break;
                }
        if (name.empty() || used_names_.count(name))
            name = graph_->unique_name(name.empty() ? node.op_type() : name);
        used_names_.insert(name);
        return name;
    }

    void check_supported(const onnx::NodeProto& node, const std::string& label) {
        if (!is_default_domain(node.domain()))
            throw Error(label + ": op " + node.op_type() + " of domain '" + node.domain() +
                        "' is not supported (only the default ai.onnx domain is)");
        for (const auto& a : node.attribute())
            if (holds_graph(a))
                throw Error(label + ": op " + node.op_type() +
                            " has a sub-graph, which is not supported yet");
    }

    void translate(const onnx::NodeProto& node) {
        const std::string name = friendly_name(node);
        const std::string label = "node '" + name + "'";
        check_supported(node, label);
        const auto& table = translators();
        auto it = table.find(node.op_type());
        if (it == table.end())
            throw Error(label + ": unsupported ONNX operation '" + node.op_type() + "' (opset " +
                        std::to_string(opset_) + ")");
        std::vector<Output> inputs;
        inputs.reserve(static_cast<std::size_t>(node.input_size()));
        for (const auto& in : node.input())
            inputs.push_back(in.empty() ? Output{} : value(in, &node));

        NodeContext ctx(*graph_, node, opset_, name, std::move(inputs),
                        NodeAttributes(node, label, source_));
        std::vector<Output> outputs;
        try {
            outputs = it->second(ctx);
        } catch (const InferenceError& e) {
            throw InferenceError(label + " (" + node.op_type() + "): " + e.what());
        } catch (const Error& e) {
            const std::string what = e.what();
            if (what.rfind(label, 0) == 0) throw;
            throw Error(label + " (" + node.op_type() + "): " + what);
        } catch (const std::exception& e) {
            throw Error(label + " (" + node.op_type() + "): " + e.what());
        }
        // The node that produces the first output carries the ONNX node's name.
        if (!outputs.empty() && outputs[0] && ctx.created(*outputs[0].node))
            outputs[0].node->name = name;

        for (int i = 0; i < node.output_size(); ++i) {
            const std::string& out = node.output(i);
            if (out.empty()) continue;
            if (static_cast<std::size_t>(i) >= outputs.size() ||
                !outputs[static_cast<std::size_t>(i)])
                throw Error(label + ": output " + std::to_string(i) + " ('" + out + "') of " +
                            node.op_type() + " is not supported");
            Output o = outputs[static_cast<std::size_t>(i)];
            auto& names = o.node->port(o.index).names;
            names.push_back(out);
            values_[out] = o;
        }
    }

    std::shared_ptr<const onnx::ModelProto> model_;
    ExternalData external_;
    TensorSource source_;
    std::unique_ptr<Graph> graph_ = std::make_unique<Graph>();
    int opset_ = 1;
    std::unordered_map<std::string, const onnx::TensorProto*> initializers_;
    std::unordered_map<std::string, Output> values_;
    std::unordered_set<std::string> used_names_;
};

} // namespace

std::unique_ptr<Graph> build_graph(std::shared_ptr<const onnx::ModelProto> model,
                                   const std::filesystem::path& model_dir,
                                   std::shared_ptr<const RawDataIndex> weights) {
    return Builder(std::move(model), model_dir, std::move(weights)).build();
}

} // namespace mo::onnx_fe
