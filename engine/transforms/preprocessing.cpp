#include "engine/transforms/preprocessing.hpp"

#include "engine/core/error.hpp"
#include "engine/transforms/graph_edit.hpp"
#include "engine/transforms/input_spec.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace mo::transforms {
namespace {

// Values shaped [1, C, 1, ...] to broadcast over axis 1 of a rank-`rank` input (a scalar for C=1).
Tensor channel_constant(const std::vector<double>& values, ElementType type, std::size_t rank) {
    Shape shape;
    if (values.size() > 1) {
        shape.assign(rank, 1);
        shape[1] = static_cast<std::int64_t>(values.size());
    }
    Tensor t(type, shape);
    for (std::size_t i = 0; i < values.size(); ++i)
        set_value_from_double(t, static_cast<std::int64_t>(i), values[i]);
    return t;
}

void check_channels(const Node& parameter, const std::vector<double>& values,
                    std::string_view what) {
    if (values.size() <= 1) return;
    const PartialShape& shape = parameter.output_shape(0);
    const std::string who = "input '" + parameter.name + "'";
    if (!shape.rank_known() || shape.rank() < 2)
        throw Error(std::string(what) + ": " + who + " has shape " + shape.to_string() +
                    "; per-channel values need channels on axis 1");
    if (shape[1] != PartialShape::kDynamic && shape[1] != static_cast<std::int64_t>(values.size()))
        throw Error(std::string(what) + ": " + std::to_string(values.size()) +
                    " values given for " + who + ", which has " + std::to_string(shape[1]) +
                    " channels (shape " + shape.to_string() + ")");
}

} // namespace

bool embed_preprocessing(Graph& graph, Node& parameter, const Preprocessing& pre) {
    const ElementType type = parameter.output_type(0);
    const PartialShape& shape = parameter.output_shape(0);
    const bool reverse =
        pre.reverse_channels && shape.rank_known() && shape.rank() >= 2 && shape[1] == 3;
    if (!reverse && !pre.mean && !pre.scale) return false;
    if ((pre.mean || pre.scale) && !is_floating(type))
        throw Error("mean/scale values: input '" + parameter.name + "' has element type " +
                    std::string(to_string(type)) + "; make it floating with --input \"" +
                    parameter.name + "{f32}\"");
    if (pre.mean) check_channels(parameter, *pre.mean, "--mean_values");
    if (pre.scale) {
        check_channels(parameter, *pre.scale, "--scale_values");
        for (double s : *pre.scale)
            if (s == 0 || !std::isfinite(s))
                throw Error("--scale_values/--scale: input '" + parameter.name +
                            "': scale values must be finite and non-zero");
    }
    const std::size_t rank = shape.rank_known() ? shape.rank() : 0;
    const Output original = parameter.output(0);
    const auto consumers = parameter.consumers(0); // copy: rewired at the end
    Output current = original;
    const std::string base = parameter.name;
    if (reverse) {
        Node& indices = graph.add_const(Tensor::from_vector<std::int64_t>({3}, {2, 1, 0}),
                                        base + "/reverse_input_channels/indices");
        Node& axis =
            graph.add_const(Tensor::scalar<std::int64_t>(1), base + "/reverse_input_channels/axis");
        Attributes attrs;
        attrs.set("batch_dims", 0);
        current = graph
                      .add("Gather", 8, {current, indices.output(0), axis.output(0)}, attrs,
                           base + "/reverse_input_channels")
                      .output(0);
    }
    if (pre.mean) {
        // Add(x, -mean) rather than Subtract: the form the fusion rules fold into a following
        // Convolution or MatMul (as the MO does for --mean_values).
        std::vector<double> negated;
        for (double m : *pre.mean) negated.push_back(-m);
        Node& mean = graph.add_const(channel_constant(negated, type, rank), base + "/mean_values");
        current =
            graph.add("Add", 1, {current, mean.output(0)}, {}, base + "/subtract_mean").output(0);
    }
    if (pre.scale) {
        std::vector<double> reciprocal;
        for (double s : *pre.scale) reciprocal.push_back(1.0 / s);
        Node& scale =
            graph.add_const(channel_constant(reciprocal, type, rank), base + "/scale_values");
        current = graph.add("Multiply", 1, {current, scale.output(0)}, {}, base + "/multiply_scale")
                      .output(0);
    }
    for (const Input& in : consumers) graph.set_input(*in.node, in.index, current);
    return reverse;
}

std::vector<NamedValues> parse_named_values(std::string_view text, std::string_view flag) {
    std::vector<NamedValues> out;
    for (const std::string& item : split_top_level(text, ',')) {
        const std::string context = std::string(flag) + " '" + item + "'";
        const auto open = item.find_first_of("[(");
        if (item.empty() || open == std::string::npos || (item.back() != ']' && item.back() != ')'))
            throw Error(context +
                        ": expected values in brackets, like [123,117,104] or data[123,117,104]");
        NamedValues nv;
        nv.name = item.substr(0, open);
        while (!nv.name.empty() && std::isspace(static_cast<unsigned char>(nv.name.back())))
            nv.name.pop_back();
        std::string tok;
        auto flush = [&] {
            if (tok.empty()) return;
            char* end = nullptr;
            const double v = std::strtod(tok.c_str(), &end);
            if (end != tok.c_str() + tok.size() || !std::isfinite(v))
                throw Error(context + ": '" + tok + "' is not a number");
            nv.values.push_back(v);
            tok.clear();
        };
        for (char c : item.substr(open + 1, item.size() - open - 2)) {
            if (c == ',' || std::isspace(static_cast<unsigned char>(c)))
                flush();
            else
                tok += c;
        }
        flush();
        if (nv.values.empty()) throw Error(context + ": no values");
        out.push_back(std::move(nv));
    }
    return out;
}

} // namespace mo::transforms
