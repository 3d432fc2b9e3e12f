#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "engine/core/error.hpp"
#include "frontends/registry.hpp"

#include <CLI/CLI.hpp>

#include <map>
#include <ostream>

namespace mo::cli {

int info_command(std::span<const std::string> args, std::ostream& out) {
    // --nodes also lists every node (name, type, output shapes): the names that --input,
    // --output and replacement configs refer to.
    CLI::App app;
    bool list_nodes = false;
    app.add_flag("--nodes", list_nodes, "list every node with its type and output shapes");
    constexpr const char* usage = "usage: mo info MODEL [--nodes] (MODEL: .onnx, or an IR .xml)";
    std::vector<std::string> positional;
    try {
        positional = parse_flags(app, args, 1);
    } catch (const Error& e) {
        throw Error(std::string(usage) + ": " + e.what());
    }
    if (positional.size() != 1) throw Error(usage);
    // Any model a front-end reads, an IR (.xml) included.
    auto graph = frontends::read_model({.model = positional[0]});
    out << "model: " << positional[0] << "\n";
    out << "inputs:\n";
    for (const Node* p : graph->parameters())
        out << "  " << p->name << ": " << to_string(p->output_type(0)) << " "
            << p->output_shape(0).to_string() << "\n";
    out << "outputs:\n";
    for (const Node* r : graph->results()) {
        const Output src = r->input(0);
        const auto& names = src.node->port(src.index).names;
        out << "  " << (names.empty() ? r->name : names.front()) << ": " << to_string(src.type())
            << " " << src.shape().to_string() << "\n";
    }
    std::map<std::string, std::size_t> histogram;
    for (const Node* n : graph->nodes()) ++histogram[n->type()];
    out << "operations (" << graph->node_count() << " nodes):\n";
    for (const auto& [type, count] : histogram) out << "  " << type << ": " << count << "\n";
    if (list_nodes) {
        out << "nodes:\n";
        for (const Node* n : graph->topological_order()) {
            out << "  " << n->name << ": " << n->type();
            for (std::size_t i = 0; i < n->output_count(); ++i)
                out << (i ? ", " : " -> ") << to_string(n->output_type(i)) << " "
                    << n->output_shape(i).to_string();
            out << "\n";
        }
    }
    return 0;
}

} // namespace mo::cli
