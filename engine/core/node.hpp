#pragma once
#include "engine/core/attribute.hpp"
#include "engine/core/element_type.hpp"
#include "engine/core/op_type.hpp"
#include "engine/core/shape.hpp"
#include "engine/core/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mo {

class Graph;
class Node;
struct OpDef;

// One output port of a node (what an edge starts from). Non-owning.
struct Output {
    Node* node = nullptr;
    std::size_t index = 0;

    explicit operator bool() const { return node != nullptr; }
    bool operator==(const Output&) const = default;
    // Convenience accessors of the port's description.
    ElementType type() const;
    const class PartialShape& shape() const;
};

// One input port of a node (where an edge ends). Non-owning.
struct Input {
    Node* node = nullptr;
    std::size_t index = 0;
    bool operator==(const Input&) const = default;
};

// What flows out of an output port, and who reads it.
struct PortInfo {
    ElementType type = ElementType::dynamic;
    PartialShape shape;
    std::vector<std::string> names; // tensor names (kept in insertion order)
    std::vector<Input> consumers;   // maintained by Graph
};

// A node of the graph. Op types are the IR's type names for opset operations ("Convolution",
// "Const", "Parameter", "Result", ...) with their opset version (Gather-8 has opset 8); framework
// operations kept for the rules to remove or lower are namespaced ("onnx.Dropout") with opset 0.
// Edges are changed only through Graph, which keeps consumer lists consistent.
class alignas(64) Node {
    // The fields the graph walks and the matcher read come first: with the node aligned to a cache
    // line, one line holds them (a rewrite of a large graph is mostly cache misses on nodes).
    // The rest is ordered so that nothing is padded: 192 bytes, three lines, on x86-64.
    std::uint64_t id_;
    OpTypeId type_id_;
    bool alive_ = true;
    std::vector<Output> inputs_;
    std::vector<PortInfo> outputs_;
    const std::string* type_;
    int opset_;
    const OpDef* def_;
    Graph* graph_;

public:
    std::uint64_t id() const { return id_; } // unique in its graph, increasing with creation
    const std::string& type() const { return *type_; }
    OpTypeId type_id() const { return type_id_; } // the interned type (see op_type.hpp)
    int opset() const { return opset_; }
    const OpDef* def() const { return def_; } // nullptr for ops the registry does not know
    Graph& graph() const { return *graph_; }
    // False once the node left the graph (its memory lives on with the graph: see Arena).
    bool alive() const { return alive_; }

    std::string name; // friendly name (the layer name in the IR)
    Attributes attrs;
    Tensor value; // the constant of a Const node (invalid otherwise)

    std::size_t input_count() const { return inputs_.size(); }
    Output input(std::size_t i) const { return inputs_.at(i); }
    std::span<const Output> inputs() const { return inputs_; }
    // The node that produces input i.
    Node& producer(std::size_t i) const { return *inputs_.at(i).node; }

    std::size_t output_count() const { return outputs_.size(); }
    Output output(std::size_t i) { return {this, i}; }
    PortInfo& port(std::size_t i) { return outputs_.at(i); }
    const PortInfo& port(std::size_t i) const { return outputs_.at(i); }
    ElementType output_type(std::size_t i) const { return outputs_.at(i).type; }
    const PartialShape& output_shape(std::size_t i) const { return outputs_.at(i).shape; }
    const std::vector<Input>& consumers(std::size_t i) const { return outputs_.at(i).consumers; }
    // Number of consumers over all outputs.
    std::size_t use_count() const;

    // Used by shape inference: sets the count and the description of outputs.
    void set_output_count(std::size_t n) { outputs_.resize(n); }
    void set_output(std::size_t i, ElementType type, PartialShape shape);

    // Type and shape of input i (shorthands for inference code).
    ElementType input_type(std::size_t i) const { return inputs_.at(i).type(); }
    const PartialShape& input_shape(std::size_t i) const { return inputs_.at(i).shape(); }

    bool is_const() const { return type_id_ == kConstType; }
    // "Convolution 'conv1'" for messages.
    std::string describe() const;

private:
    friend class Graph;
    Node(Graph& g, std::uint64_t id, InternedOpType type, int opset, const OpDef* def)
        : id_(id), type_id_(type.id), type_(type.name), opset_(opset), def_(def), graph_(&g) {}
};

inline ElementType Output::type() const {
    return node->output_type(index);
}
inline const PartialShape& Output::shape() const {
    return node->output_shape(index);
}

} // namespace mo
