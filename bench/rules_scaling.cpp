// Rule-engine scaling: synthetic graphs of about 10k, 100k and 1M nodes made of repeated
// Convolution -> BatchNormInference -> Relu -> onnx.Dropout blocks, rewritten with the whole
// shipped library. Prints the rewrite time per node and its ratio to the 10k case (1.0 = linear).
//
//   rules_scaling [RULES_DIR] [--sizes 10000,100000,1000000] [--no-reuse]
//
// --no-reuse: new nodes never take the memory of removed ones
// (RewriteOptions::reuse_removed_nodes).
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

mo::Tensor filled(mo::Shape shape, float value) {
    mo::Tensor t(mo::ElementType::f32, shape);
    auto data = t.mutable_data<float>();
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = value + 0.01f * static_cast<float>(i);
    return t;
}

// One block: Convolution (+ its weights), BatchNormInference (+ 4 parameter constants), Relu and
// onnx.Dropout: 9 nodes.
constexpr std::size_t kNodesPerBlock = 9;

// Resident memory of this process in MB (Linux), 0 where unknown.
double resident_mb() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

void build(mo::Graph& g, std::size_t target_nodes) {
    const std::int64_t channels = 2;
    mo::Output cur =
        g.add_parameter("x", mo::ElementType::f32, mo::PartialShape({1, channels, 2, 2})).output(0);
    mo::Attributes conv;
    conv.set("strides", mo::AttrValue(std::vector<std::int64_t>{1, 1}));
    conv.set("pads_begin", mo::AttrValue(std::vector<std::int64_t>{0, 0}));
    conv.set("pads_end", mo::AttrValue(std::vector<std::int64_t>{0, 0}));
    conv.set("dilations", mo::AttrValue(std::vector<std::int64_t>{1, 1}));
    conv.set("auto_pad", "explicit");
    mo::Attributes bn;
    bn.set("epsilon", mo::AttrValue(0.001));
    const std::size_t blocks = target_nodes / kNodesPerBlock;
    for (std::size_t b = 0; b < blocks; ++b) {
        const std::string id = std::to_string(b);
        mo::Node& w = g.add_const(filled({channels, channels, 1, 1}, 0.5f), "w" + id);
        mo::Node& c = g.add("Convolution", {cur, w.output(0)}, conv, "conv" + id);
        std::vector<mo::Output> in{c.output(0)};
        for (float v : {1.0f, 0.1f, 0.0f, 1.0f})
            in.push_back(g.add_const(filled({channels}, v)).output(0));
        mo::Node& n = g.add("BatchNormInference", in, bn, "bn" + id);
        mo::Node& r = g.add("Relu", {n.output(0)}, {}, "relu" + id);
        mo::Node& d = g.add("onnx.Dropout", 0, {r.output(0)}, {}, "drop" + id, 1);
        d.set_output(0, r.output_type(0), r.output_shape(0));
        cur = d.output(0);
    }
    g.add_result(cur, "out");
}

std::vector<std::size_t> parse_sizes(const std::string& s) {
    std::vector<std::size_t> out;
    std::size_t start = 0;
    while (start < s.size()) {
        const auto comma = s.find(',', start);
        out.push_back(std::stoull(s.substr(start, comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

} // namespace

int main(int argc, char** argv) try {
    std::filesystem::path dir = std::filesystem::path(MO_SOURCE_DIR) / "rules";
    std::vector<std::size_t> sizes{10'000, 100'000, 1'000'000};
    mo::rules::RewriteOptions options;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--sizes" && i + 1 < argc)
            sizes = parse_sizes(argv[++i]);
        else if (a == "--no-reuse")
            options.reuse_removed_nodes = false;
        else
            dir = a;
    }
    const mo::rules::RuleSet rules =
        mo::rules::load_rule_files(std::span<const std::filesystem::path>(&dir, 1));
    std::printf("rule library: %zu rules from %s\n", rules.size(), dir.string().c_str());
    std::printf("%10s %12s %10s %10s %10s %12s %8s %10s %10s %10s\n", "nodes", "build (s)",
                "rules (s)", "first (s)", "rewrites", "ns/node", "ratio", "nodes out", "MB built",
                "MB after");
    double base = 0;
    // The machine may be shared: each size is run several times (fewer for the largest) and the
    // fastest run is reported, after one untimed warm-up on the smallest size.
    {
        mo::Graph warm;
        build(warm, sizes.front());
        mo::rules::apply_rules(warm, rules, options);
    }
    for (std::size_t target : sizes) {
        const int repeats = target <= 100'000 ? 5 : 2;
        double build_s = 0, rules_s = 1e300, first_s = 0;
        std::size_t nodes = 0, rewrites = 0, left = 0;
        double mb_built = 0, mb_after = 0;
        std::vector<std::string> warnings;
        for (int rep = 0; rep < repeats; ++rep) {
            mo::Graph g;
            const auto t0 = Clock::now();
            build(g, target);
            nodes = g.node_count();
            const auto t1 = Clock::now();
            mb_built = resident_mb();
            const mo::rules::RewriteReport report = mo::rules::apply_rules(g, rules, options);
            const auto t2 = Clock::now();
            mb_after = resident_mb();
            build_s = std::chrono::duration<double>(t1 - t0).count();
            const double took = std::chrono::duration<double>(t2 - t1).count();
            rules_s = std::min(rules_s, took);
            if (rep == 0) first_s = took; // every page of the graph new to the process
            rewrites = report.applications.size();
            left = g.node_count();
            warnings = report.warnings;
        }
        const double per_node = rules_s * 1e9 / static_cast<double>(nodes);
        if (base == 0) base = per_node;
        std::printf("%10zu %12.3f %10.3f %10.3f %10zu %12.1f %8.2f %10zu %10.0f %10.0f\n", nodes,
                    build_s, rules_s, first_s, rewrites, per_node, per_node / base, left, mb_built,
                    mb_after);
        for (const auto& w : warnings) std::printf("  warning: %s\n", w.c_str());
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "rules_scaling: %s\n", e.what());
    return 1;
}
