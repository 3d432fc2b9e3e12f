#include "cli/commands.hpp"
#include "emit/ir_reader.hpp"
#include "engine/core/error.hpp"

#include <map>
#include <ostream>

namespace mo::cli {

int info_command(std::span<const std::string> args, std::ostream& out) {
    // --nodes also lists every node (name, type, output shapes): the names that --input,
    // --output and replacement configs refer to.
    const bool list_nodes = args.size() == 2 && args[1] == "--nodes";
    if (args.size() != 1 && !list_nodes)
        throw Error("usage: mo info MODEL [--nodes] (MODEL: .onnx, or an IR .xml)");
    // An IR (.xml) is read back with the IR reader; anything else goes through the front-ends.
    const std::filesystem::path path(args[0]);
    auto graph = path.extension() == ".xml" ? ir::read_ir(path) : load_model(path);
    out << "model: " << args[0] << "\n";
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
