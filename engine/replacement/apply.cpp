#include "engine/replacement/apply.hpp"

#include "engine/core/error.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/transforms/graph_edit.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <unordered_set>

namespace mo::replacement {
namespace {

struct Context {
    Graph& graph;
    const ReplacementEntry& entry;
    const SubgraphMatch& match;
    std::map<std::string, Node*> created; // replacement name -> node
    std::vector<const Node*> new_nodes;

    [[noreturn]] void fail(const std::string& message) const {
        throw Error(entry.label + ": instance '" + match.instance + "': " + message);
    }

    Node* find_regex(const std::string& pattern, bool whole_graph) const {
        const std::regex re(pattern);
        std::vector<Node*> found;
        for (Node* n : match.nodes)
            if (std::regex_search(n->name, re)) found.push_back(n);
        if (found.empty() && whole_graph)
            for (Node* n : graph.nodes())
                if (n->type() != "Result" && std::regex_search(n->name, re)) found.push_back(n);
        if (found.size() > 1)
            fail("'" + pattern + "' finds several nodes ('" + found[0]->name + "', '" +
                 found[1]->name + "')");
        return found.empty() ? nullptr : found.front();
    }

    Output resolve(const TensorRef& ref, std::string_view key) {
        switch (ref.kind) {
        case TensorRef::Kind::subgraph_input:
            if (ref.index >= match.inputs.size())
                fail("key '" + std::string(key) + "': sub-graph input " +
                     std::to_string(ref.index) + " does not exist (the match has " +
                     std::to_string(match.inputs.size()) + " inputs)");
            return match.inputs[ref.index];
        case TensorRef::Kind::input_of: {
            Node* n = find_regex(ref.node, false);
            if (!n)
                fail("key '" + std::string(key) + "': no node of the match is named like '" +
                     ref.node + "'");
            if (ref.port >= n->input_count())
                fail("key '" + std::string(key) + "': " + n->describe() + " has no input port " +
                     std::to_string(ref.port));
            return n->input(ref.port);
        }
        case TensorRef::Kind::output_of: {
            Node* n = find_regex(ref.node, true);
            if (!n)
                fail("key '" + std::string(key) + "': no node is named like '" + ref.node + "'");
            if (ref.port >= n->output_count())
                fail("key '" + std::string(key) + "': " + n->describe() + " has no output port " +
                     std::to_string(ref.port));
            return n->output(ref.port);
        }
        case TensorRef::Kind::new_node: {
            Node* n = created.at(ref.node);
            if (ref.port >= n->output_count())
                fail("key '" + std::string(key) + "': " + n->describe() + " has no output " +
                     std::to_string(ref.port));
            return n->output(ref.port);
        }
        case TensorRef::Kind::constant: {
            Node& c = graph.add_const(ref.value, match.instance + "/const");
            new_nodes.push_back(&c);
            return c.output(0);
        }
        }
        fail("internal: unknown tensor reference");
    }

    Node& create(const NewNode& spec) {
        std::vector<Output> inputs;
        if (spec.inputs) {
            for (const TensorRef& ref : *spec.inputs)
                inputs.push_back(resolve(ref, "replacement.inputs"));
        } else {
            inputs = match.inputs;
        }
        const std::string name = entry.id + "/" + spec.name;
        try {
            if (!op_registry().find(spec.op, spec.version))
                fail("unknown operation " + spec.op + "-" + std::to_string(spec.version));
            return graph.add(spec.op, spec.version, inputs, spec.attrs, name);
        } catch (const InferenceError& e) {
            fail(e.what());
        }
    }
};

} // namespace

void replace_match(Graph& graph, const ReplacementEntry& entry, const SubgraphMatch& match,
                   const RuleRunner& run_rule) {
    Context ctx{graph, entry, match, {}, {}};
    const Replacement& r = entry.replacement;
    if (!r.rule.empty()) {
        if (!run_rule)
            ctx.fail("key 'replacement.rule': running rule '" + r.rule +
                     "' needs the rules engine (mo passes it); use \"op\" or \"nodes\"");
        std::size_t fired = 0;
        try {
            fired = run_rule(graph, r.rule, &match.nodes);
        } catch (const Error& e) {
            ctx.fail(std::string("key 'replacement.rule': ") + e.what());
        }
        if (fired == 0)
            ctx.fail("key 'replacement.rule': rule '" + r.rule + "' does not apply to the match");
        return;
    }
    Node* last = nullptr;
    for (const NewNode& spec : r.nodes) {
        last = &ctx.create(spec);
        ctx.created[spec.name] = last;
        ctx.new_nodes.push_back(last);
    }
    // Which new tensor replaces each of the sub-graph's outputs.
    std::vector<std::optional<Output>> replacement_of(match.outputs.size());
    if (r.outputs) {
        if (r.outputs->size() != match.outputs.size())
            ctx.fail("key 'replacement.outputs': lists " + std::to_string(r.outputs->size()) +
                     " outputs, but the sub-graph has " + std::to_string(match.outputs.size()));
        for (std::size_t i = 0; i < r.outputs->size(); ++i)
            if (const auto& ref = (*r.outputs)[i])
                replacement_of[i] = ctx.resolve(*ref, "replacement.outputs");
    } else {
        if (match.outputs.size() > last->output_count())
            ctx.fail("the sub-graph has " + std::to_string(match.outputs.size()) +
                     " outputs used outside, but " + last->describe() + " has " +
                     std::to_string(last->output_count()) +
                     "; say which replaces which with \"outputs\" in the replacement");
        for (std::size_t i = 0; i < match.outputs.size(); ++i) replacement_of[i] = last->output(i);
    }
    // Match nodes that the new nodes still read (directly or through other match nodes) survive
    // the sweep; they keep their names, so that no two layers share one.
    std::unordered_set<const Node*> surviving;
    {
        std::vector<const Node*> stack;
        for (const Node* n : ctx.new_nodes)
            for (const Output& in : n->inputs()) stack.push_back(in.node);
        while (!stack.empty()) {
            const Node* n = stack.back();
            stack.pop_back();
            if (!match.contains(n) || !surviving.insert(n).second) continue;
            for (const Output& in : n->inputs()) stack.push_back(in.node);
        }
    }
    // Consumers outside the match (and outside the new nodes) are rewired.
    std::vector<const Node*> keep(ctx.new_nodes.begin(), ctx.new_nodes.end());
    for (const Node* n : match.nodes) keep.push_back(n);
    bool named = false;
    for (std::size_t i = 0; i < match.outputs.size(); ++i) {
        const Output old = match.outputs[i];
        if (!replacement_of[i]) {
            for (const Input& c : std::vector<Input>(old.node->consumers(old.index))) {
                if (match.contains(c.node)) continue;
                if (c.node->type() != "Result")
                    ctx.fail("key 'replacement.outputs': output " + std::to_string(i) +
                             " of the sub-graph (" + old.node->describe() + ") is dropped but " +
                             c.node->describe() + " reads it");
                transforms::remove_result(graph, *c.node);
            }
            continue;
        }
        const Output now = *replacement_of[i];
        transforms::redirect_consumers(graph, old, now, keep);
        graph.move_names(old, now);
        if (!named && !surviving.count(old.node) &&
            std::find(ctx.new_nodes.begin(), ctx.new_nodes.end(), now.node) !=
                ctx.new_nodes.end()) {
            now.node->name = old.node->name; // the replaced output keeps its layer name
            named = true;
        }
    }
}

std::size_t apply_replacements(Graph& graph, const std::vector<ReplacementEntry>& entries,
                               const RuleRunner& run_rule) {
    std::size_t replaced = 0;
    for (const ReplacementEntry& entry : entries) {
        if (entry.kind == MatchKind::general) {
            // The config parser only accepts a rule here: it runs on the whole graph.
            const std::string& rule = entry.replacement.rule;
            if (!run_rule)
                throw Error(entry.label + ": key 'replacement.rule': running rule '" + rule +
                            "' needs the rules engine (mo passes it)");
            try {
                run_rule(graph, rule, nullptr);
            } catch (const Error& e) {
                throw Error(entry.label + ": key 'replacement.rule': " + e.what());
            }
            graph.sweep();
            ++replaced;
            continue;
        }
        if (entry.kind == MatchKind::points) {
            for (const SubgraphMatch& m : match_entry(graph, entry))
                replace_match(graph, entry, m, run_rule);
            graph.sweep();
            ++replaced;
            continue;
        }
        std::size_t found = 0;
        for (const std::string& pattern : entry.scopes) {
            auto m = match_scope_instance(graph, entry, pattern);
            if (!m) continue;
            replace_match(graph, entry, *m, run_rule);
            graph.sweep();
            ++found;
        }
        if (found == 0)
            throw Error(entry.label +
                        ": key 'instances': no node name starts with any of the instance patterns");
        replaced += found;
    }
    return replaced;
}

} // namespace mo::replacement
