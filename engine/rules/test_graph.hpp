#pragma once
// The small graphs of embedded rule tests: built from `input { ... }` / `expect { ... }` blocks,
// and compared structurally.
//
//   x = Parameter(f32, [1, 3, 8, 8])                 model input (low=, high= for verify's values)
//   w = Const(f32, [4, 3, 1, 1], random)             random in [-1, 1] (random(lo, hi) for a range)
//   b = Const(f32, [4], [1, 2, 3, 4])                literal data; a single number fills
//   k = Const(f32, [4])                              (expect only) any value of this type and shape
//   c = Convolution(x, w, strides=[1, 1], ...)       any op; `s.1` reads output 1
//   Result(c)
#include "engine/core/graph.hpp"
#include "engine/rules/ast.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mo::rules {

struct TestGraph {
    std::unique_ptr<Graph> graph = std::make_unique<Graph>();
    std::set<const Node*> any_value; // Consts written without data (expect blocks)
    std::map<std::string, std::pair<double, double>> input_ranges; // Parameter -> [low, high]
};

// Load-time checks: names defined before use, known op types and attributes, argument forms.
void check_test_graph(const std::vector<GraphStmt>& stmts);
// Builds the graph (random constants are deterministic for a given seed). Throws mo::Error at the
// statement's location.
TestGraph build_test_graph(const std::vector<GraphStmt>& stmts, std::uint64_t seed);
// nullopt when `actual` has the structure of `expected` (op types, attributes, constant values
// within 1e-5 relative, Parameters by name, Results in order); else what differs.
std::optional<std::string> compare_graphs(const TestGraph& expected, const Graph& actual);

} // namespace mo::rules
