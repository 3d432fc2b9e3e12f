// The typed conversion plan: flags are checked before the model is read, and the conversion is
// a visible list of passes.
#include "../emit/emit_test_utils.hpp"
#include "cli/passes.hpp"
#include "cli/plan.hpp"
#include "cli_test_utils.hpp"
#include "engine/core/error.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <regex>

using namespace mo;
using mo::test::mo_cli;

namespace {

std::string example_model() {
    return std::string(MO_SOURCE_DIR) + "/examples/tiny_cnn.onnx";
}

cli::ConversionPlan plan_of(std::vector<std::string> args) {
    return cli::parse_conversion_plan(args);
}

} // namespace

TEST_CASE("plan: a bad flag value is reported before the model is read") {
    // The model does not exist: an error about the flag proves the model was never opened.
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"--data_type", "INT8"}, "--data_type must be FP32 or FP16"},
        {{"--ir_version", "9"}, "--ir_version must be 10 or 11, not '9'"},
        {{"--batch", "0"}, "--batch must be a positive integer"},
        {{"--scale", "zero"}, "--scale must be a non-zero number"},
        {{"--log_level", "LOUD"}, "--log_level must be ERROR, WARNING, INFO or DEBUG"},
        {{"--finegrain_fusing", "conv("}, "--finegrain_fusing: 'conv(' is not a valid regular"},
        {{"--input", "a[1 x]"}, "'x' is not a dimension"},
        {{"--input_shape", "[1,3],[2]", "--batch", "2"}, "give only one of them"},
        {{"--input", "a,b", "--input_shape", "[1]"}, "1 shapes for the 2 inputs of --input"},
        {{"--output", "a,,b"}, "--output: empty item in 'a,,b'"},
        {{"--mean_values", "[1,a,3]"}, "'a' is not a number"},
        {{"--rules", "/no/such/rules"}, "--rules: '/no/such/rules' does not exist"},
        {{"--replacement-config", "/no/such.json"}, "/no/such.json"},
        {{"--framework", "caffe2"}, "unknown framework 'caffe2'"},
    };
    for (const auto& [flags, message] : cases) {
        std::vector<std::string> args{"--input_model", "/no/such/model.onnx"};
        args.insert(args.end(), flags.begin(), flags.end());
        const auto r = mo_cli(args);
        CHECK(r.code == 1);
        CHECK_MESSAGE(r.err.find(message) != std::string::npos, r.err);
        const bool names_the_model = r.err.find("model.onnx") != std::string::npos;
        CHECK_MESSAGE(!names_the_model, r.err);
    }
}

TEST_CASE("plan: flags become typed values") {
    const std::string rules_dir = std::string(MO_SOURCE_DIR) + "/rules/cleanup";
    const auto p = plan_of({"-m",
                            "dir/net.onnx",
                            "--input",
                            "a[1 3],b{i32}->5",
                            "--output",
                            "x,1:y",
                            "-b",
                            "4",
                            "--data_type",
                            "half",
                            "--ir_version",
                            "10",
                            "-ms",
                            "[1,2,3]",
                            "--scale",
                            "255",
                            "--disable_gfusing",
                            "--finegrain_fusing",
                            "conv.*",
                            "--rules",
                            rules_dir,
                            "--rules",
                            rules_dir,
                            "--log_level",
                            "DEBUG",
                            "--silent"});
    CHECK(p.files.model == "dir/net.onnx");
    CHECK(p.model_name == "net");
    CHECK(p.output_dir == ".");
    REQUIRE(p.inputs.size() == 2);
    CHECK(p.inputs[0].ref == "a");
    CHECK(p.inputs[0].shape == PartialShape({1, 3}));
    CHECK(p.inputs[1].type == ElementType::i32);
    CHECK(p.inputs[1].value == std::vector<std::string>{"5"});
    CHECK(p.outputs == std::vector<std::string>{"x", "1:y"});
    CHECK(p.batch == 4);
    CHECK(p.precision == cli::Precision::fp16);
    CHECK(p.fp16_weights());
    CHECK(p.ir_version == 10);
    REQUIRE(p.preprocessing.mean_values.size() == 1);
    CHECK(p.preprocessing.mean_values[0].values == std::vector<double>{1, 2, 3});
    CHECK(p.preprocessing.scale == 255.0);
    CHECK(p.rules.fusing);
    CHECK_FALSE(p.rules.grouped_convolution_fusing);
    REQUIRE(p.rules.protected_names);
    CHECK(std::regex_match("conv12", *p.rules.protected_names));
    CHECK(p.extra_rules.size() == 2);
    CHECK(p.log_level == cli::LogLevel::debug);
    CHECK(p.silent);
    CHECK_FALSE(p.progress);
    // As given, for the IR's rt_info: canonical names, switches as True.
    CHECK(p.given.at("input_model") == "dir/net.onnx");
    CHECK(p.given.at("mean_values") == "[1,2,3]");
    CHECK(p.given.at("disable_gfusing") == "True");
}

TEST_CASE("plan: a framework's own model files select it and are checked before anything is read") {
    mo::test::TempDir dir;
    const auto proto = dir.path() / "net.prototxt";
    mo::test::write_file(proto, "name: 'net'\n");
    // Caffe's prototxt selects the caffe front-end, which is not available yet: said at once.
    CHECK_THROWS_WITH_AS(plan_of({"-m", (dir.path() / "net.caffemodel").string(), "-d",
                                  proto.string()}),
                         doctest::Contains("the caffe front-end is not available yet"), Error);
    CHECK_THROWS_WITH_AS(plan_of({"--saved_model_dir", dir.path().string()}),
                         doctest::Contains("the tf front-end is not available yet"), Error);
    // A file of another framework than --framework says, and a missing file, are errors.
    CHECK_THROWS_WITH_AS(plan_of({"-m", "m.onnx", "--framework", "onnx", "--input_proto",
                                  proto.string()}),
                         "--input_proto belongs to --framework caffe, not onnx", Error);
    CHECK_THROWS_WITH_AS(plan_of({"-m", "m.params", "--input_symbol", "/no/such-symbol.json"}),
                         "--input_symbol: '/no/such-symbol.json' does not exist", Error);
    // Through the command line: one line, exit 1.
    const auto r = mo_cli({"--input_meta_graph", (dir.path() / "none.meta").string()});
    CHECK(r.code == 1);
    CHECK(r.err.find("--input_meta_graph: ") != std::string::npos);
}

TEST_CASE("plan: defaults, and FP16 undone by --disable_weights_compression") {
    const auto p = plan_of({"--input_model", "m.onnx"});
    CHECK(p.ir_version == 11);
    CHECK(p.precision == cli::Precision::fp32);
    CHECK_FALSE(p.fp16_weights());
    CHECK(p.inputs.empty());
    CHECK_FALSE(p.preprocessing.any());
    CHECK(p.rules.fusing);
    CHECK(p.rules.resnet_optimization);
    CHECK(p.log_level == cli::LogLevel::error);
    const auto q = plan_of({"-m", "m.onnx", "--compress_to_fp16", "--disable_weights_compression"});
    CHECK(q.precision == cli::Precision::fp16);
    CHECK_FALSE(q.fp16_weights());
}

TEST_CASE("plan: the CLI's own errors are one line in mo's words") {
    CHECK_THROWS_WITH_AS(plan_of({"-m", "a.onnx", "-m", "b.onnx"}),
                         "option '--input_model' is given more than once", Error);
    CHECK_THROWS_WITH_AS(plan_of({"-m", "a.onnx", "--output_dir"}),
                         "option '--output_dir' needs a value", Error);
    CHECK_THROWS_WITH_AS(plan_of({"-m", "a.onnx", "--bacth", "2"}),
                         doctest::Contains("unknown option '--bacth' (did you mean '--batch'?)"),
                         Error);
    CHECK_THROWS_WITH_AS(plan_of({"-m", "a.onnx", "extra"}),
                         "unexpected argument 'extra'; see mo --help", Error);
}

TEST_CASE("passes: the list is in the documented order and DEBUG prints each with its time") {
    std::vector<std::string> names;
    for (const cli::Pass& p : cli::conversion_passes()) names.emplace_back(p.name);
    CHECK(names == std::vector<std::string>{"load rules", "read model", "cut and shape",
                                            "preprocessing", "replacement configs", "rules",
                                            "precision", "legacy forms", "write IR"});
    mo::test::TempDir dir;
    const auto r =
        mo_cli({"-m", example_model(), "-o", dir.path().string(), "--log_level", "DEBUG"});
    REQUIRE(r.code == 0);
    CHECK(r.out.find("[ DEBUG ] passes: load rules, read model, cut and shape") !=
          std::string::npos);
    CHECK(r.out.find("[ DEBUG ] pass read model: ") != std::string::npos);
    CHECK(r.out.find("[ DEBUG ] pass write IR: ") != std::string::npos);
    CHECK(r.out.find("[ DEBUG ] pass precision: skipped") != std::string::npos);
    // Passes run in list order.
    CHECK(r.out.find("pass read model:") < r.out.find("pass rules:"));
    CHECK(r.out.find("pass rules:") < r.out.find("pass write IR:"));
}

TEST_CASE("an IR can be read back and converted again, here to IR v10 with FP16 weights") {
    mo::test::TempDir dir;
    REQUIRE(mo_cli({"-m", example_model(), "-o", dir.path().string(), "-n", "a"}).code == 0);
    const auto r = mo_cli({"-m", (dir.path() / "a.xml").string(), "-o", dir.path().string(), "-n",
                           "b", "--ir_version", "10", "--compress_to_fp16"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const std::string xml = mo::test::read_file(dir.path() / "b.xml");
    CHECK(xml.find("<net name=") != std::string::npos);
    CHECK(xml.find("version=\"10\"") != std::string::npos);
    CHECK(xml.find("element_type=\"f16\"") != std::string::npos);
}
