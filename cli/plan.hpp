#pragma once
// The typed conversion plan: every flag of a conversion, parsed and checked once, before the
// model is read. The passes (cli/passes.hpp) take it; nothing after parsing reads flag text.
#include "cli/log.hpp"
#include "engine/core/shape.hpp"
#include "engine/replacement/config.hpp"
#include "engine/transforms/input_spec.hpp"
#include "engine/transforms/preprocessing.hpp"
#include "frontends/common/frontend.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <vector>

namespace mo::cli {

enum class Precision { fp32, fp16 };

// --mean_values, --scale_values, --scale, --reverse_input_channels. Which model inputs the
// values belong to is decided on the graph (names are checked there).
struct PreprocessingFlags {
    std::vector<transforms::NamedValues> mean_values;
    std::vector<transforms::NamedValues> scale_values;
    std::optional<double> scale;
    bool reverse_input_channels = false;

    bool any() const {
        return !mean_values.empty() || !scale_values.empty() || scale || reverse_input_channels;
    }
};

// Which rule groups run (--disable_fusing, --disable_gfusing, --disable_resnet_optimization,
// --finegrain_fusing).
struct RuleSwitches {
    bool fusing = true;
    bool grouped_convolution_fusing = true;
    bool resnet_optimization = true;
    std::optional<std::regex> protected_names; // --finegrain_fusing
};

struct ConversionPlan {
    frontends::ModelFiles files; // --input_model (+ the framework's own model flags)
    std::string framework;       // --framework; empty: detected from the model file
    std::filesystem::path output_dir = ".";
    std::string model_name; // the IR files' stem
    int ir_version = 11;

    // Cuts and shapes.
    std::vector<transforms::InputSpec> inputs; // --input, in the order given
    std::vector<std::string> outputs;          // --output items (resolved on the graph)
    std::vector<PartialShape> input_shapes;    // --input_shape
    std::optional<std::int64_t> batch;         // --batch
    bool static_shape = false;

    PreprocessingFlags preprocessing;

    // --replacement-config, loaded and checked when the plan is made.
    std::optional<std::filesystem::path> replacement_config;
    std::vector<replacement::ReplacementEntry> replacements;

    std::vector<std::filesystem::path> extra_rules; // --rules, in the order given
    RuleSwitches rules;

    Precision precision = Precision::fp32;
    bool compress_weights = true; // false: --disable_weights_compression

    LogLevel log_level = LogLevel::error;
    bool silent = false;
    bool progress = false;
    bool help = false;
    bool version = false;

    // The flags as given (name without dashes -> value; switches "True"), for the IR's rt_info.
    std::map<std::string, std::string> given;

    bool fp16_weights() const { return precision == Precision::fp16 && compress_weights; }
};

// Parses and checks every conversion flag. Throws mo::Error naming the flag for an unknown
// flag, a missing or malformed value, a flag given twice, or a file that does not exist. The
// model file itself is checked by the front-end (the plan of --help needs no model).
ConversionPlan parse_conversion_plan(std::span<const std::string> args);

// `mo --help`: the sub-commands and every conversion flag with its aliases.
std::string usage_text();

} // namespace mo::cli
