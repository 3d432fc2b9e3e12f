// ONNX ops the front-end keeps as one framework node for the lower rules (rules/lower/onnx/), and
// the legacy rules of --ir_version 10 (rules/legacy/), end to end: convert, read the IR back,
// evaluate it with the reference evaluator on values worked out by hand.
#include "../onnx/onnx_model_builder.hpp"
#include "cli_test_utils.hpp"
#include "frontends/ir/ir_reader.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using mo::Graph;
using mo::Tensor;
using mo::test::attr_float;
using mo::test::attr_int;
using mo::test::ModelBuilder;
using mo::test::raw_floats;

namespace {

std::unique_ptr<Graph> convert(const fs::path& model, const mo::test::TempDir& dir,
                               std::vector<std::string> flags = {}) {
    std::vector<std::string> args{"--input_model",       model.string(), "--output_dir",
                                  (dir / "ir").string(), "--model_name", "m"};
    args.insert(args.end(), flags.begin(), flags.end());
    const mo::test::CliRun r = mo::test::mo_cli(args);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    return mo::ir::read_ir(dir / "ir" / "m.xml");
}

std::size_t count(const Graph& g, const std::string& type) {
    std::size_t n = 0;
    for (const mo::Node* node : g.nodes()) n += node->type() == type;
    return n;
}

Tensor output(const Graph& g, const std::map<std::string, Tensor>& inputs,
              const std::string& name) {
    for (auto& r : mo::evaluate(g, inputs))
        if (r.name == name) return r.value;
    FAIL("no output named " << name);
    return {};
}

void check_close(const Tensor& t, const std::vector<double>& expected) {
    REQUIRE(t.size() == static_cast<std::int64_t>(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i)
        CHECK(std::fabs(t.value_as_double(static_cast<std::int64_t>(i)) - expected[i]) <= 1e-5);
}

} // namespace

TEST_CASE("InstanceNormalization and LayerNormalization are lowered by rules/lower/onnx") {
    mo::test::TempDir dir;
    ModelBuilder m(17);
    m.input("x", {1, 2, 2}).input("t", {2, 2});
    m.initializer(raw_floats("scale", {2}, {2, 1}));
    m.initializer(raw_floats("bias", {2}, {0, 1}));
    m.initializer(raw_floats("ln_scale", {2}, {1, 1}));
    m.initializer(raw_floats("ln_bias", {2}, {0.5f, -0.5f}));
    m.node("InstanceNormalization", {"x", "scale", "bias"}, {"i"}, {attr_float("epsilon", 0.f)},
           "in");
    m.node("LayerNormalization", {"t", "ln_scale", "ln_bias"}, {"l"},
           {attr_int("axis", -1), attr_float("epsilon", 0.f)}, "ln");
    m.node("LayerNormalization", {"t", "ln_scale"}, {"k"}, {attr_float("epsilon", 0.f)}, "ln2");
    m.output("i").output("l").output("k");
    auto g = convert(m.save(dir), dir);
    CHECK(count(*g, "MVN") == 3);
    for (const mo::Node* n : g->nodes()) CHECK(n->type().rfind("onnx.", 0) == std::string::npos);

    const std::map<std::string, Tensor> in{
        {"x", Tensor::from_vector<float>({1, 2, 2}, {1, 3, 2, 6})},
        {"t", Tensor::from_vector<float>({2, 2}, {1, 3, 2, 6})}};
    // Per channel: (1, 3) and (2, 6) normalize to (-1, 1); scale 2, 1 and bias 0, 1.
    check_close(output(*g, in, "i"), {-2, 2, 0, 2});
    check_close(output(*g, in, "l"), {-0.5, 0.5, -0.5, 0.5});
    check_close(output(*g, in, "k"), {-1, 1, -1, 1});
}

TEST_CASE("--ir_version 10: an embedding lookup of token ids from a model input is Gather-7") {
    // Runtime issue item 6: Gather-8 with non-constant indices used to be refused in IR v10.
    mo::test::TempDir dir;
    ModelBuilder m(13);
    m.input("ids", {3}, onnx::TensorProto_DataType_INT64);
    m.initializer(raw_floats("table", {4, 2}, {0, 1, 2, 3, 4, 5, 6, 7}));
    m.node("Gather", {"table", "ids"}, {"e"}, {attr_int("axis", 0)}, "embedding");
    m.output("e");
    auto g = convert(m.save(dir), dir, {"--ir_version", "10"});
    std::size_t gather7 = 0;
    for (const mo::Node* n : g->nodes())
        if (n->type() == "Gather") gather7 += n->opset() == 7;
    CHECK(gather7 == 1);
    CHECK(count(*g, "Select") == 1);
    // Row -1 is the last one (3).
    const Tensor ids = Tensor::from_vector<std::int64_t>({3}, {-1, 0, 2});
    check_close(output(*g, {{"ids", ids}}, "e"), {6, 7, 0, 1, 4, 5});
}
