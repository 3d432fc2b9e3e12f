// End to end: `mo` converts the bundled example, the IR computes what ONNX Runtime computes, the
// optimizer removed what it must, and the output is deterministic.
#include "cli/app.hpp"
#include "cli_test_utils.hpp"
#include "frontends/ir/ir_reader.hpp"
#include "engine/io/npy.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

using mo::test::CliRun;
using mo::test::mo_cli;

namespace {

const fs::path kExamples = fs::path(MO_SOURCE_DIR) / "examples";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("mo_convert_test_" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("the example converts, and its IR matches ONNX Runtime's output") {
    TempDir dir;
    auto r = mo_cli({"--input_model", (kExamples / "tiny_cnn.onnx").string(), "--output_dir",
                     dir.path.string()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.find("tiny_cnn.xml") != std::string::npos);
    REQUIRE(fs::exists(dir.path / "tiny_cnn.xml"));
    REQUIRE(fs::exists(dir.path / "tiny_cnn.bin"));

    auto graph = mo::ir::read_ir(dir.path / "tiny_cnn.xml");
    std::map<std::string, int> ops;
    for (const mo::Node* n : graph->nodes()) ++ops[n->type()];
    // The optimizer removed training-only nodes and folded BatchNorm into the convolution.
    CHECK(ops.count("onnx.Dropout") == 0);
    CHECK(ops.count("onnx.Identity") == 0);
    CHECK(ops.count("BatchNormInference") == 0);
    CHECK(ops["Convolution"] == 2);

    // Reference: ONNX Runtime's output for the same input (examples/tiny_cnn_reference).
    const fs::path ref = kExamples / "tiny_cnn_reference";
    const mo::Tensor input = mo::io::read_npy(ref / "inputs" / "input.npy");
    const mo::Tensor expected = mo::io::read_npy(ref / "outputs" / "probabilities.npy");
    const auto outputs = mo::evaluate(*graph, {{"input", input}});
    REQUIRE(outputs.size() == 1);
    CHECK(outputs[0].name == "probabilities");
    REQUIRE(outputs[0].value.shape() == expected.shape());
    for (std::int64_t i = 0; i < expected.size(); ++i)
        CHECK(std::abs(outputs[0].value.value_as_double(i) - expected.value_as_double(i)) <=
              1e-5 + 1e-3 * std::abs(expected.value_as_double(i)));
}

TEST_CASE("the same model and flags give byte-identical IR files") {
    TempDir dir;
    const std::string model = (kExamples / "tiny_cnn.onnx").string();
    // Same flags, output directory included (it is recorded in <rt_info>): convert, keep a copy,
    // convert again.
    const auto out = (dir.path / "ir").string();
    REQUIRE(mo_cli({"-m", model, "-o", out}).code == 0);
    const std::string first_xml = slurp(dir.path / "ir" / "tiny_cnn.xml");
    const std::string first_bin = slurp(dir.path / "ir" / "tiny_cnn.bin");
    REQUIRE(mo_cli({"-m", model, "-o", out}).code == 0);
    CHECK(first_xml == slurp(dir.path / "ir" / "tiny_cnn.xml"));
    CHECK(first_bin == slurp(dir.path / "ir" / "tiny_cnn.bin"));
}

TEST_CASE("--model_name, --ir_version 10 and the recorded conversion parameters") {
    TempDir dir;
    auto r = mo_cli({"-m", (kExamples / "tiny_cnn.onnx").string(), "-o", dir.path.string(), "-n",
                     "net", "--ir_version", "10"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const std::string xml = slurp(dir.path / "net.xml");
    CHECK(xml.find("version=\"10\"") != std::string::npos);
    CHECK(xml.find("input_model") != std::string::npos);
    CHECK(xml.find("opset8") == std::string::npos); // v10 allows opset1..opset7 only
}

TEST_CASE("mo run evaluates an IR on .npy inputs and writes .npy outputs with a manifest") {
    TempDir dir;
    REQUIRE(mo_cli({"-m", (kExamples / "tiny_cnn.onnx").string(), "-o", dir.path.string()}).code ==
            0);
    const fs::path ref = kExamples / "tiny_cnn_reference";
    auto r = mo_cli({"run", (dir.path / "tiny_cnn.xml").string(), "--input_dir",
                     (ref / "inputs").string(), "--output_dir", (dir.path / "out").string()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    REQUIRE(fs::exists(dir.path / "out" / "manifest.json"));
    const mo::Tensor got = mo::io::read_npy(dir.path / "out" / "probabilities.npy");
    const mo::Tensor expected = mo::io::read_npy(ref / "outputs" / "probabilities.npy");
    REQUIRE(got.shape() == expected.shape());
    for (std::int64_t i = 0; i < got.size(); ++i)
        CHECK(got.value_as_double(i) == doctest::Approx(expected.value_as_double(i)).epsilon(1e-3));

    SUBCASE("a wrong input name is named with the model's inputs") {
        auto bad = mo_cli({"run", (dir.path / "tiny_cnn.xml").string(), "--input",
                           "image=" + (ref / "inputs" / "input.npy").string()});
        CHECK(bad.code == 1);
        CHECK(bad.err.find("'image'") != std::string::npos);
        CHECK(bad.err.find("input") != std::string::npos);
    }
    SUBCASE("an input of the wrong shape is named with both shapes") {
        auto bad = mo_cli({"run", (dir.path / "tiny_cnn.xml").string(), "--input",
                           "input=" + (dir.path / "out" / "probabilities.npy").string()});
        CHECK(bad.code == 1);
        CHECK(bad.err.find("[1,4]") != std::string::npos);
    }
}

TEST_CASE("mo info summarises inputs, outputs and operations") {
    auto r = mo_cli({"info", (kExamples / "tiny_cnn.onnx").string()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.find("input: f32 [1,3,32,32]") != std::string::npos);
    CHECK(r.out.find("probabilities: f32 [1,4]") != std::string::npos);
    CHECK(r.out.find("Convolution: 2") != std::string::npos);
}

TEST_CASE("constants nothing reads are not written, even when no rule fires") {
    // x[1,2,4,4] -> Conv(W, B) -> y, plus an initializer no node uses.
    onnx::ModelProto m;
    m.set_ir_version(7);
    m.add_opset_import()->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("g");
    auto add_value = [](onnx::ValueInfoProto* v, const std::string& name,
                        std::vector<std::int64_t> dims) {
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto::FLOAT);
        for (auto d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
    };
    add_value(g->add_input(), "x", {1, 2, 4, 4});
    add_value(g->add_output(), "y", {1, 3, 4, 4});
    auto add_init = [&](const std::string& name, std::vector<std::int64_t> dims, std::size_t n) {
        auto* t = g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        for (auto d : dims) t->add_dims(d);
        for (std::size_t i = 0; i < n; ++i) t->add_float_data(0.5f + static_cast<float>(i));
    };
    add_init("W", {3, 2, 1, 1}, 6);
    add_init("B", {3}, 3);
    add_init("unused", {5}, 5);
    auto* n = g->add_node();
    n->set_op_type("Conv");
    n->set_name("conv");
    for (const char* in : {"x", "W", "B"}) n->add_input(in);
    n->add_output("y");
    TempDir dir;
    const fs::path model = dir.path / "conv.onnx";
    {
        std::ofstream out(model, std::ios::binary);
        m.SerializeToOstream(&out);
    }
    const CliRun r = mo_cli({"-m", model.string(), "-o", dir.path.string(), "--log_level", "INFO"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.find(" 0 rewrites") != std::string::npos);
    const auto graph = mo::ir::read_ir(dir.path / "conv.xml");
    std::vector<mo::Shape> const_shapes;
    for (const mo::Node* node : graph->nodes())
        if (node->is_const()) const_shapes.push_back(node->value.shape());
    // The weights and the bias in its broadcastable form; not the [3] bias nor the unused [5].
    REQUIRE(const_shapes.size() == 2);
    CHECK(std::count(const_shapes.begin(), const_shapes.end(), mo::Shape{3, 2, 1, 1}) == 1);
    CHECK(std::count(const_shapes.begin(), const_shapes.end(), mo::Shape{1, 3, 1, 1}) == 1);
}

TEST_CASE("mo run names an output by the model's output name and lists the tensor's other names") {
    // Dropout(x) -> y, mask: once Dropout is removed, y's port carries both names "x" and "y".
    const fs::path model =
        "/usr/share/libonnx-testdata/data/node/test_dropout_default_mask/model.onnx";
    if (!fs::exists(model)) return; // libonnx-testdata is a build dependency; be lenient here
    TempDir dir;
    REQUIRE(mo_cli({"-m", model.string(), "-o", dir.path.string(), "-n", "m"}).code == 0);
    mo::Tensor x(mo::ElementType::f32, mo::Shape{3, 4, 5});
    mo::io::write_npy(dir.path / "x.npy", x);
    auto r = mo_cli({"run", (dir.path / "m.xml").string(), "--input",
                     "x=" + (dir.path / "x.npy").string(), "-o", (dir.path / "out").string()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(fs::exists(dir.path / "out" / "y.npy"));
    CHECK_FALSE(fs::exists(dir.path / "out" / "x.npy"));
    const std::string manifest = slurp(dir.path / "out" / "manifest.json");
    CHECK(manifest.find("\"y\": \"y.npy\"") != std::string::npos);
    CHECK(manifest.find("\"x\": \"y.npy\"") != std::string::npos);
}

TEST_CASE("Acosh-3 is written as opset4, the first opset that holds it, and reads back") {
    const fs::path model = "/usr/share/libonnx-testdata/data/node/test_acosh/model.onnx";
    if (!fs::exists(model)) return;
    TempDir dir;
    REQUIRE(mo_cli({"-m", model.string(), "-o", dir.path.string(), "-n", "m"}).code == 0);
    CHECK(slurp(dir.path / "m.xml").find("type=\"Acosh\" version=\"opset4\"") != std::string::npos);
    auto g = mo::ir::read_ir(dir.path / "m.xml");
    bool found = false;
    for (const mo::Node* n : g->topological_order())
        if (n->type() == "Acosh") found = n->opset() == 3;
    CHECK(found);
}
