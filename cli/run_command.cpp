// `mo run MODEL.xml --input NAME=FILE.npy ... [--input_dir DIR] --output_dir DIR`: evaluates an IR
// with the reference evaluator and writes every output as .npy plus a manifest.json.
#include "cli/commands.hpp"
#include "cli/flags.hpp"
#include "frontends/ir/ir_reader.hpp"
#include "engine/io/npy.hpp"
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <ostream>
#include <set>

namespace mo::cli {
namespace {

struct RunFlags {
    std::vector<std::string> inputs;
    std::string input_dir;
    std::string output_dir = ".";
};

void declare(CLI::App& app, RunFlags& f) {
    app.add_option("--input,-i", f.inputs, "NAME=FILE.npy (or FILE.npy for a single-input model)")
        ->take_all()
        ->expected(1);
    app.add_option("--input_dir", f.input_dir, "a directory with manifest.json {tensor name: file}");
    app.add_option("--output_dir,-o", f.output_dir, "where the outputs go (default: .)");
}

// The file name an output is written under: characters other than [A-Za-z0-9_.-] become '_'
// (the convention of the corpus tools), with _1, _2 suffixes on clashes.
std::string file_name_for(const std::string& tensor, std::set<std::string>& used) {
    std::string s;
    for (char c : tensor) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-') ? c : '_';
    if (s.empty() || s[0] == '.') s = "_" + s;
    std::string candidate = s + ".npy";
    for (int i = 1; used.count(candidate) || candidate == "manifest.json"; ++i)
        candidate = s + "_" + std::to_string(i) + ".npy";
    used.insert(candidate);
    return candidate;
}

std::map<std::string, Tensor> read_inputs(const RunFlags& flags, const Graph& graph) {
    std::map<std::string, Tensor> inputs;
    if (!flags.input_dir.empty()) {
        const std::filesystem::path dir(flags.input_dir);
        const std::filesystem::path manifest = dir / "manifest.json";
        std::ifstream in(manifest);
        if (!in) throw Error("cannot read " + manifest.string());
        nlohmann::json j;
        try {
            in >> j;
        } catch (const nlohmann::json::exception& e) {
            throw Error(manifest.string() + ": not valid JSON: " + e.what());
        }
        if (!j.is_object()) throw Error(manifest.string() + ": expected {tensor name: file}");
        for (const auto& [name, file] : j.items()) {
            if (!file.is_string()) throw Error(manifest.string() + ": entry '" + name + "' is not a file name");
            inputs[name] = io::read_npy(dir / file.get<std::string>());
        }
    }
    for (const std::string& spec : flags.inputs) {
        const auto eq = spec.find('=');
        if (eq == std::string::npos) {
            if (graph.parameters().size() != 1)
                throw Error("--input '" + spec + "': the model has " +
                            std::to_string(graph.parameters().size()) + " inputs; use NAME=FILE.npy");
            inputs[graph.parameters().front()->name] = io::read_npy(spec);
        } else {
            inputs[spec.substr(0, eq)] = io::read_npy(spec.substr(eq + 1));
        }
    }
    // Every given name must be a model input: a typo should not be silently ignored.
    for (const auto& [name, value] : inputs) {
        bool known = false;
        for (const Node* p : graph.parameters()) {
            known = known || p->name == name;
            for (const auto& n : p->port(0).names) known = known || n == name;
        }
        if (!known) {
            std::string names;
            for (const Node* p : graph.parameters()) names += (names.empty() ? "" : ", ") + p->name;
            throw Error("'" + name + "' is not an input of the model (inputs: " + names + ")");
        }
    }
    return inputs;
}

} // namespace

int run_command(std::span<const std::string> args, std::ostream& out) {
    CLI::App app;
    RunFlags flags;
    declare(app, flags);
    const auto positional = parse_flags(app, args, 1);
    if (positional.size() != 1)
        throw Error("usage: mo run MODEL.xml --input NAME=FILE.npy ... --output_dir DIR");
    auto graph = ir::read_ir(positional.front());
    const auto outputs = evaluate(*graph, read_inputs(flags, *graph));

    const std::filesystem::path dir(flags.output_dir);
    std::filesystem::create_directories(dir);
    std::set<std::string> used;
    nlohmann::ordered_json manifest = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& o = outputs[i];
        const std::string file = file_name_for(o.name, used);
        io::write_npy(dir / file, o.value);
        manifest[o.name] = file;
        // Every other name of the same tensor points at the same file (after a Dropout or
        // Identity is removed, the port carries the input's name and the output's).
        const Node* result = graph->results()[i];
        const Output src = result->input(0);
        for (const auto& other : src.node->port(src.index).names)
            if (!manifest.contains(other)) manifest[other] = file;
        out << o.name << ": " << to_string(o.value.type()) << " " << to_string(o.value.shape())
            << " -> " << (dir / file).string() << "\n";
    }
    std::ofstream(dir / "manifest.json") << manifest.dump(1) << "\n";
    return 0;
}

} // namespace mo::cli
