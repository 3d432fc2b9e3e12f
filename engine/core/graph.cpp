#include "engine/core/graph.hpp"

#include "engine/core/error.hpp"
#include "engine/core/op_registry.hpp"

#include <algorithm>
#include <queue>
#include <tuple>
#include <unordered_map>

namespace mo {

std::size_t Node::use_count() const {
    std::size_t n = 0;
    for (const auto& p : outputs_) n += p.consumers.size();
    return n;
}

void Node::set_output(std::size_t i, ElementType type, PartialShape shape) {
    if (i >= outputs_.size()) outputs_.resize(i + 1);
    outputs_[i].type = type;
    outputs_[i].shape = std::move(shape);
}

std::string Node::describe() const {
    return *type_ + " '" + name + "'";
}

Node& Graph::create(std::string type, int opset, std::vector<Output> inputs, Attributes attrs,
                    std::string name, std::size_t output_count) {
    const OpDef* def = op_registry().find(type, opset);
    Node* slot = nullptr;
    if (reusable_.empty()) {
        slot = new (arena_.next_slot()) Node(*this, next_id_++, intern_op_type(type), opset, def);
        arena_.constructed();
    } else {
        // Field by field rather than destroying and constructing: the vectors keep their
        // storage, so reusing a node costs no free() and malloc() of its edge lists (which cost
        // as much as the memory saved). The other fields are set below.
        slot = reusable_.back();
        reusable_.pop_back();
        const InternedOpType interned = intern_op_type(type);
        slot->id_ = next_id_++;
        slot->type_id_ = interned.id;
        slot->type_ = interned.name;
        slot->opset_ = opset;
        slot->def_ = def;
        slot->alive_ = true;
        slot->value = Tensor();
        slot->inputs_.clear(); // its producers were removed with it or no longer list it
        for (PortInfo& port : slot->outputs_) {
            port.type = ElementType::dynamic;
            port.shape = PartialShape();
            port.names.clear();
            port.consumers.clear();
        }
    }
    Node& node = *slot;
    node.name = name.empty() ? unique_name(node.type()) : std::move(name);
    node.attrs = std::move(attrs);
    node.outputs_.resize(def ? def->outputs : output_count);
    nodes_.push_back({&node, node.id_});
    ++live_count_;
    node.inputs_.resize(inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        if (!inputs[i])
            throw Error(node.describe() + ": input " + std::to_string(i) + " is missing");
        connect(node, i, inputs[i]);
    }
    return node;
}

Node& Graph::add(std::string type, int opset, std::vector<Output> inputs, Attributes attrs,
                 std::string name, std::size_t output_count) {
    Node& node = create(std::move(type), opset, std::move(inputs), std::move(attrs),
                        std::move(name), output_count);
    if (node.def()) infer(node);
    return node;
}

Node& Graph::add(std::string type, std::vector<Output> inputs, Attributes attrs, std::string name) {
    const OpDef* def = op_registry().latest(type);
    if (!def) throw Error("unknown operation type '" + type + "'");
    return add(std::move(type), def->opset, std::move(inputs), std::move(attrs), std::move(name));
}

Node& Graph::add_parameter(std::string name, ElementType type, PartialShape shape) {
    Attributes attrs;
    attrs.set("element_type", std::string(to_string(type)));
    Node& node = create("Parameter", 1, {}, std::move(attrs), std::move(name), 1);
    node.set_output(0, type, std::move(shape));
    parameters_.push_back(&node);
    return node;
}

Node& Graph::add_const(Tensor value, std::string name) {
    Node& node = create("Const", 1, {}, {}, std::move(name), 1);
    node.set_output(0, value.type(), PartialShape(value.shape()));
    node.value = std::move(value);
    return node;
}

Node& Graph::add_result(Output source, std::string name) {
    Node& node = create("Result", 1, {source}, {}, std::move(name), 0);
    results_.push_back(&node);
    return node;
}

std::vector<Node*> Graph::nodes() const {
    std::vector<Node*> out;
    out.reserve(live_count_);
    for (const Listed& e : nodes_)
        if (e.live()) out.push_back(e.node);
    return out;
}

void Graph::connect(Node& node, std::size_t index, Output source) {
    if (source.node->graph_ != this) throw Error("internal: edge between two graphs");
    if (source.index >= source.node->outputs_.size())
        throw Error(node.describe() + ": input " + std::to_string(index) + " reads output " +
                    std::to_string(source.index) + " of " + source.node->describe() +
                    ", which has " + std::to_string(source.node->outputs_.size()) + " outputs");
    node.inputs_[index] = source;
    source.node->outputs_[source.index].consumers.push_back({&node, index});
    if (source.node->id_ > node.id_) creation_order_topological_ = false;
}

void Graph::disconnect(Node& node, std::size_t index) {
    Output src = node.inputs_[index];
    if (!src) return;
    auto& cons = src.node->outputs_[src.index].consumers;
    auto it = std::find(cons.begin(), cons.end(), Input{&node, index});
    if (it != cons.end()) cons.erase(it);
    node.inputs_[index] = {};
}

void Graph::set_input(Node& node, std::size_t index, Output source) {
    if (index >= node.inputs_.size()) node.inputs_.resize(index + 1);
    disconnect(node, index);
    connect(node, index, source);
}

void Graph::replace_uses(Output from, Output to) {
    if (from == to) return;
    // Taken, not copied: each consumer is then connected to `to` (disconnecting it from `from`
    // finds nothing left to remove).
    auto consumers = std::move(from.node->outputs_.at(from.index).consumers);
    from.node->outputs_[from.index].consumers.clear();
    for (const Input& in : consumers) set_input(*in.node, in.index, to);
}

void Graph::move_names(Output from, Output to) {
    auto& src = from.node->port(from.index).names;
    auto& dst = to.node->port(to.index).names;
    for (auto& n : src)
        if (std::find(dst.begin(), dst.end(), n) == dst.end()) dst.push_back(n);
    src.clear();
}

void Graph::remove_parameter(Node& parameter) {
    std::erase(parameters_, &parameter);
}

std::size_t Graph::sweep(SweepLog* log) {
    // Reachability flags indexed by node id (ids are dense: below next_id_), not a hash set.
    std::vector<std::uint8_t>& reachable = sweep_marks_;
    reachable.assign(static_cast<std::size_t>(next_id_), 0);
    auto mark = [&](const Node* n) {
        auto& f = reachable[static_cast<std::size_t>(n->id_)];
        if (f) return false;
        f = 1;
        return true;
    };
    std::vector<Node*> stack;
    for (Node* r : results_)
        if (mark(r)) stack.push_back(r);
    while (!stack.empty()) {
        Node* n = stack.back();
        stack.pop_back();
        for (const Output& in : n->inputs_)
            if (in && mark(in.node)) stack.push_back(in.node);
    }
    for (Node* p : parameters_) reachable[static_cast<std::size_t>(p->id_)] = 1;
    auto dead = [&](const Node& n) {
        return n.alive_ && !reachable[static_cast<std::size_t>(n.id_)];
    };
    std::size_t removed = 0;
    for (const Listed& e : nodes_) {
        Node* n = e.node;
        if (!e.live() || !dead(*n)) continue;
        for (std::size_t i = 0; i < n->inputs_.size(); ++i) {
            // Producers that die too need no consumer bookkeeping.
            const Output src = n->inputs_[i];
            if (src && !dead(*src.node)) {
                disconnect(*n, i);
                if (log) log->lost_consumers.push_back(src.node);
            }
        }
    }
    for (const Listed& e : nodes_) {
        Node* n = e.node;
        if (!e.live() || !dead(*n)) continue;
        n->alive_ = false;
        n->value = Tensor(); // the node's memory stays in the arena, its data need not
        ++removed;
        if (log) log->removed_ids.push_back(n->id_);
    }
    if (removed || removed_in_nodes_) compact();
    live_count_ -= removed;
    return removed;
}

std::size_t Graph::remove_nodes(std::span<Node* const> doomed, SweepLog* log, bool reuse) {
    std::vector<std::uint8_t>& in_set = sweep_marks_;
    // Room to grow: a reallocation here, repeated as ids grow, made glibc consolidate every
    // small free chunk each time.
    const auto ids = static_cast<std::size_t>(next_id_);
    if (in_set.capacity() < ids) in_set.reserve(ids + ids / 2);
    in_set.assign(ids, 0);
    for (Node* n : doomed)
        if (n->alive_) in_set[static_cast<std::size_t>(n->id_)] = 1;
    auto doomed_id = [&](const Node* n) { return in_set[static_cast<std::size_t>(n->id_)] != 0; };
    for (Node* n : doomed) {
        if (!doomed_id(n)) continue;
        if (n->type_id_ == kParameterType || n->type_id_ == kResultType) return sweep(log);
        for (const PortInfo& port : n->outputs_)
            for (const Input& c : port.consumers)
                if (!doomed_id(c.node)) return sweep(log);
    }
    std::size_t removed = 0;
    for (Node* n : doomed) {
        if (!doomed_id(n)) continue;
        for (std::size_t i = 0; i < n->inputs_.size(); ++i) {
            const Output src = n->inputs_[i];
            if (src && !doomed_id(src.node)) {
                disconnect(*n, i);
                if (log) log->lost_consumers.push_back(src.node);
            }
        }
    }
    for (Node* n : doomed) {
        if (!doomed_id(n)) continue;
        in_set[static_cast<std::size_t>(n->id_)] = 0; // a node listed twice is removed once
        n->alive_ = false;
        n->value = Tensor();
        ++removed;
        if (log) log->removed_ids.push_back(n->id_);
        if (reuse) reusable_.push_back(n);
    }
    live_count_ -= removed;
    removed_in_nodes_ += removed;
    compact_if_sparse();
    return removed;
}

void Graph::compact() {
    std::erase_if(nodes_, [](const Listed& e) { return !e.live(); });
    removed_in_nodes_ = 0;
}

void Graph::compact_if_sparse() {
    // Removed nodes stay in the creation-order list until they are half of it, so that removing
    // a few nodes does not cost a pass over all of them.
    if (removed_in_nodes_ * 2 >= nodes_.size()) compact();
}

std::vector<Node*> Graph::topological_order() const {
    // Kahn's algorithm with a min-heap on node place (its id unless it took another's place),
    // then id: deterministic, producers first.
    std::unordered_map<const Node*, std::size_t> pending;
    using Item = std::tuple<std::uint64_t, std::uint64_t, Node*>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> ready;
    for (const Listed& e : nodes_) {
        if (!e.live()) continue;
        Node* n = e.node;
        std::size_t deps = 0;
        for (const Output& in : n->inputs_)
            if (in) ++deps;
        pending[n] = deps;
        if (deps == 0) ready.emplace(place(*n), n->id_, n);
    }
    std::vector<Node*> order;
    order.reserve(pending.size());
    while (!ready.empty()) {
        Node* n = std::get<2>(ready.top());
        ready.pop();
        order.push_back(n);
        for (const PortInfo& p : n->outputs_)
            for (const Input& c : p.consumers)
                if (--pending[c.node] == 0) ready.emplace(place(*c.node), c.node->id_, c.node);
    }
    if (order.size() != pending.size()) throw Error("the graph has a cycle");
    return order;
}

void Graph::take_place(const Node& heir, const Node& from) {
    place_of_[heir.id_] = place(from);
}

std::uint64_t Graph::place(const Node& n) const {
    if (place_of_.empty()) return n.id_;
    const auto it = place_of_.find(n.id_);
    return it == place_of_.end() ? n.id_ : it->second;
}

void Graph::infer(Node& node) {
    if (!node.def_ || !node.def_->infer) return;
    const std::size_t n = node.inputs_.size();
    if (n < node.def_->min_inputs || n > node.def_->max_inputs)
        throw InferenceError(node.describe() + ": " + node.type() + "-" +
                             std::to_string(node.opset()) + " takes " +
                             std::to_string(node.def_->min_inputs) +
                             (node.def_->max_inputs != node.def_->min_inputs
                                  ? ".." + std::to_string(node.def_->max_inputs)
                                  : std::string()) +
                             " inputs, got " + std::to_string(n));
    try {
        node.def_->infer(node);
    } catch (const InferenceError& e) {
        const std::string what = e.what();
        if (what.rfind(node.describe(), 0) == 0) throw;
        throw InferenceError(node.describe() + ": " + what);
    }
}

void Graph::infer_all() {
    for (Node* n : topological_order()) infer(*n);
}

std::optional<Tensor> Graph::constant_value(Output out, std::int64_t max_elements) const {
    Node& node = *out.node;
    if (node.is_const()) return node.value;
    const PortInfo& port = node.port(out.index);
    if (port.shape.is_static() && element_count(port.shape.to_shape()) > max_elements)
        return std::nullopt;
    if (node.type() == "ShapeOf") {
        const PartialShape& s = node.input_shape(0);
        if (!s.is_static()) return std::nullopt;
        const ElementType t = port.type == ElementType::i32 ? ElementType::i32 : ElementType::i64;
        Tensor v =
            Tensor::from_vector<std::int64_t>({static_cast<std::int64_t>(s.rank())}, s.to_shape());
        return v.cast(t);
    }
    if (node.type_id() == kParameterType || !node.def() || !node.def()->eval ||
        !port.shape.is_static())
        return std::nullopt;
    std::vector<Tensor> inputs;
    inputs.reserve(node.input_count());
    for (const Output& in : node.inputs()) {
        auto v = constant_value(in, max_elements);
        if (!v) return std::nullopt;
        inputs.push_back(std::move(*v));
    }
    auto results = node.def()->eval(node, inputs);
    if (out.index >= results.size()) return std::nullopt;
    return results[out.index];
}

std::string Graph::unique_name(std::string_view base, std::string_view suffix) {
    const std::string counter = std::to_string(name_counter_++);
    std::string name;
    name.reserve(base.size() + suffix.size() + 1 + counter.size());
    name.append(base).append(suffix).append(1, '_').append(counter);
    return name;
}

} // namespace mo
