#include "engine/replacement/config.hpp"

#include "engine/core/error.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/core/op_registry.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <regex>
#include <sstream>

namespace mo::replacement {
namespace {

using json = nlohmann::json;

// Errors of one entry: "<label>: key '<key>': <message>".
struct EntryContext {
    std::string label;
    [[noreturn]] void fail(std::string_view key, const std::string& message) const {
        throw Error(label + ": key '" + std::string(key) + "': " + message);
    }
};

std::string kind_name(const json& v) {
    switch (v.type()) {
    case json::value_t::null:
        return "null";
    case json::value_t::boolean:
        return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
        return "an integer";
    case json::value_t::number_float:
        return "a number";
    case json::value_t::string:
        return "a string";
    case json::value_t::array:
        return "a list";
    case json::value_t::object:
        return "an object";
    default:
        return "an unsupported value";
    }
}

std::string get_string(const json& obj, std::string_view key, const EntryContext& ctx) {
    const json& v = obj.at(std::string(key));
    if (!v.is_string()) ctx.fail(key, "expected a string, got " + kind_name(v));
    return v.get<std::string>();
}

std::vector<std::string> get_strings(const json& v, std::string_view key, const EntryContext& ctx) {
    if (!v.is_array()) ctx.fail(key, "expected a list of strings, got " + kind_name(v));
    std::vector<std::string> out;
    for (const json& item : v) {
        if (!item.is_string())
            ctx.fail(key, "expected a list of strings, found " + kind_name(item));
        out.push_back(item.get<std::string>());
    }
    return out;
}

std::size_t get_index(const json& v, std::string_view key, const EntryContext& ctx) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0)
        ctx.fail(key, "expected a non-negative integer, got " +
                          (v.is_number() ? v.dump() : kind_name(v)));
    return v.get<std::size_t>();
}

void check_regex(const std::string& pattern, std::string_view key, const EntryContext& ctx) {
    try {
        std::regex re(pattern);
    } catch (const std::regex_error& e) {
        ctx.fail(key, "'" + pattern + "' is not a valid regular expression (" + e.what() + ")");
    }
}

PortSelector port_selector(const json& v, std::string_view key, const EntryContext& ctx) {
    if (!v.is_object() || !v.contains("node") || !v.contains("port"))
        ctx.fail(key, "expected {\"node\": REGEX, \"port\": N}, got " + v.dump());
    PortSelector s;
    s.node = get_string(v, "node", ctx);
    check_regex(s.node, key, ctx);
    s.port = get_index(v.at("port"), key, ctx);
    return s;
}

json resolve_custom(const json& v, const json& custom, std::string_view key,
                    const EntryContext& ctx) {
    static constexpr std::string_view prefix = "$custom_attributes.";
    if (!v.is_string()) return v;
    const std::string s = v.get<std::string>();
    if (s.rfind(prefix, 0) != 0) return v;
    const std::string name = s.substr(prefix.size());
    if (!custom.contains(name))
        ctx.fail(key, "'" + s + "': custom_attributes has no key '" + name + "'");
    return custom.at(name);
}

Tensor constant_from_json(const json& v, const json& custom, std::string_view key,
                          const EntryContext& ctx) {
    const json data = resolve_custom(v.at("const"), custom, key, ctx);
    std::vector<double> values;
    bool any_float = false;
    auto take = [&](const json& x) {
        if (!x.is_number())
            ctx.fail(key, "\"const\" values must be numbers, found " + kind_name(x));
        any_float |= x.is_number_float();
        values.push_back(x.get<double>());
    };
    Shape shape;
    if (data.is_array()) {
        for (const json& x : data) take(x);
        shape = {static_cast<std::int64_t>(values.size())};
    } else {
        take(data);
    }
    ElementType type = any_float ? ElementType::f32 : ElementType::i64;
    if (v.contains("type")) {
        const std::string name = get_string(v, "type", ctx);
        auto t = element_type_from_string(name);
        if (!t || byte_size(*t) == 0 || *t == ElementType::u1)
            ctx.fail(key, "unknown element type '" + name + "'");
        type = *t;
    }
    if (v.contains("shape")) {
        const json& s = v.at("shape");
        if (!s.is_array()) ctx.fail(key, "\"shape\" must be a list of dimensions");
        shape.clear();
        for (const json& d : s) {
            if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
                ctx.fail(key, "\"shape\" must be a list of non-negative integers, got " + s.dump());
            shape.push_back(d.get<std::int64_t>());
        }
        if (element_count(shape) != static_cast<std::int64_t>(values.size()))
            ctx.fail(key, "\"const\" has " + std::to_string(values.size()) + " values but shape " +
                              to_string(shape) + " holds " + std::to_string(element_count(shape)));
    }
    Tensor t(type, shape);
    for (std::size_t i = 0; i < values.size(); ++i)
        set_value_from_double(t, static_cast<std::int64_t>(i), values[i]);
    return t;
}

// "name" or "name:P" naming a node of the replacement defined before.
TensorRef new_node_ref(const std::string& text, const std::vector<NewNode>& defined,
                       std::string_view key, const EntryContext& ctx) {
    TensorRef ref;
    ref.kind = TensorRef::Kind::new_node;
    ref.node = text;
    if (auto c = text.rfind(':'); c != std::string::npos) {
        std::size_t port = 0;
        const std::string tail = text.substr(c + 1);
        auto [end, ec] = std::from_chars(tail.data(), tail.data() + tail.size(), port);
        if (!tail.empty() && ec == std::errc() && end == tail.data() + tail.size()) {
            ref.node = text.substr(0, c);
            ref.port = port;
        }
    }
    const bool known = std::any_of(defined.begin(), defined.end(),
                                   [&](const NewNode& n) { return n.name == ref.node; });
    if (!known)
        ctx.fail(key, "'" + ref.node + "' is not a node defined earlier in the replacement");
    return ref;
}

TensorRef tensor_ref(const json& v, const std::vector<NewNode>& defined, std::string_view key,
                     const EntryContext& ctx, const json& custom = json::object()) {
    if (v.is_number_integer()) {
        TensorRef ref;
        ref.kind = TensorRef::Kind::subgraph_input;
        ref.index = get_index(v, key, ctx);
        return ref;
    }
    if (v.is_string()) return new_node_ref(v.get<std::string>(), defined, key, ctx);
    if (v.is_object() && v.contains("const")) {
        TensorRef ref;
        ref.kind = TensorRef::Kind::constant;
        ref.value = constant_from_json(v, custom, key, ctx);
        return ref;
    }
    if (v.is_object() && v.contains("node") && (v.contains("port") || v.contains("output"))) {
        TensorRef ref;
        ref.kind = v.contains("port") ? TensorRef::Kind::input_of : TensorRef::Kind::output_of;
        ref.node = get_string(v, "node", ctx);
        check_regex(ref.node, key, ctx);
        ref.port = get_index(v.contains("port") ? v.at("port") : v.at("output"), key, ctx);
        return ref;
    }
    ctx.fail(key,
             "expected a sub-graph input number, \"node\" or \"node:port\" of the replacement, "
             "{\"node\": REGEX, \"port\": N}, {\"node\": REGEX, \"output\": N} or {\"const\": "
             "...}; got " +
                 v.dump());
}

const OpDef* find_def(const std::string& op, int version) {
    return op_registry().find(op, version);
}

NewNode parse_node(const json& v, const json& custom, const std::vector<NewNode>& defined,
                   bool in_list, const EntryContext& ctx) {
    const std::string key = in_list ? "replacement.nodes" : "replacement";
    if (!v.is_object()) ctx.fail(key, "expected an object, got " + kind_name(v));
    for (const auto& [k, _] : v.items())
        if (k != "op" && k != "version" && k != "attributes" && k != "inputs" && k != "name" &&
            !(k == "outputs" && !in_list))
            ctx.fail(key + "." + k, "unknown key (expected op, version, attributes, inputs" +
                                        std::string(in_list ? ", name" : ", outputs, name") + ")");
    NewNode node;
    if (!v.contains("op")) ctx.fail(key + ".op", "missing: the operation type to create");
    node.op = get_string(v, "op", ctx);
    node.name = v.contains("name") ? get_string(v, "name", ctx) : (in_list ? "" : node.op);
    if (in_list && node.name.empty())
        ctx.fail(key + ".name", "every node of \"nodes\" needs a name");
    if (std::any_of(defined.begin(), defined.end(),
                    [&](const NewNode& n) { return n.name == node.name; }))
        ctx.fail(key + ".name", "'" + node.name + "' is defined twice");
    if (v.contains("version")) {
        const json& ver = v.at("version");
        if (!ver.is_number_integer() || ver.get<std::int64_t>() < 1 ||
            ver.get<std::int64_t>() > 100)
            ctx.fail(key + ".version", "expected an opset number like 1 or 8, got " + ver.dump());
        node.version = ver.get<int>();
    } else if (const OpDef* latest = op_registry().latest(node.op)) {
        node.version = latest->opset;
    } else {
        node.version = 1;
    }
    const OpDef* def = find_def(node.op, node.version);
    if (!def)
        ctx.fail(key + ".op", "unknown operation " + node.op + "-" + std::to_string(node.version) +
                                  " (the IR can only hold registered operations)");
    if (v.contains("attributes")) {
        json attrs = v.at("attributes");
        if (attrs.is_string() && attrs.get<std::string>() == "$custom_attributes") attrs = custom;
        if (!attrs.is_object())
            ctx.fail(key + ".attributes", "expected an object, got " + kind_name(attrs));
        for (const auto& [name, raw] : attrs.items()) {
            const std::string attr_key = key + ".attributes." + name;
            if (std::find(def->attributes.begin(), def->attributes.end(), name) ==
                def->attributes.end()) {
                std::string known;
                for (const auto& a : def->attributes) known += (known.empty() ? "" : ", ") + a;
                if (known.empty()) known = "none";
                ctx.fail(attr_key, node.op + "-" + std::to_string(node.version) +
                                       " has no attribute '" + name + "' (it has: " + known + ")");
            }
            node.attrs.set(name, attribute_from_json(resolve_custom(raw, custom, attr_key, ctx),
                                                     ctx.label + ": key '" + attr_key + "'"));
        }
    }
    if (v.contains("inputs")) {
        const json& ins = v.at("inputs");
        if (!ins.is_array()) ctx.fail(key + ".inputs", "expected a list, got " + kind_name(ins));
        std::vector<TensorRef> refs;
        for (const json& in : ins)
            refs.push_back(tensor_ref(in, defined, key + ".inputs", ctx, custom));
        node.inputs = std::move(refs);
    }
    return node;
}

std::vector<std::optional<TensorRef>> parse_outputs(const json& v,
                                                    const std::vector<NewNode>& nodes,
                                                    bool single_op, const EntryContext& ctx) {
    const std::string key = "replacement.outputs";
    if (!v.is_array()) ctx.fail(key, "expected a list, got " + kind_name(v));
    std::vector<std::optional<TensorRef>> out;
    for (const json& item : v) {
        if (item.is_null()) {
            out.emplace_back();
        } else if (single_op && item.is_number_integer()) {
            TensorRef ref;
            ref.kind = TensorRef::Kind::new_node;
            ref.node = nodes.front().name;
            ref.port = get_index(item, key, ctx);
            out.emplace_back(ref);
        } else if (item.is_string()) {
            out.emplace_back(new_node_ref(item.get<std::string>(), nodes, key, ctx));
        } else if (item.is_object() && item.contains("node") && item.contains("output")) {
            out.emplace_back(tensor_ref(item, nodes, key, ctx));
        } else {
            ctx.fail(key, std::string(single_op ? "expected an output number of the new op"
                                                : "expected \"node\" or \"node:port\"") +
                              ", {\"node\": REGEX, \"output\": N} or null; got " + item.dump());
        }
    }
    return out;
}

Replacement parse_replacement(const json& v, const json& custom, const EntryContext& ctx) {
    Replacement r;
    if (!v.is_object()) ctx.fail("replacement", "expected an object, got " + kind_name(v));
    if (v.contains("rule")) {
        if (v.size() != 1) ctx.fail("replacement", "\"rule\" stands alone (no other keys)");
        r.rule = get_string(v, "rule", ctx);
        return r;
    }
    const bool single = v.contains("op");
    if (single) {
        r.nodes.push_back(parse_node(v, custom, {}, false, ctx));
    } else {
        if (!v.contains("nodes"))
            ctx.fail("replacement",
                     "expected \"op\" (one operation), \"nodes\" (a small sub-graph) or \"rule\"");
        for (const auto& [k, _] : v.items())
            if (k != "nodes" && k != "outputs")
                ctx.fail("replacement." + k, "unknown key (expected nodes, outputs)");
        const json& nodes = v.at("nodes");
        if (!nodes.is_array() || nodes.empty())
            ctx.fail("replacement.nodes", "expected a non-empty list of nodes");
        for (const json& n : nodes) r.nodes.push_back(parse_node(n, custom, r.nodes, true, ctx));
    }
    if (v.contains("outputs")) r.outputs = parse_outputs(v.at("outputs"), r.nodes, single, ctx);
    return r;
}

ReplacementEntry parse_entry(const json& v, std::size_t number, std::string_view source) {
    ReplacementEntry e;
    EntryContext ctx{std::string(source) + ": entry " + std::to_string(number)};
    if (!v.is_object()) throw Error(ctx.label + ": expected an object, got " + kind_name(v));
    if (!v.contains("id")) ctx.fail("id", "missing");
    e.id = get_string(v, "id", ctx);
    ctx.label += " (id '" + e.id + "')";
    e.label = ctx.label;
    static const std::vector<std::string> known = {"id",
                                                   "match_kind",
                                                   "instances",
                                                   "custom_attributes",
                                                   "include_inputs_to_sub_graph",
                                                   "include_outputs_to_sub_graph",
                                                   "inputs",
                                                   "outputs",
                                                   "replacement"};
    for (const auto& [k, _] : v.items())
        if (std::find(known.begin(), known.end(), k) == known.end())
            ctx.fail(k, "unknown key (expected id, match_kind, instances, custom_attributes, "
                        "include_inputs_to_sub_graph, include_outputs_to_sub_graph, inputs, "
                        "outputs, replacement)");
    if (!v.contains("match_kind"))
        ctx.fail("match_kind", "missing: expected scope, points or general");
    const json& mk = v.at("match_kind");
    const std::string kind = mk.is_string() ? mk.get<std::string>() : mk.dump();
    if (kind == "scope")
        e.kind = MatchKind::scope;
    else if (kind == "points")
        e.kind = MatchKind::points;
    else if (kind == "general")
        e.kind = MatchKind::general;
    else
        ctx.fail("match_kind", "expected scope, points or general, got '" + kind + "'");

    if (v.contains("custom_attributes")) {
        e.custom_attributes = v.at("custom_attributes");
        if (!e.custom_attributes.is_object())
            ctx.fail("custom_attributes",
                     "expected an object, got " + kind_name(e.custom_attributes));
    }
    for (const char* flag : {"include_inputs_to_sub_graph", "include_outputs_to_sub_graph"}) {
        if (!v.contains(flag)) continue;
        if (!v.at(flag).is_boolean())
            ctx.fail(flag, "expected true or false, got " + v.at(flag).dump());
        (std::string_view(flag) == "include_inputs_to_sub_graph" ? e.include_inputs
                                                                 : e.include_outputs) =
            v.at(flag).get<bool>();
    }
    if (e.kind == MatchKind::scope) {
        if (!v.contains("instances"))
            ctx.fail("instances", "missing: a list of node-name prefix regexes");
        e.scopes = get_strings(v.at("instances"), "instances", ctx);
        if (e.scopes.empty()) ctx.fail("instances", "empty list");
        for (const auto& s : e.scopes) check_regex(s, "instances", ctx);
    } else if (e.kind == MatchKind::points) {
        if (!v.contains("instances"))
            ctx.fail("instances", "missing: {\"start_points\": [...], \"end_points\": [...]}");
        const json& inst = v.at("instances");
        if (!inst.is_object())
            ctx.fail("instances", "expected {\"start_points\": [...], \"end_points\": [...]}");
        for (const char* k : {"start_points", "end_points"}) {
            const std::string key = std::string("instances.") + k;
            if (!inst.contains(k)) ctx.fail(key, "missing");
            auto names = get_strings(inst.at(k), key, ctx);
            if (names.empty()) ctx.fail(key, "empty list");
            (std::string_view(k) == "start_points" ? e.start_points : e.end_points) =
                std::move(names);
        }
    } else if (v.contains("instances")) {
        ctx.fail("instances", "a 'general' entry matches no instances");
    }
    if (v.contains("inputs")) {
        const json& ins = v.at("inputs");
        if (!ins.is_array()) ctx.fail("inputs", "expected a list of lists of {\"node\", \"port\"}");
        for (const json& group : ins) {
            if (!group.is_array() || group.empty())
                ctx.fail("inputs", "each input is a non-empty list of {\"node\", \"port\"}, got " +
                                       group.dump());
            std::vector<PortSelector> sel;
            for (const json& s : group) sel.push_back(port_selector(s, "inputs", ctx));
            e.inputs.push_back(std::move(sel));
        }
    }
    if (v.contains("outputs")) {
        const json& outs = v.at("outputs");
        if (!outs.is_array()) ctx.fail("outputs", "expected a list of {\"node\", \"port\"}");
        for (const json& s : outs) e.outputs.push_back(port_selector(s, "outputs", ctx));
    }
    if (!v.contains("replacement"))
        ctx.fail("replacement",
                 "missing: mo cannot run the Model Optimizer's Python transformations; add a "
                 "\"replacement\" block (an op, a small sub-graph or a rule) to say what replaces "
                 "the match");
    e.replacement = parse_replacement(v.at("replacement"), e.custom_attributes, ctx);
    if (e.kind == MatchKind::general && e.replacement.rule.empty())
        ctx.fail("replacement",
                 "a 'general' entry has no matched sub-graph to replace; use {\"rule\": NAME}");
    return e;
}

} // namespace

AttrValue attribute_from_json(const json& v, const std::string& context) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number_integer()) return v.get<std::int64_t>();
    if (v.is_number_float()) return v.get<double>();
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        if (v.empty()) return std::vector<std::int64_t>{};
        if (std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_number_integer(); }))
            return v.get<std::vector<std::int64_t>>();
        if (std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_number(); }))
            return v.get<std::vector<double>>();
        if (std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); }))
            return v.get<std::vector<std::string>>();
        throw Error(context + ": a list attribute must hold only numbers or only strings, got " +
                    v.dump());
    }
    throw Error(context + ": expected a boolean, number, string or list, got " + kind_name(v));
}

std::vector<ReplacementEntry> parse_replacement_config(std::string_view text,
                                                       std::string_view source) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        // e.what() carries "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
        std::string what = e.what();
        if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        throw Error(std::string(source) + ": not valid JSON: " + what);
    }
    if (!doc.is_array())
        throw Error(std::string(source) + ": expected a list of entries ([ {...}, ... ]), got " +
                    kind_name(doc));
    std::vector<ReplacementEntry> entries;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        try {
            entries.push_back(parse_entry(doc[i], i + 1, source));
        } catch (const json::exception& e) {
            throw Error(std::string(source) + ": entry " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    return entries;
}

std::vector<ReplacementEntry> load_replacement_config(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error("replacement config " + file.string() + ": cannot open the file");
    std::ostringstream text;
    text << in.rdbuf();
    return parse_replacement_config(text.str(), "replacement config " + file.filename().string());
}

} // namespace mo::replacement
