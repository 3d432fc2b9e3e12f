#include "engine/transforms/name_lookup.hpp"

#include "engine/core/edit_distance.hpp"
#include "engine/core/error.hpp"

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

namespace mo::transforms {
namespace {

std::optional<std::size_t> parse_port(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::size_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

void check_input_port(const Node& node, std::size_t port, std::string_view context) {
    if (port >= node.input_count())
        throw Error(std::string(context) + ": " + node.describe() + " has no input port " +
                    std::to_string(port) + " (it has " + std::to_string(node.input_count()) +
                    " inputs)");
}

void check_output_port(const Node& node, std::size_t port, std::string_view context) {
    if (port >= node.output_count())
        throw Error(std::string(context) + ": " + node.describe() + " has no output port " +
                    std::to_string(port) + " (it has " + std::to_string(node.output_count()) +
                    " outputs)");
}

} // namespace

Node* find_node(const Graph& graph, std::string_view name) {
    for (Node* n : graph.nodes())
        if (n->name == name) return n;
    return nullptr;
}

Output find_tensor(const Graph& graph, std::string_view name) {
    for (Node* n : graph.nodes())
        for (std::size_t i = 0; i < n->output_count(); ++i)
            for (const auto& t : n->port(i).names)
                if (t == name) return {n, i};
    return {};
}

std::string close_matches(const Graph& graph, std::string_view name) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    auto consider = [&](const std::string& candidate) {
        std::size_t d = edit_distance(name, candidate);
        // A name that contains the query (or the reverse) is a likely intent even when long.
        if (!name.empty() && (candidate.find(name) != std::string::npos ||
                              name.find(candidate) != std::string_view::npos))
            d = std::min<std::size_t>(d, 1);
        if (d <= std::max<std::size_t>(2, name.size() / 3)) scored.emplace_back(d, candidate);
    };
    for (Node* n : graph.nodes()) {
        consider(n->name);
        for (std::size_t i = 0; i < n->output_count(); ++i)
            for (const auto& t : n->port(i).names) consider(t);
    }
    std::sort(scored.begin(), scored.end());
    scored.erase(std::unique(scored.begin(), scored.end(),
                             [](const auto& a, const auto& b) { return a.second == b.second; }),
                 scored.end());
    std::string out;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i)
        out += (i ? ", '" : "'") + scored[i].second + "'";
    return out;
}

void fail_unknown_name(const Graph& graph, std::string_view context, std::string_view name) {
    const std::string hint = close_matches(graph, name);
    throw Error(std::string(context) + ": no node or tensor named '" + std::string(name) + "'" +
                (hint.empty() ? std::string() : " (close matches: " + hint + ")"));
}

GraphPoint resolve_point(const Graph& graph, std::string_view ref, std::string_view context) {
    if (ref.empty()) throw Error(std::string(context) + ": empty name");
    if (Node* n = find_node(graph, ref)) return {GraphPoint::Kind::node, n, 0};
    if (Output t = find_tensor(graph, ref)) return {GraphPoint::Kind::output_port, t.node, t.index};
    if (auto colon = ref.find(':'); colon != std::string_view::npos) {
        if (auto port = parse_port(ref.substr(0, colon))) {
            if (Node* n = find_node(graph, ref.substr(colon + 1))) {
                check_input_port(*n, *port, context);
                return {GraphPoint::Kind::input_port, n, *port};
            }
        }
    }
    if (auto colon = ref.rfind(':'); colon != std::string_view::npos) {
        if (auto port = parse_port(ref.substr(colon + 1))) {
            if (Node* n = find_node(graph, ref.substr(0, colon))) {
                check_output_port(*n, *port, context);
                return {GraphPoint::Kind::output_port, n, *port};
            }
        }
    }
    // Report the name without its port decoration, which is what the user has to fix.
    std::string_view base = ref;
    if (auto c = base.find(':'); c != std::string_view::npos && parse_port(base.substr(0, c)))
        base = base.substr(c + 1);
    if (auto c = base.rfind(':'); c != std::string_view::npos && parse_port(base.substr(c + 1)))
        base = base.substr(0, c);
    fail_unknown_name(graph, context, base);
}

} // namespace mo::transforms
