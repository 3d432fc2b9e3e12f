#pragma once
// Input preprocessing embedded in the model right after a Parameter (--mean_values,
// --scale_values, --scale, --reverse_input_channels). Channels are on axis 1 (NCHW).
#include "engine/core/graph.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::transforms {

struct Preprocessing {
    std::optional<std::vector<double>> mean;  // subtracted first
    std::optional<std::vector<double>> scale; // then divided by (one value or one per channel)
    bool reverse_channels = false;
};

// Inserts Parameter -> [Gather(reverse, axis 1)] -> [Add(-mean)] -> [Multiply(1/scale)] ->
// (former consumers). The reversal comes first in the graph so that mean and scale values stay
// in the channel order of the original model, as the MO documents. Reversal applies only when
// axis 1 has exactly 3 channels; returns whether the channels were reversed.
// Throws mo::Error naming the input when the values do not fit its channels or type.
bool embed_preprocessing(Graph& graph, Node& parameter, const Preprocessing& pre);

// One item of --mean_values / --scale_values: "data[1,2,3]" or "[1,2,3]" (empty name).
struct NamedValues {
    std::string name;
    std::vector<double> values;
};
std::vector<NamedValues> parse_named_values(std::string_view text, std::string_view flag);

} // namespace mo::transforms
