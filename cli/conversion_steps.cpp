#include "cli/conversion_steps.hpp"

#include "engine/core/error.hpp"
#include "engine/replacement/apply.hpp"
#include "engine/replacement/config.hpp"
#include "engine/transforms/cut.hpp"
#include "engine/transforms/fold_shapeof.hpp"
#include "engine/transforms/frozen_value.hpp"
#include "engine/transforms/graph_edit.hpp"
#include "engine/transforms/input_spec.hpp"
#include "engine/transforms/name_lookup.hpp"
#include "engine/transforms/preprocessing.hpp"
#include "engine/transforms/refresh_shapes.hpp"

#include <charconv>
#include <map>

namespace mo::cli {
namespace {

using namespace mo::transforms;

// The Parameters one --input item stands for (cutting the graph when it names an inner point).
std::vector<Node*> inputs_for(Graph& graph, const InputSpec& spec) {
    const std::string context = "--input '" + spec.ref + "'";
    const GraphPoint p = resolve_point(graph, spec.ref, context);
    Node& node = *p.node;
    switch (p.kind) {
    case GraphPoint::Kind::node:
        if (node.type() == "Parameter") return {&node};
        if (node.is_const())
            throw Error(context + ": " + node.describe() + " is a constant, not an input");
        if (node.type() == "Result") return {&cut_input_edge(graph, node, 0)};
        {
            auto created = cut_before_node(graph, node);
            if (created.size() > 1 && (spec.shape || spec.value || spec.type))
                throw Error(
                    context + ": " + node.describe() + " has " + std::to_string(created.size()) +
                    " data inputs; say which one with PORT:NAME (like 0:" + node.name + ")");
            return created;
        }
    case GraphPoint::Kind::input_port:
        return {&cut_input_edge(graph, node, p.port)};
    case GraphPoint::Kind::output_port:
        if (node.type() == "Parameter") return {&node};
        return {&cut_output_port(graph, node, p.port)};
    }
    return {};
}

void set_shape(Node& parameter, const PartialShape& shape) {
    set_parameter(parameter, parameter.output_type(0), shape);
}

std::vector<Output> resolve_outputs(Graph& graph, const std::vector<std::string>& items) {
    std::vector<Output> outputs;
    for (const std::string& item : items) {
        const std::string context = "--output '" + item + "'";
        const GraphPoint p = resolve_point(graph, item, context);
        Output out;
        switch (p.kind) {
        case GraphPoint::Kind::node:
            if (p.node->type() == "Result")
                out = p.node->input(0);
            else if (p.node->output_count() == 0)
                throw Error(context + ": " + p.node->describe() + " has no outputs");
            else
                out = p.node->output(0);
            break;
        case GraphPoint::Kind::input_port:
            out = p.node->input(p.port);
            break;
        case GraphPoint::Kind::output_port:
            out = p.node->output(p.port);
            break;
        }
        outputs.push_back(out);
    }
    return outputs;
}

// Values of a per-input flag, keyed by the model input they apply to.
std::map<Node*, std::vector<double>> values_per_input(const Graph& graph,
                                                      const ConversionPlan& plan,
                                                      const std::vector<NamedValues>& items,
                                                      std::string_view flag) {
    std::map<Node*, std::vector<double>> out;
    if (items.empty()) return out;
    // Unnamed lists go to the inputs in --input order (or model order); one list goes to all.
    std::vector<Node*> order;
    if (!plan.inputs.empty()) {
        for (const auto& spec : plan.inputs)
            if (Node* p = find_input_parameter(graph, spec.ref)) order.push_back(p);
    } else {
        order = graph.parameters();
    }
    std::size_t unnamed = 0;
    for (const auto& item : items) unnamed += item.name.empty();
    if (unnamed > 0 && unnamed != items.size())
        throw Error(std::string(flag) +
                    ": either name every input (data[1,2,3],info[4,5,6]) or none");
    if (unnamed == 1) {
        for (Node* p : order) out[p] = items.front().values;
        return out;
    }
    if (unnamed > 1) {
        if (unnamed != order.size())
            throw Error(std::string(flag) + ": " + std::to_string(unnamed) + " value lists for " +
                        std::to_string(order.size()) +
                        " inputs; name them (data[...]) or give one per input");
        for (std::size_t i = 0; i < order.size(); ++i) out[order[i]] = items[i].values;
        return out;
    }
    for (const auto& item : items) {
        Node* p = find_input_parameter(graph, item.name);
        if (!p) {
            const std::string hint = close_matches(graph, item.name);
            throw Error(std::string(flag) + ": '" + item.name + "' is not a model input" +
                        (hint.empty() ? std::string() : " (close matches: " + hint + ")"));
        }
        out[p] = item.values;
    }
    return out;
}

// Runs one rule, on the nodes of `scope` only when one is given.
std::size_t run_rule_on(Graph& graph, const rules::RuleSet& library, const std::string& name,
                        const std::vector<Node*>* scope) {
    auto rule = library.find(name);
    if (!rule) throw Error("no rule named '" + name + "' (see mo rules list)");
    rules::RuleSet one;
    one.rules.push_back(rule);
    rules::RewriteOptions options;
    options.fold_constants = false; // touch nothing but what the rule matches
    if (scope) {
        options.scope.emplace();
        for (const Node* n : *scope) options.scope->insert(n->id());
    }
    return rules::apply_rules(graph, one, options).fired(name);
}

} // namespace

void apply_cuts_and_shapes(Graph& graph, const ConversionPlan& plan) {
    const ShapeRefresh refresh(graph); // before any change: which framework ops pass shapes on
    const std::vector<PartialShape>& shapes = plan.input_shapes;

    // Outputs first: resolving them after the input cuts would see the new Parameters instead.
    std::vector<Output> outputs;
    if (!plan.outputs.empty()) outputs = resolve_outputs(graph, plan.outputs);

    if (!plan.inputs.empty()) {
        const auto& specs = plan.inputs;
        for (std::size_t i = 0; i < specs.size(); ++i) {
            const InputSpec& spec = specs[i];
            const std::string context = "--input '" + spec.ref + "'";
            const auto parameters = inputs_for(graph, spec);
            if (!shapes.empty() && spec.shape)
                throw Error(context + ": the shape is given both in --input and --input_shape");
            const std::optional<PartialShape> shape = spec.shape       ? spec.shape
                                                      : shapes.empty() ? std::nullopt
                                                                       : std::optional(shapes[i]);
            if (shape && parameters.size() > 1)
                throw Error(context + ": " + std::to_string(parameters.size()) +
                            " inputs are cut here; give the shape per input with PORT:NAME");
            for (Node* p : parameters) {
                set_parameter(*p, spec.type.value_or(p->output_type(0)),
                              shape.value_or(p->output_shape(0)));
                if (spec.value) {
                    Tensor value =
                        make_frozen_value(*spec.value, spec.value_is_list, p->output_type(0),
                                          p->output_shape(0), context);
                    freeze_parameter(graph, *p, std::move(value));
                }
            }
        }
    } else if (!shapes.empty()) {
        const auto params = graph.parameters();
        if (shapes.size() != params.size())
            throw Error("--input_shape gives " + std::to_string(shapes.size()) +
                        " shapes but the model has " + std::to_string(params.size()) +
                        " inputs; name them with --input in the same order");
        for (std::size_t i = 0; i < params.size(); ++i) set_shape(*params[i], shapes[i]);
    }
    if (!plan.outputs.empty()) set_model_outputs(graph, outputs);
    if (!plan.inputs.empty() || !plan.outputs.empty()) drop_unused_parameters(graph);

    if (plan.batch) {
        const std::int64_t batch = *plan.batch;
        for (Node* p : graph.parameters()) {
            PartialShape shape = p->output_shape(0);
            if (!shape.rank_known() || shape.rank() == 0)
                throw Error(
                    "--batch: input '" + p->name + "' has shape " + shape.to_string() +
                    ", which has no batch dimension; set its shape with --input_shape instead");
            shape[0] = batch;
            set_shape(*p, shape);
        }
    }
    try {
        refresh.run(graph);
    } catch (const InferenceError& e) {
        throw InferenceError(std::string("the input shapes do not fit the model: ") + e.what());
    }
    if (plan.static_shape) {
        require_static_inputs(graph);
        fold_static_shapeof(graph);
    }
}

void apply_preprocessing(Graph& graph, const ConversionPlan& plan) {
    const PreprocessingFlags& flags = plan.preprocessing;
    std::map<Node*, Preprocessing> per_input;
    for (auto& [p, values] : values_per_input(graph, plan, flags.mean_values, "--mean_values"))
        per_input[p].mean = values;
    for (auto& [p, values] : values_per_input(graph, plan, flags.scale_values, "--scale_values"))
        per_input[p].scale = values;
    if (flags.scale)
        for (Node* p : graph.parameters())
            if (!per_input[p].scale) per_input[p].scale = std::vector<double>{*flags.scale};
    const bool reverse = flags.reverse_input_channels;
    if (reverse)
        for (Node* p : graph.parameters()) per_input[p].reverse_channels = true;
    // Model order, so that the inserted nodes are created deterministically.
    bool reversed_any = false;
    std::string shapes_seen;
    for (Node* p : std::vector<Node*>(graph.parameters())) {
        shapes_seen += (shapes_seen.empty() ? "" : ", ") +
                       ("'" + p->name + "' " + p->output_shape(0).to_string());
        auto it = per_input.find(p);
        if (it == per_input.end()) continue;
        reversed_any |= embed_preprocessing(graph, *p, it->second);
    }
    // The MO applies the reversal only to inputs with 3 channels; a model without any is a
    // mistake worth stopping for (inputs of other shapes next to an image input are left alone).
    if (reverse && !reversed_any)
        throw Error("--reverse_input_channels: no model input has 3 channels on axis 1 (" +
                    (shapes_seen.empty() ? std::string("the model has no inputs") : shapes_seen) +
                    ")");
}

void apply_replacement_config(Graph& graph, const ConversionPlan& plan,
                              const rules::RuleSet* rules) {
    if (plan.replacements.empty()) return;
    replacement::RuleRunner runner;
    if (rules)
        runner = [rules](Graph& g, const std::string& name, const std::vector<Node*>* scope) {
            return run_rule_on(g, *rules, name, scope);
        };
    replacement::apply_replacements(graph, plan.replacements, runner);
}

std::size_t apply_precision(Graph& graph, const ConversionPlan& plan,
                            const rules::RuleSet* rules) {
    if (!plan.fp16_weights()) return 0;
    // The precision phase of the rules (rules/precision/), which runs only when asked for.
    const rules::RuleSet library =
        rules ? rules::RuleSet{} : rules::load_rule_files(std::vector{rules::default_rules_dir()});
    rules::RewriteOptions options;
    options.phases = {rules::Phase::precision};
    options.fold_constants = false;
    return rules::apply_rules(graph, rules ? *rules : library, options).applications.size();
}

} // namespace mo::cli
