#include "cli/options.hpp"

#include "engine/core/edit_distance.hpp"
#include "engine/core/error.hpp"

#include <algorithm>

namespace mo::cli {

std::optional<std::string> ParsedArgs::get(std::string_view flag) const {
    auto it = values_.find(std::string(flag));
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

std::string ParsedArgs::get_or(std::string_view flag, std::string fallback) const {
    auto v = get(flag);
    return v ? *v : std::move(fallback);
}

const std::vector<std::string>& ParsedArgs::all(std::string_view flag) const {
    static const std::vector<std::string> none;
    auto it = values_.find(std::string(flag));
    return it == values_.end() ? none : it->second;
}

namespace {
const FlagSpec* find_flag(std::string_view name, std::span<const FlagSpec> specs) {
    for (const auto& s : specs) {
        if (s.name == name) return &s;
        for (const auto& a : s.aliases)
            if (a == name) return &s;
    }
    return nullptr;
}

std::string closest_flag(std::string_view name, std::span<const FlagSpec> specs) {
    std::string best;
    std::size_t best_d = 4; // suggest only near misses
    for (const auto& s : specs) {
        const std::size_t d = edit_distance(name, s.name);
        if (d < best_d) best_d = d, best = s.name;
    }
    return best;
}
} // namespace

ParsedArgs parse_args(std::span<const std::string> args, std::span<const FlagSpec> specs) {
    ParsedArgs out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.size() < 2 || a[0] != '-' || (a.size() > 1 && std::isdigit(static_cast<unsigned char>(a[1])))) {
            out.positional_.push_back(a);
            continue;
        }
        std::string name = a;
        std::optional<std::string> value;
        if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
        }
        const FlagSpec* spec = find_flag(name, specs);
        if (!spec) {
            const std::string hint = closest_flag(name, specs);
            throw Error("unknown option '" + name + "'" +
                        (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)") +
                        "; see mo --help");
        }
        if (spec->takes_value && !value) {
            if (i + 1 >= args.size()) throw Error("option '" + name + "' needs a value");
            value = args[++i];
        } else if (!spec->takes_value && value) {
            throw Error("option '" + name + "' takes no value");
        }
        auto& slot = out.values_[spec->name];
        if (!slot.empty() && !spec->repeatable)
            throw Error("option '" + spec->name + "' is given more than once");
        slot.push_back(value.value_or("true"));
        out.given_.emplace_back(spec->name, value.value_or("True"));
    }
    return out;
}

std::span<const FlagSpec> convert_flags() {
    static const std::vector<FlagSpec> flags = {
        {"--input_model", {"-m", "-w"}, true, false, "model file to convert (.onnx)"},
        {"--framework", {}, true, false, "onnx (detected from the file when omitted)"},
        {"--output_dir", {"-o"}, true, false, "where to write NAME.xml and NAME.bin (default: .)"},
        {"--model_name", {"-n"}, true, false, "NAME of the IR files (default: the model file's stem)"},
        {"--ir_version", {}, true, false, "11 (default) or 10 (OpenVINO 2020-2021, opset1..opset7)"},
        {"--input", {}, true, false,
         "new model inputs: \"PORT:NAME[SHAPE]{TYPE}->VALUE\" items, comma-separated"},
        {"--output", {}, true, false, "new model outputs: NAME or NAME:PORT, comma-separated"},
        {"--input_shape", {}, true, false, "input shapes like [1,3,224,224],[1,10] (--input order)"},
        {"--batch", {"-b"}, true, false, "batch size: sets dimension 0 of every input"},
        {"--static_shape", {}, false, false, "require fixed input shapes and fold shape computations"},
        {"--mean_values", {"-ms"}, true, false, "per-channel means: [123,117,104] or data[123,117,104]"},
        {"--scale_values", {}, true, false, "per-channel divisors: [58,57,57] or data[58,57,57]"},
        {"--scale", {"-s"}, true, false, "one divisor for all inputs"},
        {"--reverse_input_channels", {}, false, false, "RGB<->BGR for 3-channel inputs (axis 1)"},
        {"--data_type", {}, true, false, "FP32 (default) or FP16: store weights as FP16"},
        {"--compress_to_fp16", {}, false, false, "store weights as FP16 (same as --data_type FP16)"},
        {"--disable_weights_compression", {}, false, false, "keep weights in their original precision"},
        {"--replacement-config", {"--transformations_config"}, true, false,
         "JSON file of sub-graph replacements"},
        {"--rules", {}, true, true, "extra .rules file or directory, loaded after the library"},
        {"--disable_fusing", {}, false, false, "turn off rules tagged 'fusion'"},
        {"--disable_gfusing", {}, false, false, "turn off grouped-convolution fusing (tag 'gfusion')"},
        {"--finegrain_fusing", {}, true, false, "REGEX: nodes whose names match are not fused"},
        {"--disable_resnet_optimization", {}, false, false,
         "turn off the ResNet strides optimisation (tag 'resnet')"},
        {"--log_level", {}, true, false, "ERROR (default), WARNING, INFO or DEBUG"},
        {"--silent", {}, false, false, "print nothing but errors"},
        {"--progress", {}, false, false, "show conversion progress"},
        {"--version", {}, false, false, "print the version and exit"},
        {"--help", {"-h"}, false, false, "print this help and exit"},
    };
    return flags;
}

std::string usage_text() {
    std::string s =
        "usage: mo --input_model MODEL [options]      convert a model to OpenVINO IR\n"
        "       mo info MODEL [--nodes]               summarise a model (inputs, outputs, ops[, nodes])\n"
        "       mo run MODEL.xml --input NAME=FILE.npy ... --output_dir DIR\n"
        "                                             evaluate an IR with the reference evaluator\n"
        "       mo rules test|verify|list|json [PATH...]   run, verify, list or print the rules as JSON\n\n"
        "options:\n";
    for (const auto& f : convert_flags()) {
        std::string left = "  " + f.name;
        for (const auto& a : f.aliases) left += ", " + a;
        if (f.takes_value) left += " VALUE";
        left.resize(std::max<std::size_t>(left.size() + 1, 40), ' ');
        s += left + f.help + "\n";
    }
    return s;
}

} // namespace mo::cli
