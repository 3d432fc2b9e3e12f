#include "engine/rules/replacement.hpp"

#include "engine/rules/op_catalog.hpp"

#include <algorithm>
#include <string>

namespace mo::rules {

Output ReplacementBuilder::build(const Expr& e, ElementType hint) {
    if (e.kind == ExprKind::Call && e.ref == RefKind::Op) return build_op(e);
    if (is_graph_ref(e)) return eval_graph_ref(ctx_, e);
    const Tensor t = as_tensor(eval_value(ctx_, e), hint);
    Node& c = g_.add_const(t, g_.unique_name(root_.name, "/Const"));
    created.push_back(&c);
    return c.output(0);
}

// `_name` and `_place` of a new node (after it is created).
void ReplacementBuilder::name_node(const Expr& e, Node& n) {
    for (const Arg& a : e.args) {
        if (a.keyword == "_place") {
            g_.take_place(n, *ctx_.bindings[static_cast<std::size_t>(a.value->slot)].node);
        } else if (a.keyword == "_name") {
            if (a.value->kind == ExprKind::Name && a.value->ref == RefKind::Node)
                heirs.emplace_back(&n, ctx_.bindings[static_cast<std::size_t>(a.value->slot)].node);
            else
                n.name = as_string(eval_value(ctx_, *a.value));
        }
    }
}

Output ReplacementBuilder::build_const(const Expr& e) {
    const Expr* value = nullptr;
    for (const Arg& a : e.args)
        if (a.keyword.empty()) value = a.value.get();
    Node& c =
        g_.add_const(as_tensor(eval_value(ctx_, *value)), g_.unique_name(root_.name, "/Const"));
    created.push_back(&c);
    name_node(e, c);
    return c.output(0);
}

Output ReplacementBuilder::build_op(const Expr& e) {
    if (e.name == "Const") return build_const(e);
    Attributes attrs;
    std::vector<Output> inputs;
    inputs.reserve(e.args.size());
    std::vector<std::pair<std::size_t, const Expr*>> values; // built once a type hint is known
    ++depth_;
    for (const Arg& a : e.args) {
        const Expr& v = *a.value;
        if (!a.keyword.empty()) continue;
        if (v.kind == ExprKind::Member && v.member == "attrs") {
            const Attributes& from = ctx_.bindings[static_cast<std::size_t>(v.slot)].node->attrs;
            if (attrs.empty()) {
                attrs = from; // a whole-map copy: no lookups
                continue;
            }
            for (const auto& [k, val] : from) attrs.set(k, val);
            continue;
        }
        if (v.kind == ExprKind::Name && v.ref == RefKind::Variadic) {
            for (const Output& o : ctx_.bindings[static_cast<std::size_t>(v.slot)].list)
                inputs.push_back(o);
            continue;
        }
        if ((v.kind == ExprKind::Call && v.ref == RefKind::Op) || is_graph_ref(v)) {
            inputs.push_back(build(v, ElementType::dynamic));
        } else {
            values.emplace_back(inputs.size(), &v);
            inputs.emplace_back();
        }
    }
    ElementType hint = ElementType::dynamic;
    for (const Output& o : inputs)
        if (o && o.type() != ElementType::dynamic) {
            hint = o.type();
            break;
        }
    for (auto& [index, expr] : values) inputs[index] = build(*expr, hint);
    --depth_;
    const OpDef* def = nullptr; // the newest version unless `_opset=N` asks for another
    bool named = false;         // `_name` or `_place`: a node of its own, never an existing one
    for (const Arg& a : e.args) {
        if (a.keyword == "_opset")
            def = op_registry().find(e.name, static_cast<int>(a.value->int_value));
        else if (a.keyword == "_name" || a.keyword == "_place")
            named = true;
        else if (!a.keyword.empty())
            attrs.set(a.keyword, to_attribute(eval_value(ctx_, *a.value)));
    }

    const bool framework = is_framework_op(e.name);
    if (!framework) {
        if (!def) def = latest_def(e.name);
        if (depth_ > 0 && !named)
            if (Node* same = existing(*def, inputs, attrs)) return same->output(0);
    }
    std::string name = g_.unique_name(root_.name + "/" + e.name);
    Node* n =
        framework
            ? &g_.add(e.name, 0, std::move(inputs), std::move(attrs), std::move(name), 1)
            : &g_.add(e.name, def->opset, std::move(inputs), std::move(attrs), std::move(name));
    created.push_back(n);
    name_node(e, *n);
    return n->output(0);
}

Node* ReplacementBuilder::existing(const OpDef& def, const std::vector<Output>& inputs,
                                   const Attributes& attrs) const {
    if (inputs.empty()) return nullptr;
    const Output* least = &inputs[0];
    for (const Output& in : inputs)
        if (in.node->consumers(in.index).size() < least->node->consumers(least->index).size())
            least = &in;
    for (const Input& c : least->node->consumers(least->index)) {
        Node* m = c.node;
        if (m == &root_ || !m->alive() || (ctx_.dead && ctx_.dead->count(m))) continue;
        if (m->def() != &def) continue; // the same type and version
        if (!std::equal(inputs.begin(), inputs.end(), m->inputs().begin(), m->inputs().end()))
            continue;
        if (m->attrs == attrs) return m;
    }
    return nullptr;
}

} // namespace mo::rules
