// Models that parse but cannot be converted: the error names the node and the reason.
#include "cli/app.hpp"

#include <doctest/doctest.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

onnx::ValueInfoProto float_value(const std::string& name,
                                 std::initializer_list<std::int64_t> dims) {
    onnx::ValueInfoProto v;
    v.set_name(name);
    auto* t = v.mutable_type()->mutable_tensor_type();
    t->set_elem_type(onnx::TensorProto::FLOAT);
    for (auto d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
    return v;
}

// A model with inputs a[2,3], b[...] and one node of `op_type` named "the_node".
fs::path write_model(const fs::path& dir, const std::string& op_type,
                     std::initializer_list<std::int64_t> b_dims) {
    onnx::ModelProto m;
    m.set_ir_version(7);
    m.add_opset_import()->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("g");
    *g->add_input() = float_value("a", {2, 3});
    *g->add_input() = float_value("b", b_dims);
    *g->add_output() = float_value("y", {});
    auto* n = g->add_node();
    n->set_op_type(op_type);
    n->set_name("the_node");
    n->add_input("a");
    n->add_input("b");
    n->add_output("y");
    fs::create_directories(dir);
    const fs::path path = dir / (op_type + ".onnx");
    std::ofstream out(path, std::ios::binary);
    m.SerializeToOstream(&out);
    return path;
}

struct Run {
    int code;
    std::string err;
};
Run convert(const fs::path& model, const fs::path& out_dir) {
    std::ostringstream out, err;
    std::vector<std::string> args{"--input_model", model.string(), "--output_dir",
                                  out_dir.string()};
    return {mo::cli::run(args, out, err), err.str()};
}

} // namespace

TEST_CASE("an unknown operation names the node and the op type, and writes nothing") {
    const fs::path dir = fs::temp_directory_path() / ("mo_cli_unknown_" + std::to_string(getpid()));
    const fs::path model = write_model(dir, "FrobnicateTensor", {2, 3});
    auto r = convert(model, dir / "out");
    CHECK(r.code == 1);
    CHECK_MESSAGE(r.err.find("the_node") != std::string::npos, r.err);
    CHECK_MESSAGE(r.err.find("FrobnicateTensor") != std::string::npos, r.err);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir / "out" / "FrobnicateTensor.xml"));
    fs::remove_all(dir);
}

TEST_CASE("a shape-inference failure names the node") {
    const fs::path dir = fs::temp_directory_path() / ("mo_cli_shape_" + std::to_string(getpid()));
    const fs::path model = write_model(dir, "Add", {4, 5}); // [2,3] + [4,5] do not broadcast
    auto r = convert(model, dir / "out");
    CHECK(r.code == 1);
    CHECK_MESSAGE(r.err.find("the_node") != std::string::npos, r.err);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir / "out" / "Add.xml"));
    CHECK_FALSE(fs::exists(dir / "out" / "Add.bin"));
    fs::remove_all(dir);
}
