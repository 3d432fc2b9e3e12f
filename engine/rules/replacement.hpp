#pragma once
// Builds the sub-graph that replaces one match (the `replace ... with` expressions).
#include "engine/rules/expr_eval.hpp"

#include <utility>
#include <vector>

namespace mo::rules {

// Builds the replacement sub-graph of one match. The nodes it creates are appended to `created`
// (the driver's scratch vector: a rewrite allocates nothing for it).
// An inner operation (not the one producing an output of the root) equal to a live node, same
// type, version, attributes and inputs, is that node: when several rewrites each build the same
// value for their own root (one per reader of a shared tensor), they share it.
// `_opset=N` picks the version built; `_name=r` makes the new node the continuation of the
// matched node r (see Driver::inherit_names), `_name="text"` names it; `_place=r` lists it where
// r was in the node order (Graph::take_place). `Const(value)` builds a constant that can carry
// those keywords.
class ReplacementBuilder {
public:
    ReplacementBuilder(Graph& g, EvalContext& ctx, Node& root, std::vector<Node*>& created)
        : created(created), g_(g), ctx_(ctx), root_(root) {}

    // (new node, matched node it continues) for each `_name=` of the replacement.
    std::vector<std::pair<Node*, Node*>> heirs;

    // The output an expression of the replacement denotes: a bound operand or port, a new
    // operation, or a value made a Const (of type `hint` when the value does not fix it).
    Output build(const Expr& e, ElementType hint);

    std::vector<Node*>& created;

private:
    Output build_op(const Expr& e);
    Output build_const(const Expr& e);
    void name_node(const Expr& e, Node& n);
    // A live node equal to the one about to be built, found among the readers of its least-read
    // input (a node reading every input reads that one), or nullptr.
    Node* existing(const OpDef& def, const std::vector<Output>& inputs,
                   const Attributes& attrs) const;

    Graph& g_;
    EvalContext& ctx_;
    Node& root_;
    int depth_ = 0; // operations being built around the current one (0: an output of the root)
};

} // namespace mo::rules
