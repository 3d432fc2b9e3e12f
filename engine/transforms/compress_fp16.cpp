#include "engine/transforms/compress_fp16.hpp"

#include "engine/transforms/graph_edit.hpp"

#include <cmath>

namespace mo::transforms {
namespace {

constexpr double kHalfMax = 65504.0;

bool fits_half(const Tensor& t) {
    const std::int64_t n = t.size();
    for (std::int64_t i = 0; i < n; ++i) {
        const double v = t.value_as_double(i);
        if (std::isfinite(v) && std::fabs(v) > kHalfMax) return false;
    }
    return true;
}

bool already_decompressed(const Node& constant) {
    for (const Input& in : constant.consumers(0))
        if (in.node->type() == "Convert") return true;
    return false;
}

} // namespace

std::size_t compress_weights_to_fp16(Graph& graph) {
    std::size_t compressed = 0;
    for (Node* node : graph.nodes()) {
        if (!node->is_const() || node->use_count() == 0) continue;
        const ElementType original = node->value.type();
        if (original != ElementType::f32 && original != ElementType::f64) continue;
        if (already_decompressed(*node) || !fits_half(node->value)) continue;
        const std::string name = node->name;
        node->value = node->value.cast(ElementType::f16);
        graph.infer(*node);
        node->name = name + "/compressed";
        Attributes attrs;
        attrs.set("destination_type", std::string(to_string(original)));
        Node& convert = graph.add("Convert", 1, {node->output(0)}, attrs, name);
        redirect_consumers(graph, node->output(0), convert.output(0), {&convert});
        graph.move_names(node->output(0), convert.output(0));
        ++compressed;
    }
    return compressed;
}

} // namespace mo::transforms
