#include "engine/replacement/match.hpp"

#include "engine/core/error.hpp"
#include "engine/transforms/name_lookup.hpp"

#include <algorithm>
#include <deque>
#include <regex>

namespace mo::replacement {
namespace {

[[noreturn]] void fail(const ReplacementEntry& e, const std::string& message) {
    throw Error(e.label + ": " + message);
}

bool is_boundary_op(const Node& n) {
    return n.type() == "Parameter" || n.type() == "Result";
}

// The sub-graph node whose name the regex finds (the only one).
Node* select_node(const SubgraphMatch& m, const std::string& pattern, const ReplacementEntry& e,
                  std::string_view key) {
    const std::regex re(pattern);
    Node* found = nullptr;
    for (Node* n : m.nodes) {
        if (!std::regex_search(n->name, re)) continue;
        if (found)
            fail(e, "key '" + std::string(key) + "': '" + pattern + "' finds both '" + found->name +
                        "' and '" + n->name + "' in instance '" + m.instance + "'");
        found = n;
    }
    if (!found)
        fail(e, "key '" + std::string(key) + "': no node of instance '" + m.instance +
                    "' matches '" + pattern + "'");
    return found;
}

void compute_boundary(SubgraphMatch& m, const ReplacementEntry& e) {
    std::sort(m.nodes.begin(), m.nodes.end(),
              [](const Node* a, const Node* b) { return a->id() < b->id(); });
    // Default order: as read / produced by the nodes in creation order.
    std::vector<Output> inputs, outputs;
    for (Node* n : m.nodes) {
        for (const Output& in : n->inputs())
            if (!m.contains(in.node) && std::find(inputs.begin(), inputs.end(), in) == inputs.end())
                inputs.push_back(in);
        for (std::size_t o = 0; o < n->output_count(); ++o)
            for (const Input& c : n->consumers(o))
                if (!m.contains(c.node)) {
                    outputs.push_back(n->output(o));
                    break;
                }
    }
    if (!e.inputs.empty()) {
        std::vector<Output> ordered;
        for (const auto& group : e.inputs) {
            Output tensor;
            for (const PortSelector& s : group) {
                Node* n = select_node(m, s.node, e, "inputs");
                if (s.port >= n->input_count())
                    fail(e, "key 'inputs': " + n->describe() + " has no input port " +
                                std::to_string(s.port));
                const Output src = n->input(s.port);
                if (m.contains(src.node))
                    fail(e, "key 'inputs': input port " + std::to_string(s.port) + " of " +
                                n->describe() + " is fed from inside the sub-graph");
                if (tensor && !(tensor == src))
                    fail(e, "key 'inputs': the ports listed together must read the same tensor (" +
                                n->describe() + " reads another one)");
                tensor = src;
            }
            ordered.push_back(tensor);
        }
        inputs = std::move(ordered);
    }
    if (!e.outputs.empty()) {
        std::vector<Output> ordered;
        for (const PortSelector& s : e.outputs) {
            Node* n = select_node(m, s.node, e, "outputs");
            if (s.port >= n->output_count())
                fail(e, "key 'outputs': " + n->describe() + " has no output port " +
                            std::to_string(s.port));
            ordered.push_back(n->output(s.port));
        }
        // Outputs read from outside that the list leaves out cannot be reconnected.
        for (const Output& o : outputs)
            if (std::find(ordered.begin(), ordered.end(), o) == ordered.end())
                fail(e, "key 'outputs': output " + std::to_string(o.index) + " of " +
                            o.node->describe() + " is used outside the sub-graph but not listed");
        outputs = std::move(ordered);
    }
    m.inputs = std::move(inputs);
    m.outputs = std::move(outputs);
}

std::optional<SubgraphMatch> scope_instance(const Graph& graph, const ReplacementEntry& e,
                                            const std::string& pattern) {
    const std::regex re(pattern);
    SubgraphMatch m;
    m.instance = pattern;
    for (Node* n : graph.nodes())
        if (!is_boundary_op(*n) &&
            std::regex_search(n->name, re, std::regex_constants::match_continuous)) {
            m.nodes.push_back(n);
            m.members.insert(n);
        }
    if (m.nodes.empty()) return std::nullopt;
    compute_boundary(m, e);
    return m;
}

std::vector<SubgraphMatch> match_scope(const Graph& graph, const ReplacementEntry& e) {
    std::vector<SubgraphMatch> matches;
    for (const std::string& pattern : e.scopes)
        if (auto m = scope_instance(graph, e, pattern)) matches.push_back(std::move(*m));
    if (matches.empty())
        fail(e, "key 'instances': no node name starts with any of the instance patterns");
    return matches;
}

Node* named_node(const Graph& graph, const std::string& name, const ReplacementEntry& e,
                 std::string_view key) {
    if (Node* n = transforms::find_node(graph, name)) return n;
    const std::string hint = transforms::close_matches(graph, name);
    fail(e, "key '" + std::string(key) + "': no node named '" + name + "'" +
                (hint.empty() ? std::string() : " (close matches: " + hint + ")"));
}

// The nodes that compute `n` without any model input (n first), or {} when it needs one.
std::vector<Node*> constant_ancestry(Node* n) {
    std::vector<Node*> order;
    std::unordered_set<const Node*> seen;
    std::vector<Node*> stack{n};
    while (!stack.empty()) {
        Node* cur = stack.back();
        stack.pop_back();
        if (!seen.insert(cur).second) continue;
        if (cur->type() == "Parameter" || (!cur->is_const() && cur->input_count() == 0)) return {};
        order.push_back(cur);
        for (const Output& in : cur->inputs()) stack.push_back(in.node);
    }
    return order;
}

void pull_constant_producer(SubgraphMatch& m, Node* producer) {
    if (m.contains(producer)) return;
    const auto ancestry = constant_ancestry(producer);
    if (ancestry.empty()) return;
    const std::unordered_set<const Node*> joining(ancestry.begin(), ancestry.end());
    for (const Node* n : ancestry)
        for (std::size_t o = 0; o < n->output_count(); ++o)
            for (const Input& c : n->consumers(o))
                if (!m.contains(c.node) && !joining.count(c.node)) return; // shared: stays out
    for (Node* n : ancestry)
        if (m.members.insert(n).second) m.nodes.push_back(n);
}

SubgraphMatch match_points(const Graph& graph, const ReplacementEntry& e) {
    std::vector<Node*> starts, ends;
    for (const auto& s : e.start_points)
        starts.push_back(named_node(graph, s, e, "instances.start_points"));
    for (const auto& s : e.end_points)
        ends.push_back(named_node(graph, s, e, "instances.end_points"));
    auto is_in = [](const std::vector<Node*>& v, const Node* n) {
        return std::find(v.begin(), v.end(), n) != v.end();
    };

    SubgraphMatch m;
    std::deque<Node*> queue;
    auto visit = [&](Node* n) {
        if (m.members.insert(n).second) {
            m.nodes.push_back(n);
            queue.push_back(n);
        }
    };
    // 1. Forward from the start points, not past end points, not into Results.
    for (Node* s : starts) visit(s);
    while (!queue.empty()) {
        Node* n = queue.front();
        queue.pop_front();
        if (is_in(ends, n)) continue;
        for (std::size_t o = 0; o < n->output_count(); ++o)
            for (const Input& c : n->consumers(o))
                if (c.node->type() != "Result") visit(c.node);
    }
    // 3. Every end point reached.
    for (Node* end : ends)
        if (!m.contains(end))
            fail(e, "key 'instances.end_points': '" + end->name +
                        "' is not reachable from the start points");
    // 2. Backward from every non-start node: what the internal nodes need to compute.
    for (Node* n : std::vector<Node*>(m.nodes))
        if (!is_in(starts, n)) queue.push_back(n);
    while (!queue.empty()) {
        Node* n = queue.front();
        queue.pop_front();
        for (const Output& in : n->inputs()) {
            if (m.contains(in.node)) continue;
            m.members.insert(in.node);
            m.nodes.push_back(in.node);
            queue.push_back(in.node);
        }
    }
    // The MO requires start nodes to have a single input. We also allow constant inputs
    // (a Reshape's target shape, say): a constant-only producer of a start node that nothing
    // outside the sub-graph reads joins the sub-graph instead of becoming one of its inputs.
    if (e.include_inputs)
        for (Node* s : starts)
            for (const Output& in : s->inputs()) pull_constant_producer(m, in.node);
    // 4. A model input inside means the "sub-graph" depends on data it was not meant to read.
    for (Node* n : m.nodes)
        if (n->type() == "Parameter")
            fail(e, "the sub-graph between the start and end points reaches model input '" +
                        n->name +
                        "' (through the inputs of non-start nodes); add the nodes that read it to "
                        "start_points");
    auto exclude = [&](const std::vector<Node*>& drop) {
        for (Node* n : drop) m.members.erase(n);
        std::erase_if(m.nodes, [&](Node* n) { return is_in(drop, n); });
    };
    if (!e.include_inputs) exclude(starts);
    if (!e.include_outputs) exclude(ends);
    if (m.nodes.empty()) fail(e, "key 'instances': the matched sub-graph is empty");
    m.instance = e.start_points.front() + " -> " + e.end_points.front();
    compute_boundary(m, e);
    return m;
}

} // namespace

std::optional<SubgraphMatch> match_scope_instance(const Graph& graph, const ReplacementEntry& entry,
                                                  const std::string& pattern) {
    return scope_instance(graph, entry, pattern);
}

std::vector<SubgraphMatch> match_entry(const Graph& graph, const ReplacementEntry& entry) {
    switch (entry.kind) {
    case MatchKind::scope:
        return match_scope(graph, entry);
    case MatchKind::points:
        return {match_points(graph, entry)};
    case MatchKind::general:
        return {};
    }
    return {};
}

} // namespace mo::replacement
