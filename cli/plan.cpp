#include "cli/plan.hpp"

#include "cli/flags.hpp"
#include "engine/core/error.hpp"
#include "frontends/registry.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdlib>

namespace mo::cli {
namespace {

using transforms::parse_input_list;
using transforms::parse_named_values;
using transforms::parse_shape_list;
using transforms::split_top_level;

// The text of every conversion flag as given; declared on a CLI11 app in --help order.
struct FlagText {
    std::string input_model, framework, output_dir, model_name, ir_version;
    std::string input, output, input_shape, batch;
    std::string mean_values, scale_values, scale;
    std::string data_type, replacement_config, finegrain_fusing, log_level;
    std::string input_proto, input_symbol, input_meta_graph, saved_model_dir;
    std::vector<std::string> rules;
    bool static_shape = false, reverse_input_channels = false, compress_to_fp16 = false;
    bool disable_weights_compression = false, disable_fusing = false, disable_gfusing = false;
    bool disable_resnet_optimization = false, silent = false, progress = false;
    bool version = false, help = false;
};

void declare(CLI::App& app, FlagText& f) {
    app.set_help_flag();
    app.add_option("--input_model,-m,-w", f.input_model, "model file to convert (.onnx)");
    app.add_option("--framework", f.framework,
                   "onnx, or ir (an IR .xml converted again); detected from the file when omitted");
    app.add_option("--input_proto,-d", f.input_proto,
                   "Caffe: the model's .prototxt (default: beside the model, same stem)");
    app.add_option("--input_symbol", f.input_symbol, "MXNet: the model's symbol .json");
    app.add_option("--input_meta_graph", f.input_meta_graph,
                   "TensorFlow 1: a .meta graph (its checkpoint beside it)");
    app.add_option("--saved_model_dir", f.saved_model_dir, "TensorFlow 2: a SavedModel directory");
    app.add_option("--output_dir,-o", f.output_dir,
                   "where to write NAME.xml and NAME.bin (default: .)");
    app.add_option("--model_name,-n", f.model_name,
                   "NAME of the IR files (default: the model file's stem)");
    app.add_option("--ir_version", f.ir_version,
                   "11 (default) or 10 (OpenVINO 2020-2021: opset1..opset7, static non-zero dims)");
    app.add_option("--input", f.input,
                   "new model inputs: \"PORT:NAME[SHAPE]{TYPE}->VALUE\" items, comma-separated");
    app.add_option("--output", f.output, "new model outputs: NAME or NAME:PORT, comma-separated");
    app.add_option("--input_shape", f.input_shape,
                   "input shapes like [1,3,224,224],[1,10] (--input order)");
    app.add_option("--batch,-b", f.batch, "batch size: sets dimension 0 of every input");
    app.add_flag("--static_shape", f.static_shape,
                 "require fixed input shapes and fold shape computations");
    app.add_option("--mean_values", f.mean_values,
                   "per-channel means: [123,117,104] or data[123,117,104]");
    app.add_option("--scale_values", f.scale_values,
                   "per-channel divisors: [58,57,57] or data[58,57,57]");
    app.add_option("--scale,-s", f.scale, "one divisor for all inputs");
    app.add_flag("--reverse_input_channels", f.reverse_input_channels,
                 "RGB<->BGR for 3-channel inputs (axis 1)");
    app.add_option("--data_type", f.data_type, "FP32 (default) or FP16: store weights as FP16");
    app.add_flag("--compress_to_fp16", f.compress_to_fp16,
                 "store weights as FP16 (same as --data_type FP16)");
    app.add_flag("--disable_weights_compression", f.disable_weights_compression,
                 "keep weights in their original precision");
    app.add_option("--replacement-config,--transformations_config", f.replacement_config,
                   "JSON file of sub-graph replacements");
    app.add_option("--rules", f.rules, "extra .rules file or directory, loaded after the library")
        ->take_all()
        ->expected(1);
    app.add_flag("--disable_fusing", f.disable_fusing, "turn off rules tagged 'fusion'");
    app.add_flag("--disable_gfusing", f.disable_gfusing,
                 "turn off grouped-convolution fusing (tag 'gfusion')");
    app.add_option("--finegrain_fusing", f.finegrain_fusing,
                   "REGEX: nodes whose names match are not fused");
    app.add_flag("--disable_resnet_optimization", f.disable_resnet_optimization,
                 "turn off the ResNet strides optimisation (tag 'resnet')");
    app.add_option("--log_level", f.log_level, "ERROR (default), WARNING, INFO or DEBUG");
    app.add_flag("--silent", f.silent, "print nothing but errors");
    app.add_flag("--progress", f.progress, "show conversion progress");
    app.add_flag("--version", f.version, "print the version and exit");
    app.add_flag("--help,-h", f.help, "print this help and exit");
}

std::int64_t parse_batch(const std::string& text) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || v <= 0)
        throw Error("--batch must be a positive integer, not '" + text + "'");
    return v;
}

double parse_scale(const std::string& text) {
    char* end = nullptr;
    const double scale = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || scale == 0)
        throw Error("--scale must be a non-zero number, not '" + text + "'");
    return scale;
}

Precision parse_precision(const std::string& text) {
    if (text == "FP16" || text == "half") return Precision::fp16;
    if (text == "FP32" || text == "float") return Precision::fp32;
    throw Error("--data_type must be FP32 or FP16 (also: float, half), not '" + text + "'");
}

int parse_ir_version(const std::string& text) {
    if (text == "10") return 10;
    if (text == "11") return 11;
    throw Error("--ir_version must be 10 or 11, not '" + text + "'");
}

std::vector<std::string> parse_outputs(const std::string& text) {
    std::vector<std::string> items = split_top_level(text, ',');
    for (const std::string& item : items)
        if (item.empty()) throw Error("--output: empty item in '" + text + "'");
    return items;
}

std::regex parse_regex(const std::string& text) {
    try {
        return std::regex(text);
    } catch (const std::regex_error&) {
        throw Error("--finegrain_fusing: '" + text + "' is not a valid regular expression");
    }
}

// name without dashes -> value as given (switches "True"), for the IR's rt_info.
std::map<std::string, std::string> given_flags(const CLI::App& app) {
    std::map<std::string, std::string> given;
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->count() == 0) continue;
        std::string name = opt->get_name(false, false);
        name.erase(0, name.find_first_not_of('-'));
        given[name] = opt->get_expected_max() == 0 ? "True" : opt->results().back();
    }
    return given;
}

// The framework-specific model files (--input_proto, --input_symbol, --input_meta_graph,
// --saved_model_dir): each must exist and belongs to one framework, which it selects when
// --framework is not given.
void add_framework_files(const CLI::App& app, const FlagText& f, ConversionPlan& plan) {
    struct FrameworkFile {
        const char* flag;
        const char* framework;
        const std::string& value;
        std::optional<std::filesystem::path> frontends::ModelFiles::*member;
    };
    const FrameworkFile files[] = {
        {"--input_proto", "caffe", f.input_proto, &frontends::ModelFiles::proto},
        {"--input_symbol", "mxnet", f.input_symbol, &frontends::ModelFiles::symbol},
        {"--input_meta_graph", "tf", f.input_meta_graph, &frontends::ModelFiles::meta_graph},
        {"--saved_model_dir", "tf", f.saved_model_dir, &frontends::ModelFiles::saved_model},
    };
    for (const FrameworkFile& file : files) {
        if (app.count(file.flag) == 0) continue;
        if (!std::filesystem::exists(file.value))
            throw Error(std::string(file.flag) + ": '" + file.value + "' does not exist");
        if (plan.framework.empty()) plan.framework = file.framework;
        if (plan.framework != file.framework)
            throw Error(std::string(file.flag) + " belongs to --framework " + file.framework +
                        ", not " + plan.framework);
        plan.files.*file.member = file.value;
        // A framework without a front-end yet stops here, before anything is read.
        frontends::select_frontend(plan.framework, file.value);
    }
}

} // namespace

ConversionPlan parse_conversion_plan(std::span<const std::string> args) {
    CLI::App app;
    FlagText f;
    declare(app, f);
    parse_flags(app, args, 0);
    auto given = [&app](const char* flag) { return app.count(flag) > 0; };

    ConversionPlan plan;
    plan.help = f.help;
    plan.version = f.version;
    plan.given = given_flags(app);
    // Reporting first: the rest may fail, and the log level decides what is printed then.
    if (given("--log_level")) plan.log_level = parse_log_level(f.log_level);
    plan.silent = f.silent;
    plan.progress = f.progress && !f.silent;

    plan.files.model = f.input_model;
    plan.framework = f.framework;
    add_framework_files(app, f, plan);
    if (!plan.files.model.empty()) // a known framework with a front-end, by flag or file ending
        frontends::select_frontend(plan.framework, plan.files.model);
    if (given("--output_dir")) plan.output_dir = f.output_dir;
    plan.model_name = given("--model_name") ? f.model_name : plan.files.main().stem().string();
    if (!plan.files.main().empty() &&
        (plan.model_name.empty() || plan.model_name.find('/') != std::string::npos))
        throw Error("--model_name '" + plan.model_name + "' is not a file name");
    if (given("--ir_version")) plan.ir_version = parse_ir_version(f.ir_version);

    if (given("--input")) plan.inputs = parse_input_list(f.input);
    if (given("--output")) plan.outputs = parse_outputs(f.output);
    if (given("--input_shape")) plan.input_shapes = parse_shape_list(f.input_shape);
    if (given("--batch")) plan.batch = parse_batch(f.batch);
    if (!plan.input_shapes.empty() && plan.batch)
        throw Error("--batch and --input_shape both set the input shapes; give only one of them");
    if (!plan.input_shapes.empty() && !plan.inputs.empty() &&
        plan.input_shapes.size() != plan.inputs.size())
        throw Error("--input_shape gives " + std::to_string(plan.input_shapes.size()) +
                    " shapes for the " + std::to_string(plan.inputs.size()) + " inputs of --input");
    plan.static_shape = f.static_shape;

    PreprocessingFlags& pre = plan.preprocessing;
    if (given("--mean_values"))
        pre.mean_values = parse_named_values(f.mean_values, "--mean_values");
    if (given("--scale_values"))
        pre.scale_values = parse_named_values(f.scale_values, "--scale_values");
    if (given("--scale")) pre.scale = parse_scale(f.scale);
    pre.reverse_input_channels = f.reverse_input_channels;

    if (given("--replacement-config")) {
        plan.replacement_config = f.replacement_config;
        plan.replacements = replacement::load_replacement_config(f.replacement_config);
    }
    for (const std::string& p : f.rules) {
        if (!std::filesystem::exists(p)) throw Error("--rules: '" + p + "' does not exist");
        plan.extra_rules.emplace_back(p);
    }
    plan.rules.fusing = !f.disable_fusing;
    plan.rules.grouped_convolution_fusing = !f.disable_gfusing;
    plan.rules.resnet_optimization = !f.disable_resnet_optimization;
    if (given("--finegrain_fusing")) plan.rules.protected_names = parse_regex(f.finegrain_fusing);

    if (given("--data_type")) plan.precision = parse_precision(f.data_type);
    if (f.compress_to_fp16) plan.precision = Precision::fp16;
    plan.compress_weights = !f.disable_weights_compression;
    return plan;
}

std::string usage_text() {
    CLI::App app;
    FlagText f;
    declare(app, f);
    return "usage: mo --input_model MODEL [options]      convert a model to OpenVINO IR\n"
           "       mo info MODEL [--nodes]               summarise a model (inputs, outputs, "
           "ops[, nodes])\n"
           "       mo run MODEL.xml --input NAME=FILE.npy ... --output_dir DIR\n"
           "                                             evaluate an IR with the reference "
           "evaluator\n"
           "       mo rules test|verify|list|json [PATH...]   run, verify, list or print the "
           "rules as JSON\n\n"
           "options:\n" +
           options_help(app);
}

} // namespace mo::cli
