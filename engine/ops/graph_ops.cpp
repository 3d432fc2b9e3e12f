// Parameter, Const and Result: the graph's boundary and its constants.
#include "engine/ops/families.hpp"
#include "engine/ops/kernel_utils.hpp"

namespace mo::ops {

void register_graph_ops(OpRegistry& r) {
    // Parameter and Const carry their description themselves (set by Graph::add_parameter /
    // add_const); inference keeps it.
    r.add(make_op("Parameter", 1, 0, 0, {"shape", "element_type"}, [](Node&) {}));
    r.add(make_op(
        "Const", 1, 0, 0, {"element_type", "shape"},
        [](Node& n) { n.set_output(0, n.value.type(), PartialShape(n.value.shape())); },
        [](const Node& n, std::span<const Tensor>) { return std::vector<Tensor>{n.value}; }));
    r.add(make_op("Result", 1, 1, 1, {}, [](Node&) {}, {}, 0));
}

} // namespace mo::ops
