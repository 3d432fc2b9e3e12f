#include "cli/conversion_steps.hpp"
#include "engine/core/error.hpp"
#include "helpers.hpp"

using namespace mo;
using namespace mo::test;

namespace {
// x[1,3,4,4] -> Convolution(w[2,3,3,3]) -> Add(b) -> Reshape[1,8] -> MatMul(m[8,5]) ->
// Multiply(big) -> Result
struct SmallNet {
    Graph g;
    Node* big = nullptr;
    Node* weights = nullptr;
    SmallNet() {
        Node& x = g.add_parameter("x", ElementType::f32, PartialShape({1, 3, 4, 4}));
        weights = &g.add_const(ramp({2, 3, 3, 3}, 0.037f, -1.0f), "w");
        weights->port(0).names = {"w_tensor"};
        Node& conv =
            g.add("Convolution", 1, {x.output(0), weights->output(0)}, conv_attrs(), "conv");
        Node& b = g.add_const(f32({1, 2, 1, 1}, {0.25f, -0.5f}), "b");
        Node& add = g.add("Add", 1, {conv.output(0), b.output(0)}, {}, "add");
        Node& shape = g.add_const(Tensor::from_vector<std::int64_t>({2}, {1, 8}), "shape");
        Attributes special;
        special.set("special_zero", false);
        Node& flat = g.add("Reshape", 1, {add.output(0), shape.output(0)}, special, "flat");
        Node& m = g.add_const(ramp({8, 5}, 0.013f, -0.2f), "m");
        Node& mm = g.add("MatMul", 1, {flat.output(0), m.output(0)}, {}, "mm");
        // A factor beyond the f16 range: must stay f32.
        big = &g.add_const(f32({1}, {1.0e5f}), "big");
        Node& scaled = g.add("Multiply", 1, {mm.output(0), big->output(0)}, {}, "scaled");
        scaled.port(0).names = {"y"};
        g.add_result(scaled.output(0), "y/sink");
    }
};
} // namespace

TEST_CASE("FP16 compression: Const(f16) -> Convert(f32), integer and huge constants untouched") {
    SmallNet net;
    const Tensor input = ramp({1, 3, 4, 4}, 0.021f, -0.5f);
    const Tensor reference = outputs_of(net.g, {{"x", input}}).at("y");

    cli::apply_precision(net.g, args({"--data_type", "FP16"}));
    // w, b, m compressed; shape (i64) and big (> 65504) not. The rules replace a compressed
    // Const by a new one, found by name.
    CHECK(count_type(net.g, "Convert") == 3);
    CHECK(net.big->value.type() == ElementType::f32);
    const Node* weights = nullptr;
    for (const Node* n : net.g.nodes())
        if (n->name == "w/compressed") weights = n;
    REQUIRE(weights != nullptr);
    CHECK(weights->value.type() == ElementType::f16);
    CHECK(weights->name == "w/compressed");
    const Node& convert = *weights->consumers(0).at(0).node;
    CHECK(convert.type() == "Convert");
    CHECK(convert.name == "w");
    CHECK(convert.attrs.get_string("destination_type") == "f32");
    CHECK(convert.output_type(0) == ElementType::f32);
    CHECK(convert.port(0).names == std::vector<std::string>{"w_tensor"});
    CHECK(convert.consumers(0).at(0).node->type() == "Convolution");
    for (Node* n : net.g.nodes())
        if (n->is_const() && n->name == "shape") CHECK(n->value.type() == ElementType::i64);

    const Tensor compressed = outputs_of(net.g, {{"x", input}}).at("y");
    REQUIRE(compressed.size() == reference.size());
    for (std::int64_t i = 0; i < reference.size(); ++i) {
        const double r = reference.value_as_double(i);
        CHECK(std::fabs(compressed.value_as_double(i) - r) <= 1e-2 * std::max(1.0, std::fabs(r)));
    }
}

TEST_CASE("--compress_to_fp16 does the same; --disable_weights_compression and FP32 turn it off") {
    {
        SmallNet net;
        cli::apply_precision(net.g, args({"--compress_to_fp16"}));
        CHECK(count_type(net.g, "Convert") == 3);
    }
    {
        SmallNet net;
        cli::apply_precision(net.g, args({"--data_type", "FP16", "--disable_weights_compression"}));
        CHECK(count_type(net.g, "Convert") == 0);
    }
    {
        SmallNet net;
        cli::apply_precision(net.g, args({"--data_type", "FP32"}));
        CHECK(count_type(net.g, "Convert") == 0);
    }
}

TEST_CASE("compression is idempotent and rejects unknown data types") {
    SmallNet net;
    CHECK(cli::apply_precision(net.g, args({"--compress_to_fp16"})) == 3);
    CHECK(cli::apply_precision(net.g, args({"--compress_to_fp16"})) == 0);
    CHECK_THROWS_WITH_AS(cli::apply_precision(net.g, args({"--data_type", "INT8"})),
                         doctest::Contains("--data_type must be FP32 or FP16"), Error);
}
