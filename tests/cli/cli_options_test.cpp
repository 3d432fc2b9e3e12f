// The conversion options end to end: small ONNX models built here go through `mo` (the same entry
// point as the executable), the IR is read back, and the reference evaluator checks the numbers
// against values computed by hand from the model's definition.
#include "../onnx/onnx_model_builder.hpp"
#include "cli/app.hpp"
#include "cli_test_utils.hpp"
#include "frontends/ir/ir_reader.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using mo::ElementType;
using mo::Graph;
using mo::Node;
using mo::PartialShape;
using mo::Tensor;
using mo::test::ModelBuilder;
using mo::test::raw_floats;
using mo::test::typed_int64s;

using mo::test::CliRun;
using mo::test::mo_cli;

namespace {

const fs::path kExamples = fs::path(MO_SOURCE_DIR) / "examples" / "replacement";

// Converts `model` with `flags` into `dir`/ir and reads the IR back (REQUIREs success).
std::unique_ptr<Graph> convert(const fs::path& model, const mo::test::TempDir& dir,
                               std::vector<std::string> flags, CliRun* run_out = nullptr) {
    std::vector<std::string> args{"--input_model",       model.string(), "--output_dir",
                                  (dir / "ir").string(), "--model_name", "m"};
    args.insert(args.end(), flags.begin(), flags.end());
    const CliRun r = mo_cli(args);
    if (run_out) *run_out = r;
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return mo::ir::read_ir(dir / "ir" / "m.xml");
}

// The contract for bad options: one line on stderr, exit code 1, no IR files.
void check_fails(const fs::path& model, const mo::test::TempDir& dir,
                 std::vector<std::string> flags, const std::string& must_contain) {
    std::vector<std::string> args{"--input_model",        model.string(), "--output_dir",
                                  (dir / "bad").string(), "--model_name", "m"};
    args.insert(args.end(), flags.begin(), flags.end());
    const CliRun r = mo_cli(args);
    CHECK(r.code == 1);
    CHECK(r.err.rfind("[ ERROR ] ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_MESSAGE(r.err.find(must_contain) != std::string::npos, r.err);
    CHECK_FALSE(fs::exists(dir / "bad" / "m.xml"));
    CHECK_FALSE(fs::exists(dir / "bad" / "m.bin"));
}

Tensor f32(mo::Shape shape, std::vector<float> values) {
    return Tensor::from_vector<float>(std::move(shape), values);
}

Tensor run_ir(const Graph& g, const std::map<std::string, Tensor>& inputs,
              const std::string& output) {
    for (auto& r : mo::evaluate(g, inputs))
        if (r.name == output) return r.value;
    FAIL("no output named " << output);
    return {};
}

void check_close(const Tensor& actual, const std::vector<double>& expected, double rel = 1e-5,
                 double abs = 1e-5) {
    REQUIRE(actual.size() == static_cast<std::int64_t>(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double a = actual.value_as_double(static_cast<std::int64_t>(i));
        CHECK_MESSAGE(std::fabs(a - expected[i]) <= abs + rel * std::fabs(expected[i]),
                      "element " << i << ": " << a << " vs " << expected[i]);
    }
}

std::size_t count(const Graph& g, std::string_view type) {
    std::size_t n = 0;
    for (const Node* node : g.nodes()) n += node->type() == type;
    return n;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// x[1,4] -> Mul(2) "double" -> Add(1) "inc" -> Relu "act" -> Sub(3) "shift" -> Sigmoid "squash" ->
// y
fs::path chain_model(const mo::test::TempDir& dir) {
    ModelBuilder b;
    b.input("x", {1, 4}).output("y");
    b.initializer(raw_floats("two", {1}, {2})).initializer(raw_floats("one", {1}, {1}));
    b.initializer(raw_floats("three", {1}, {3}));
    b.node("Mul", {"x", "two"}, {"doubled"}, {}, "double");
    b.node("Add", {"doubled", "one"}, {"incremented"}, {}, "inc");
    b.node("Relu", {"incremented"}, {"act_out"}, {}, "act");
    b.node("Sub", {"act_out", "three"}, {"shifted"}, {}, "shift");
    b.node("Sigmoid", {"shifted"}, {"y"}, {}, "squash");
    return b.save(dir, "chain.onnx");
}

// image[N,3,4,4] -> Conv "conv" (1x1, 3->2, bias) -> Relu "relu" -> y. Weights: out0 = c0 + 2 c1
// + 3 c2 + 0.5, out1 = c0 - c2 - 1.
fs::path conv_model(const mo::test::TempDir& dir, std::int64_t batch = 1,
                    std::int64_t channels = 3) {
    ModelBuilder b;
    b.input("image", {batch, channels, 4, 4}).output("y");
    std::vector<float> w(2 * channels, 0.0f);
    w[0] = 1, w[1] = 2, w[2] = 3, w[channels] = 1, w[channels + 2] = -1;
    b.initializer(raw_floats("w", {2, channels, 1, 1}, w));
    b.initializer(raw_floats("b", {2}, {0.5f, -1}));
    b.node("Conv", {"image", "w", "b"}, {"conv_out"}, {mo::test::attr_ints("kernel_shape", {1, 1})},
           "conv");
    b.node("Relu", {"conv_out"}, {"y"}, {}, "relu");
    return b.save(dir, "conv.onnx");
}

// The conv model's output computed by hand for an input image [1,3,4,4].
std::vector<double> conv_reference(const std::vector<float>& image) {
    std::vector<double> out(2 * 16);
    for (int p = 0; p < 16; ++p) {
        const double c0 = image[p], c1 = image[16 + p], c2 = image[32 + p];
        out[p] = std::max(0.0, c0 + 2 * c1 + 3 * c2 + 0.5);
        out[16 + p] = std::max(0.0, c0 - c2 - 1);
    }
    return out;
}

std::vector<float> sample_image() {
    std::vector<float> v(48);
    for (int i = 0; i < 48; ++i) v[i] = static_cast<float>((i * 37) % 23) * 0.5f - 4.0f;
    return v;
}

} // namespace

TEST_CASE("--input NODE and --output NODE: the cut model computes exactly the sub-graph") {
    mo::test::TempDir dir;
    const fs::path model = chain_model(dir);
    const Tensor v = f32({1, 4}, {-3, -1, 0.5f, 2});
    SUBCASE("a node name: the new input feeds its data input") {
        auto g = convert(model, dir, {"--input", "inc", "--output", "act"});
        REQUIRE(g->parameters().size() == 1);
        CHECK(g->parameters()[0]->name == "inc/placeholder_port_0");
        CHECK(count(*g, "Multiply") == 0);
        CHECK(count(*g, "Sigmoid") == 0);
        CHECK(count(*g, "Subtract") == 0);
        // relu(v + 1)
        check_close(run_ir(*g, {{"inc/placeholder_port_0", v}}, "act_out"), {0, 0, 1.5, 3});
    }
    SUBCASE("port syntax: NODE:PORT as input, PORT:NODE as output") {
        auto g = convert(model, dir, {"--input", "double:0", "--output", "0:shift"});
        REQUIRE(g->parameters().size() == 1);
        CHECK(g->parameters()[0]->name == "double/placeholder_out_port_0");
        check_close(run_ir(*g, {{"doubled", v}}, "act_out"), {0, 0, 1.5, 3});
    }
    SUBCASE("a shape and a type on a cut input") {
        auto g = convert(model, dir, {"--input", "inc[2,4]{f32}", "--output", "act"});
        CHECK(g->parameters()[0]->output_shape(0) == PartialShape({2, 4}));
    }
}

TEST_CASE("--output with a name that does not exist lists close matches and writes nothing") {
    mo::test::TempDir dir;
    const fs::path model = chain_model(dir);
    check_fails(model, dir, {"--output", "actt"},
                "--output 'actt': no node or tensor named 'actt'");
    check_fails(model, dir, {"--output", "actt"}, "close matches: 'act'");
    check_fails(model, dir, {"--input", "3:inc"}, "Add 'inc' has no input port 3");
    check_fails(model, dir, {"--input", "incc"}, "close matches: 'inc'");
}

TEST_CASE("frozen values: inputs become constants and what follows is folded") {
    mo::test::TempDir dir;
    // x[2,3] f32 and target[2] i64: y = Relu(Reshape(x, target)); s[3]: z = x * exp(s).
    ModelBuilder b;
    b.input("x", {2, 3}).input("target", {2}, onnx::TensorProto_DataType_INT64).input("s", {3});
    b.output("y").output("z");
    b.node("Reshape", {"x", "target"}, {"reshaped"}, {}, "reshape");
    b.node("Relu", {"reshaped"}, {"y"}, {}, "relu");
    b.node("Exp", {"s"}, {"exp_s"}, {}, "exp");
    b.node("Mul", {"x", "exp_s"}, {"z"}, {}, "mul");
    const fs::path model = b.save(dir, "frozen.onnx");
    const Tensor x = f32({2, 3}, {1, -2, 3, -4, 5, -6});

    auto g = convert(model, dir, {"--input", "x,target->[3 2],s->[0 1 2]"});
    REQUIRE(g->parameters().size() == 1);
    CHECK(g->parameters()[0]->name == "x");
    CHECK(count(*g, "Exp") == 0); // exp(s) was folded into a constant
    auto out = mo::evaluate(*g, {{"x", x}});
    std::map<std::string, Tensor> by_name;
    for (auto& r : out) by_name[r.name] = r.value;
    REQUIRE(by_name.count("y"));
    CHECK(by_name["y"].shape() == mo::Shape{3, 2});
    check_close(by_name["y"], {1, 0, 3, 0, 5, 0});
    const double e = std::exp(1.0), e2 = std::exp(2.0);
    check_close(by_name["z"], {1, -2 * e, 3 * e2, -4, 5 * e, -6 * e2});

    SUBCASE("a typed single value fills the input's shape") {
        auto g2 = convert(model, dir, {"--input", "x,target{i32}->[6 1],s->1"});
        auto out2 = mo::evaluate(*g2, {{"x", x}});
        for (auto& r : out2) {
            if (r.name == "y") CHECK(r.value.shape() == mo::Shape{6, 1});
            if (r.name == "z") check_close(r.value, {e, -2 * e, 3 * e, -4 * e, 5 * e, -6 * e});
        }
    }
    SUBCASE("values that do not fit the input are one-line errors") {
        check_fails(model, dir, {"--input", "x,target->[3 2 1],s->1"},
                    "3 values given for shape [2]");
        check_fails(model, dir, {"--input", "x,target->[3 a],s->1"}, "'a' is not an integer");
    }
}

TEST_CASE("--input_shape, --batch and --static_shape through the converter") {
    mo::test::TempDir dir;
    const fs::path model = conv_model(dir, -1);
    SUBCASE("--input_shape") {
        auto g = convert(model, dir, {"--input_shape", "[2,3,4,4]"});
        CHECK(g->parameters()[0]->output_shape(0) == PartialShape({2, 3, 4, 4}));
        CHECK(g->results()[0]->input(0).shape() == PartialShape({2, 2, 4, 4}));
    }
    SUBCASE("--batch") {
        auto g = convert(model, dir, {"-b", "3"});
        CHECK(g->parameters()[0]->output_shape(0) == PartialShape({3, 3, 4, 4}));
        CHECK(g->results()[0]->input(0).shape() == PartialShape({3, 2, 4, 4}));
    }
    SUBCASE("a real export with Dropout: the new shape reaches every node") {
        auto g = convert(fs::path(MO_SOURCE_DIR) / "examples" / "tiny_cnn.onnx", dir,
                         {"--input_shape", "[2,3,64,64]"});
        CHECK(g->results()[0]->input(0).shape() == PartialShape({2, 4}));
        CHECK(count(*g, "onnx.Dropout") == 0);
    }
    SUBCASE("a shape the model cannot take names the node") {
        check_fails(model, dir, {"--input_shape", "[1,5,4,4]"}, "Convolution 'conv");
        check_fails(model, dir, {"--input_shape", "[1,3,4,4],[1,2]"}, "2 shapes");
        check_fails(model, dir, {"--batch", "0"}, "--batch must be a positive integer");
    }
    SUBCASE("--static_shape folds shape computations") {
        // x[?,6] -> Reshape(x, Shape(x)) "same" -> Relu -> y: with a static shape the ShapeOf
        // becomes a constant.
        ModelBuilder b;
        b.input("x", {-1, 6}).output("y");
        b.node("Shape", {"x"}, {"x_shape"}, {}, "shape");
        b.node("Reshape", {"x", "x_shape"}, {"same"}, {}, "same");
        b.node("Relu", {"same"}, {"y"}, {}, "relu");
        const fs::path dyn = b.save(dir, "dyn.onnx");
        auto g = convert(dyn, dir, {"--input_shape", "[2,6]", "--static_shape"});
        CHECK(count(*g, "ShapeOf") == 0);
        CHECK(g->results()[0]->input(0).shape() == PartialShape({2, 6}));
        check_fails(dyn, dir, {"--static_shape"}, "--static_shape: input 'x' has shape [?,6]");
    }
}

TEST_CASE("--mean_values and --scale_values equal preprocessing the input by hand") {
    mo::test::TempDir dir;
    const fs::path model = conv_model(dir);
    const std::vector<float> image = sample_image();
    const std::vector<double> mean{1, 2, 3}, scale{2, 4, 8};
    std::vector<float> by_hand(image);
    for (int c = 0; c < 3; ++c)
        for (int p = 0; p < 16; ++p)
            by_hand[c * 16 + p] = static_cast<float>((image[c * 16 + p] - mean[c]) / scale[c]);

    auto g = convert(model, dir, {"--mean_values", "[1,2,3]", "--scale_values", "image[2,4,8]"});
    check_close(run_ir(*g, {{"image", f32({1, 3, 4, 4}, image)}}, "y"), conv_reference(by_hand));
    // Fused into the 1x1 convolution by the rules: the input feeds the Convolution directly.
    const Node* input = g->parameters()[0];
    REQUIRE(input->consumers(0).size() == 1);
    CHECK(input->consumers(0)[0].node->type() == "Convolution");
    CHECK(count(*g, "Multiply") == 0);

    SUBCASE("--scale divides every input") {
        auto g2 = convert(model, dir, {"--scale", "255"});
        std::vector<float> scaled(image);
        for (auto& v : scaled) v /= 255.0f;
        check_close(run_ir(*g2, {{"image", f32({1, 3, 4, 4}, image)}}, "y"), conv_reference(scaled),
                    1e-4);
    }
    SUBCASE("wrong channel counts are errors") {
        check_fails(model, dir, {"--mean_values", "[1,2]"},
                    "2 values given for input 'image', which has 3 channels");
        check_fails(model, dir, {"--scale_values", "img[1,2,3]"}, "'img' is not a model input");
    }
}

TEST_CASE("--reverse_input_channels: the IR on BGR equals the model on RGB; 3 channels only") {
    mo::test::TempDir dir;
    const fs::path model = conv_model(dir);
    const std::vector<float> image = sample_image();
    std::vector<float> reversed(image);
    for (int p = 0; p < 16; ++p) std::swap(reversed[p], reversed[32 + p]);
    auto g = convert(model, dir, {"--reverse_input_channels"});
    check_close(run_ir(*g, {{"image", f32({1, 3, 4, 4}, reversed)}}, "y"), conv_reference(image));

    SUBCASE("with mean values in the model's channel order") {
        auto g2 = convert(model, dir, {"--reverse_input_channels", "--mean_values", "[1,2,3]"});
        std::vector<float> centred(image);
        for (int c = 0; c < 3; ++c)
            for (int p = 0; p < 16; ++p) centred[c * 16 + p] -= static_cast<float>(c + 1);
        check_close(run_ir(*g2, {{"image", f32({1, 3, 4, 4}, reversed)}}, "y"),
                    conv_reference(centred));
    }
    SUBCASE("a model without a 3-channel input is rejected") {
        const fs::path four = conv_model(dir, 1, 4);
        check_fails(four, dir, {"--reverse_input_channels"},
                    "--reverse_input_channels: no model input has 3 channels on axis 1");
    }
}

TEST_CASE("--data_type FP16: f16 weights decompressed by Convert(f32), results within 1e-2") {
    mo::test::TempDir dir;
    // x[1,3,4,4] -> Conv(w[4,3,3,3], pad 1) -> Mul(big = 1e5, beyond f16) -> Mul(1e-5) -> y
    ModelBuilder b;
    b.input("x", {1, 3, 4, 4}).output("y");
    std::vector<float> w(4 * 3 * 3 * 3);
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = std::sin(static_cast<float>(i) * 0.7f) * 0.3f;
    b.initializer(raw_floats("w", {4, 3, 3, 3}, w));
    b.initializer(raw_floats("big", {1}, {1.0e5f}));
    b.initializer(raw_floats("small", {1}, {1.0e-5f}));
    b.node("Conv", {"x", "w"}, {"c"},
           {mo::test::attr_ints("kernel_shape", {3, 3}), mo::test::attr_ints("pads", {1, 1, 1, 1})},
           "conv");
    b.node("Mul", {"c", "big"}, {"up"}, {}, "up");
    b.node("Mul", {"up", "small"}, {"y"}, {}, "down");
    const fs::path model = b.save(dir, "fp16.onnx");
    const Tensor x = f32({1, 3, 4, 4}, sample_image());

    auto fp32 = convert(model, dir, {"--disable_fusing"});
    const Tensor reference = run_ir(*fp32, {{"x", x}}, "y");

    for (const std::string flag : {"--data_type=FP16", "--compress_to_fp16"}) {
        CAPTURE(flag);
        auto g = convert(model, dir, {flag, "--disable_fusing"});
        std::size_t f16_consts = 0;
        for (const Node* n : g->nodes()) {
            if (!n->is_const()) continue;
            if (n->value.type() == ElementType::f16) {
                ++f16_consts;
                REQUIRE(n->consumers(0).size() == 1);
                const Node& convert_node = *n->consumers(0)[0].node;
                CHECK(convert_node.type() == "Convert");
                CHECK(convert_node.attrs.get_string("destination_type") == "f32");
                CHECK(convert_node.output_type(0) == ElementType::f32);
            } else if (n->value.type() == ElementType::f32) {
                // Only the value beyond the f16 range stays f32.
                CHECK(n->value.size() == 1);
                CHECK(n->value.value_as_double(0) == doctest::Approx(1.0e5));
            }
        }
        CHECK(f16_consts == 2); // w and small
        const std::string xml = slurp(dir / "ir" / "m.xml");
        CHECK(xml.find("element_type=\"f16\"") != std::string::npos);
        CHECK(xml.find("destination_type=\"f32\"") != std::string::npos);
        const Tensor got = run_ir(*g, {{"x", x}}, "y");
        REQUIRE(got.size() == reference.size());
        for (std::int64_t i = 0; i < got.size(); ++i)
            CHECK(std::fabs(got.value_as_double(i) - reference.value_as_double(i)) <= 1e-2);
    }
    SUBCASE("--disable_weights_compression keeps f32") {
        auto g = convert(model, dir, {"--data_type", "FP16", "--disable_weights_compression"});
        CHECK(count(*g, "Convert") == 0);
    }
    SUBCASE("an unknown data type") {
        check_fails(model, dir, {"--data_type", "FP8"}, "--data_type must be FP32 or FP16");
    }
}

TEST_CASE("the shipped detection example: post-processing becomes one DetectionOutput") {
    mo::test::TempDir dir;
    auto g =
        convert(kExamples / "ssd_tiny.onnx", dir,
                {"--transformations_config", (kExamples / "ssd_postprocessing.json").string()});
    CHECK(count(*g, "DetectionOutput") == 1);
    CHECK(count(*g, "Exp") == 0);
    CHECK(count(*g, "Concat") == 0);
    REQUIRE(g->results().size() == 1);
    const Node& det = *g->results()[0]->input(0).node;
    CHECK(det.type() == "DetectionOutput");
    CHECK(det.name == "postprocess/boxes");
    CHECK(det.output_shape(0) == PartialShape({1, 1, 10, 7})); // [1, 1, N * keep_top_k, 7]
    CHECK(det.input_shape(0) == PartialShape({1, 128}));       // 32 priors * 4
    CHECK(det.input_shape(1) == PartialShape({1, 96}));        // 32 priors * 3 classes
    CHECK(det.input_shape(2) == PartialShape({1, 2, 128}));    // priors and variances
    CHECK(det.producer(1).type() == "Reshape");                // the head's flattened softmax
    CHECK(det.attrs.get_string("code_type") == "caffe.PriorBoxParameter.CENTER_SIZE");
}

TEST_CASE("the shipped scope example: Swish blocks replaced, numbers unchanged") {
    mo::test::TempDir dir;
    const fs::path model = kExamples / "swish_tiny.onnx";
    auto plain = convert(model, dir, {"--disable_fusing"});
    CHECK(count(*plain, "Sigmoid") == 2);
    std::vector<float> input(3 * 64);
    for (std::size_t i = 0; i < input.size(); ++i) input[i] = std::cos(static_cast<float>(i)) * 2;
    const Tensor x = f32({1, 3, 8, 8}, input);
    const Tensor before = run_ir(*plain, {{"x", x}}, "y");
    auto g = convert(
        model, dir,
        {"--disable_fusing", "--replacement-config", (kExamples / "swish_scope.json").string()});
    CHECK(count(*g, "Swish") == 2);
    CHECK(count(*g, "Sigmoid") == 0);
    CHECK(count(*g, "Subtract") == 0);
    check_close(run_ir(*g, {{"x", x}}, "y"), before.to_doubles(), 1e-4, 1e-5);
}

TEST_CASE("replacement config errors are one line with the entry, id and key") {
    mo::test::TempDir dir;
    const fs::path model = chain_model(dir);
    const fs::path cfg = dir / "bad.json";
    mo::test::write_file(cfg, R"([{"id": "a", "match_kind": "scope", "instances": ["inc"],
        "replacement": {"op": "Relu"}}, {"id": "b", "match_kind": "scopes"}])");
    check_fails(model, dir, {"--replacement-config", cfg.string()},
                "entry 2 (id 'b'): key 'match_kind'");
}

TEST_CASE("reporting: progress lines off a terminal, the summary, --silent and --log_level") {
    mo::test::TempDir dir;
    const fs::path model = conv_model(dir);
    CliRun r;
    convert(model, dir, {"--progress"}, &r);
    CHECK(r.out.find("[ PROGRESS ] 1/7 loading rules") != std::string::npos);
    CHECK(r.out.find("writing IR") != std::string::npos);
    CHECK(r.out.find("\x1b[") == std::string::npos); // no terminal control codes in a pipe
    CHECK(r.out.find("[ SUCCESS ] XML file: ") != std::string::npos);
    CHECK(r.out.find("m.bin") != std::string::npos);
    CHECK(r.out.find(" ops read, ") != std::string::npos);
    CHECK(r.out.find(" rewrites, ") != std::string::npos);

    convert(model, dir, {"--progress", "--silent"}, &r);
    CHECK(r.out.empty());
    convert(model, dir, {"--log_level", "INFO"}, &r);
    CHECK(r.out.find("[ INFO ] read ") != std::string::npos);
    check_fails(model, dir, {"--log_level", "LOUD"}, "--log_level must be");
}

TEST_CASE("mo info --nodes lists the node names that configs and --input/--output use") {
    const CliRun r = mo_cli({"info", (kExamples / "ssd_tiny.onnx").string(), "--nodes"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.find("  postprocess/loc_reshape: Reshape -> f32 [1,32,4]\n") != std::string::npos);
    CHECK(r.out.find("  postprocess/boxes: Concat -> f32 [1,32,4]\n") != std::string::npos);
    CHECK(r.out.find("  priorbox: Const -> f32 [1,2,128]\n") != std::string::npos);
    const CliRun bad = mo_cli({"info", (kExamples / "ssd_tiny.onnx").string(), "--node"});
    CHECK(bad.code == 1);
    CHECK(bad.err.find("usage: mo info MODEL [--nodes]") != std::string::npos);
}

TEST_CASE("a replacement entry can run a named rule on its match only") {
    mo::test::TempDir dir;
    const fs::path model = kExamples / "swish_tiny.onnx";
    const fs::path cfg = dir / "rule.json";
    mo::test::write_file(cfg, R"([{"id": "SwishByRule", "match_kind": "scope",
        "instances": ["act1/"], "replacement": {"rule": "SwishFromSigmoid"}}])");
    // --disable_fusing keeps the library from fusing act2/ as well: only the match is rewritten.
    auto g = convert(model, dir, {"--disable_fusing", "--replacement-config", cfg.string()});
    CHECK(count(*g, "Swish") == 1);
    CHECK(count(*g, "Sigmoid") == 1);
    for (const Node* n : g->nodes()) CHECK(n->name.find("mo-outside") == std::string::npos);

    const fs::path general = dir / "general.json";
    mo::test::write_file(general, R"([{"id": "Everywhere", "match_kind": "general",
        "replacement": {"rule": "SwishFromSigmoid"}}])");
    auto g2 = convert(model, dir, {"--disable_fusing", "--replacement-config", general.string()});
    CHECK(count(*g2, "Swish") == 2);

    const fs::path unknown = dir / "unknown.json";
    mo::test::write_file(unknown, R"([{"id": "U", "match_kind": "scope", "instances": ["act1/"],
        "replacement": {"rule": "NoSuchRule"}}])");
    check_fails(model, dir, {"--replacement-config", unknown.string()},
                "entry 1 (id 'U'): instance 'act1/': key 'replacement.rule': no rule named "
                "'NoSuchRule'");
    const fs::path no_match = dir / "no_match.json";
    mo::test::write_file(no_match, R"([{"id": "N", "match_kind": "scope", "instances": ["norm/"],
        "replacement": {"rule": "SwishFromSigmoid"}}])");
    check_fails(model, dir, {"--replacement-config", no_match.string()},
                "rule 'SwishFromSigmoid' does not apply to the match");
}
