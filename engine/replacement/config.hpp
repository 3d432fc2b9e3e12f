#pragma once
// Replacement configs (--replacement-config / --transformations_config): the keys of OpenVINO
// Model Optimizer's transformation configs (id, match_kind, instances, custom_attributes,
// include_inputs_to_sub_graph, include_outputs_to_sub_graph, inputs, outputs) plus our
// declarative "replacement" block. The format is described in examples/replacement/README.md.
#include "engine/core/attribute.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::replacement {

enum class MatchKind { scope, points, general };

// {"node": REGEX, "port": N}: a port of the sub-graph node whose name the regex finds.
struct PortSelector {
    std::string node;
    std::size_t port = 0;
};

// Where a tensor of the replacement comes from.
struct TensorRef {
    enum class Kind {
        subgraph_input, // 3: the sub-graph's input tensor number 3
        input_of,       // {"node": R, "port": P}: the tensor entering port P of the node matching R
        output_of, // {"node": R, "output": P}: output P of the node matching R (in or out of the
                   // match)
        new_node,  // "name" / "name:P": output P of a node of the replacement
        constant,  // {"const": [..], "type": "i64", "shape": [..]}
    };
    Kind kind = Kind::subgraph_input;
    std::size_t index = 0; // subgraph_input
    std::string node;      // regex (input_of/output_of) or replacement node name (new_node)
    std::size_t port = 0;
    Tensor value; // constant
};

// One operation of the replacement.
struct NewNode {
    std::string name; // reference name inside the replacement
    std::string op;
    int version = 0;
    Attributes attrs;
    std::optional<std::vector<TensorRef>> inputs; // default: the sub-graph's inputs in order
};

struct Replacement {
    std::string rule;           // {"rule": NAME}: run a rule of the rules engine on the match
    std::vector<NewNode> nodes; // one ("op" form) or several ("nodes" form)
    // Element i: the tensor that takes the place of the sub-graph's output i (nullopt: that
    // output is dropped, and the model outputs reading it go away). Default: output i of the
    // single op / of the last node.
    std::optional<std::vector<std::optional<TensorRef>>> outputs;
};

struct ReplacementEntry {
    std::string label; // "replacement config x.json: entry 2 (id 'foo')", the prefix of errors
    std::string id;
    MatchKind kind = MatchKind::scope;
    std::vector<std::string> scopes;                   // scope: node-name prefix regexes
    std::vector<std::string> start_points, end_points; // points: node names
    bool include_inputs = true;
    bool include_outputs = true;
    std::vector<std::vector<PortSelector>> inputs; // optional order of the sub-graph's inputs
    std::vector<PortSelector> outputs;             // optional order of the sub-graph's outputs
    nlohmann::json custom_attributes = nlohmann::json::object();
    Replacement replacement;
};

// Parses a config; `source` names it in errors ("replacement config x.json"). Errors name the
// entry (counted from 1), its id and the key: "...: entry 2 (id 'foo'): key 'match_kind': ...".
std::vector<ReplacementEntry> parse_replacement_config(std::string_view text,
                                                       std::string_view source);
std::vector<ReplacementEntry> load_replacement_config(const std::filesystem::path& file);

// A JSON value as an attribute (bool, int, float, string, or a list of one of those).
AttrValue attribute_from_json(const nlohmann::json& value, const std::string& context);

} // namespace mo::replacement
