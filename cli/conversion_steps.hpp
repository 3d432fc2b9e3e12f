#pragma once
// The conversion options of `mo` applied to a graph (the bodies of the passes in cli/passes.cpp):
// cuts and shapes, preprocessing, replacement configs, precision. Each throws mo::Error with a
// one-line message on input that does not fit the model (names, shapes, channels).
#include "cli/plan.hpp"
#include "engine/core/graph.hpp"
#include "engine/rules/rules.hpp"

namespace mo::cli {

// --input (names, ports, shapes, types, frozen values), --output, --input_shape, --batch,
// --static_shape; re-runs shape inference.
void apply_cuts_and_shapes(Graph& graph, const ConversionPlan& plan);
// --mean_values, --scale_values, --scale, --reverse_input_channels.
void apply_preprocessing(Graph& graph, const ConversionPlan& plan);
// --replacement-config / --transformations_config. Entries with {"rule": NAME} run that rule of
// `rules` (the library plus --rules files) on their match; without `rules` they are an error.
void apply_replacement_config(Graph& graph, const ConversionPlan& plan,
                              const rules::RuleSet* rules = nullptr);
// --data_type FP16 / --compress_to_fp16 (unless --disable_weights_compression): the precision
// phase of `rules` (the shipped library when null). Returns the number of rewrites.
std::size_t apply_precision(Graph& graph, const ConversionPlan& plan,
                            const rules::RuleSet* rules = nullptr);

} // namespace mo::cli
