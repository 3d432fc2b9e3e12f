// End to end: an ONNX model with ResNet v1 blocks (the downsampling block's 1x1 stride-2
// convolutions both read the previous block's output) converts with the stride moved into the
// previous block's 3x3 convolution and a MaxPool-1 on its shortcut; the IR computes what the IR
// converted with --disable_resnet_optimization computes.
#include "../onnx/onnx_model_builder.hpp"
#include "cli_test_utils.hpp"
#include "frontends/ir/ir_reader.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <cmath>

using mo::test::mo_cli;

namespace {

// Deterministic small weights.
std::vector<float> values(std::size_t n, int seed) {
    std::vector<float> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = static_cast<float>((static_cast<int>(i) * 7 + seed * 13) % 17 - 8) / 16.0f;
    return v;
}

// Conv(in, W, B) named `name`, W [out, in_ch, k, k], stride s, symmetric padding (k - 1) / 2.
void conv(mo::test::ModelBuilder& m, const std::string& name, const std::string& in,
          std::int64_t in_ch, std::int64_t out, std::int64_t k, std::int64_t s, int seed) {
    const std::int64_t p = (k - 1) / 2;
    m.initializer(
        mo::test::raw_floats(name + "_W", {out, in_ch, k, k},
                             values(static_cast<std::size_t>(out * in_ch * k * k), seed)));
    m.initializer(
        mo::test::raw_floats(name + "_B", {out}, values(static_cast<std::size_t>(out), seed + 1)));
    m.node("Conv", {in, name + "_W", name + "_B"}, {name},
           {mo::test::attr_ints("kernel_shape", {k, k}), mo::test::attr_ints("strides", {s, s}),
            mo::test::attr_ints("pads", {p, p, p, p})},
           name);
}

std::filesystem::path resnet_v1_model(const mo::test::TempDir& dir) {
    mo::test::ModelBuilder m;
    m.input("data", {1, 8, 9, 9});
    m.node("Relu", {"data"}, {"res2b_relu"}, {}, "res2b_relu");
    conv(m, "res2c_branch2a", "res2b_relu", 8, 4, 1, 1, 1);
    m.node("Relu", {"res2c_branch2a"}, {"res2c_branch2a_relu"}, {}, "res2c_branch2a_relu");
    conv(m, "res2c_branch2b", "res2c_branch2a_relu", 4, 4, 3, 1, 2);
    m.node("Relu", {"res2c_branch2b"}, {"res2c_branch2b_relu"}, {}, "res2c_branch2b_relu");
    conv(m, "res2c_branch2c", "res2c_branch2b_relu", 4, 8, 1, 1, 3);
    m.node("Add", {"res2b_relu", "res2c_branch2c"}, {"res2c"}, {}, "res2c");
    m.node("Relu", {"res2c"}, {"res2c_relu"}, {}, "res2c_relu");
    conv(m, "res3a_branch1", "res2c_relu", 8, 16, 1, 2, 4);
    conv(m, "res3a_branch2a", "res2c_relu", 8, 4, 1, 2, 5);
    m.node("Relu", {"res3a_branch2a"}, {"res3a_branch2a_relu"}, {}, "res3a_branch2a_relu");
    conv(m, "res3a_branch2b", "res3a_branch2a_relu", 4, 4, 3, 1, 6);
    m.node("Relu", {"res3a_branch2b"}, {"res3a_branch2b_relu"}, {}, "res3a_branch2b_relu");
    conv(m, "res3a_branch2c", "res3a_branch2b_relu", 4, 16, 1, 1, 7);
    m.node("Add", {"res3a_branch1", "res3a_branch2c"}, {"res3a"}, {}, "res3a");
    m.node("Relu", {"res3a"}, {"prob"}, {}, "res3a_relu");
    m.output("prob");
    return m.save(dir, "resnet_v1.onnx");
}

const mo::Node* named(const mo::Graph& g, const std::string& name) {
    for (const mo::Node* n : g.nodes())
        if (n->name == name) return n;
    return nullptr;
}

} // namespace

TEST_CASE("ResNet v1: the downsampling stride moves up to the previous 3x3 convolution") {
    mo::test::TempDir dir;
    const auto model = resnet_v1_model(dir);
    auto r = mo_cli({"-m", model.string(), "-o", (dir / "on").string()});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    r = mo_cli(
        {"-m", model.string(), "-o", (dir / "off").string(), "--disable_resnet_optimization"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const auto on = mo::ir::read_ir(dir / "on" / "resnet_v1.xml");
    const auto off = mo::ir::read_ir(dir / "off" / "resnet_v1.xml");

    using S = std::vector<std::int64_t>;
    // An ONNX Conv with a bias is a Convolution and an Add, which carries the name.
    auto strides = [](const mo::Graph& g, const std::string& name) {
        const mo::Node* n = named(g, name);
        REQUIRE_MESSAGE(n, name);
        if (n->type() == "Add") n = &n->producer(0);
        REQUIRE(n->type() == "Convolution");
        return n->attrs.get_ints("strides");
    };
    CHECK(strides(*on, "res2c_branch2b") == S{2, 2});
    CHECK(strides(*on, "res3a_branch1") == S{1, 1});
    CHECK(strides(*on, "res3a_branch2a") == S{1, 1});
    CHECK(strides(*off, "res2c_branch2b") == S{1, 1});
    CHECK(strides(*off, "res3a_branch1") == S{2, 2});
    // One MaxPool-1 (1x1 kernel, stride 2) subsamples the shortcut res2b_relu for res2c.
    const auto pools = mo::test::nodes_of(*on, "MaxPool");
    REQUIRE(pools.size() == 1);
    CHECK(pools[0]->opset() == 1);
    CHECK(pools[0]->attrs.get_ints("kernel") == S{1, 1});
    CHECK(pools[0]->producer(0).name == "res2b_relu");
    CHECK(mo::test::nodes_of(*off, "MaxPool").empty());

    mo::Tensor x(mo::ElementType::f32, mo::Shape{1, 8, 9, 9});
    for (std::int64_t i = 0; i < x.size(); ++i)
        x.mutable_data<float>()[i] = static_cast<float>((i * 31 % 19) - 9) / 5.0f;
    const auto a = mo::evaluate(*off, {{"data", x}});
    const auto b = mo::evaluate(*on, {{"data", x}});
    REQUIRE(a.size() == 1);
    REQUIRE(b.size() == 1);
    REQUIRE(a[0].value.shape() == b[0].value.shape());
    CHECK(a[0].value.shape() == mo::Shape{1, 16, 5, 5});
    for (std::int64_t i = 0; i < a[0].value.size(); ++i)
        CHECK(std::abs(a[0].value.value_as_double(i) - b[0].value.value_as_double(i)) <=
              1e-5 + 1e-4 * std::abs(a[0].value.value_as_double(i)));
}
