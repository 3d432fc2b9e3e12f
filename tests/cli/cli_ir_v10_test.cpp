// `mo --ir_version 10` end to end: a dim that depends on a model input's value stops the
// conversion with exit code 1, one line naming the node and the fix, and no files; with the input
// frozen as the message suggests, the IR is written with static dims.
#include "cli_test_utils.hpp"

#include <doctest/doctest.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fs = std::filesystem;
using mo::test::mo_cli;

namespace {

onnx::ValueInfoProto value(const std::string& name, int type, std::vector<std::int64_t> dims) {
    onnx::ValueInfoProto v;
    v.set_name(name);
    auto* t = v.mutable_type()->mutable_tensor_type();
    t->set_elem_type(type);
    auto* shape = t->mutable_shape();
    for (auto d : dims) shape->add_dim()->set_dim_value(d);
    return v;
}

// data[2,3,4] reshaped by the model input shape[3] (as ONNX's test_reshape_* models do).
fs::path write_reshape_model(const fs::path& dir) {
    onnx::ModelProto m;
    m.set_ir_version(7);
    m.add_opset_import()->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("g");
    *g->add_input() = value("data", onnx::TensorProto::FLOAT, {2, 3, 4});
    *g->add_input() = value("shape", onnx::TensorProto::INT64, {3});
    *g->add_output() = value("reshaped", onnx::TensorProto::FLOAT, {});
    auto* n = g->add_node();
    n->set_op_type("Reshape");
    n->set_name("reshape");
    n->add_input("data");
    n->add_input("shape");
    n->add_output("reshaped");
    const fs::path path = dir / "reshape.onnx";
    std::ofstream out(path, std::ios::binary);
    m.SerializeToOstream(&out);
    return path;
}

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("mo_ir_v10_test_" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
};

} // namespace

TEST_CASE("--ir_version 10: a shape from a model input is refused; frozen, it converts") {
    TempDir dir;
    const fs::path model = write_reshape_model(dir.path);
    const fs::path out = dir.path / "ir";

    auto refused = mo_cli({"-m", model.string(), "-o", out.string(), "--ir_version", "10"});
    CHECK(refused.code == 1);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK(refused.err.find("cannot write node 'reshape' in IR v10: Reshape output 0 has shape "
                           "[?,?,?]") != std::string::npos);
    CHECK(refused.err.find("model input 'shape'") != std::string::npos);
    CHECK(refused.err.find("--input \"shape->VALUE\"") != std::string::npos);
    CHECK((!fs::exists(out) || fs::is_empty(out)));

    // IR v11 writes the dynamic dims.
    REQUIRE(mo_cli({"-m", model.string(), "-o", out.string()}).code == 0);
    fs::remove_all(out);

    auto frozen = mo_cli({"-m", model.string(), "-o", out.string(), "--ir_version", "10", "--input",
                          "data,shape->[4 3 2]"});
    REQUIRE_MESSAGE(frozen.code == 0, frozen.err);
    std::ifstream in(out / "reshape.xml");
    const std::string xml{std::istreambuf_iterator<char>(in), {}};
    CHECK(xml.find("<dim>-1</dim>") == std::string::npos);
    CHECK(xml.find("<dim>4</dim>\n\t\t\t\t\t<dim>3</dim>\n\t\t\t\t\t<dim>2</dim>") !=
          std::string::npos);
}
