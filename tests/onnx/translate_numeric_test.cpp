// Translations that decompose an ONNX op into several opset ops, checked by evaluating the
// translated graph with the reference evaluator on values worked out by hand from the ONNX spec.
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace mo;
using namespace mo::test;
namespace fe = mo::onnx_fe;

namespace {

using Ints = std::vector<std::int64_t>;
using Floats = std::vector<float>;

std::unique_ptr<Graph> load(const ModelBuilder& m) {
    TempDir dir;
    return fe::load_model(m.save(dir));
}

// Evaluates the model's graph; returns the outputs in order.
std::vector<Tensor> run(const ModelBuilder& m, const std::map<std::string, Tensor>& inputs) {
    auto g = load(m);
    std::vector<Tensor> out;
    for (auto& o : evaluate(*g, inputs)) out.push_back(o.value);
    return out;
}

Tensor f32(Shape shape, Floats v) {
    return Tensor::from_vector<float>(std::move(shape), v);
}
Tensor i64(Shape shape, Ints v) {
    return Tensor::from_vector<std::int64_t>(std::move(shape), v);
}

void check_close(const Tensor& t, const std::vector<double>& expected, double tol = 1e-5) {
    const auto got = t.to_doubles();
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("element " << i << ": got " << got[i] << ", expected " << expected[i]);
        CHECK(std::abs(got[i] - expected[i]) <= tol * (1 + std::abs(expected[i])));
    }
}

onnx::TensorProto scalar_i64(const std::string& name, std::int64_t v) {
    return typed_int64s(name, {}, {v});
}

} // namespace

TEST_CASE("onnx numeric: NegativeLogLikelihoodLoss with weights and ignore_index") {
    // input [N=2, C=3], target [2]; loss_n = -input[n, t_n] * w[t_n].
    const Tensor input = f32({2, 3}, {-1, -2, -3, -4, -5, -6});
    for (const char* reduction : {"none", "sum", "mean"}) {
        CAPTURE(reduction);
        ModelBuilder m(13);
        m.input("x", {2, 3}).input("t", {2}, onnx::TensorProto_DataType_INT64);
        m.initializer(raw_floats("w", {3}, {0.5f, 1.f, 2.f}));
        m.node("NegativeLogLikelihoodLoss", {"x", "t", "w"}, {"loss"},
               {attr_string("reduction", reduction)}, "nll");
        m.output("loss");
        const auto out = run(m, {{"x", input}, {"t", i64({2}, {2, 0})}});
        // n=0: -(-3) * 2 = 6; n=1: -(-4) * 0.5 = 2. Mean divides by the weights' sum 2.5.
        if (std::string(reduction) == "none") check_close(out[0], {6, 2});
        if (std::string(reduction) == "sum") check_close(out[0], {8});
        if (std::string(reduction) == "mean") check_close(out[0], {8 / 2.5});
    }
    ModelBuilder ii(13);
    ii.input("x", {2, 3}).input("t", {2}, onnx::TensorProto_DataType_INT64);
    ii.node("NegativeLogLikelihoodLoss", {"x", "t"}, {"loss"}, {attr_int("ignore_index", 2)},
            "nll");
    ii.output("loss");
    // Target 2 is ignored: only n=1 counts (loss 5 on class 1), and the mean is over 1 item.
    check_close(run(ii, {{"x", input}, {"t", i64({2}, {2, 1})}})[0], {5});
}

TEST_CASE("onnx numeric: SoftmaxCrossEntropyLoss returns the loss and the log-probabilities") {
    ModelBuilder m(13);
    m.input("s", {1, 2}).input("t", {1}, onnx::TensorProto_DataType_INT64);
    m.node("SoftmaxCrossEntropyLoss", {"s", "t"}, {"loss", "logp"}, {}, "sce");
    m.output("loss").output("logp");
    const auto out = run(m, {{"s", f32({1, 2}, {0, 0})}, {"t", i64({1}, {1})}});
    // Equal scores: log-probabilities log(1/2); the loss is -log(1/2).
    check_close(out[0], {std::log(2.0)});
    check_close(out[1], {-std::log(2.0), -std::log(2.0)});
}

TEST_CASE("onnx numeric: Trilu keeps the upper or lower triangle from diagonal k") {
    const Tensor x = f32({2, 3}, {1, 2, 3, 4, 5, 6});
    ModelBuilder up(14);
    up.input("x", {2, 3});
    up.initializer(scalar_i64("k", 1));
    up.node("Trilu", {"x", "k"}, {"y"}, {}, "triu");
    up.output("y");
    check_close(run(up, {{"x", x}})[0], {0, 2, 3, 0, 0, 6}); // keep col - row >= 1

    ModelBuilder low(14);
    low.input("x", {-1, -1}).input("k", {}, onnx::TensorProto_DataType_INT64);
    low.node("Trilu", {"x", "k"}, {"y"}, {attr_int("upper", 0)}, "tril");
    low.output("y");
    // Dynamic shape and a run-time k = -1: keep col - row <= -1.
    check_close(run(low, {{"x", x}, {"k", i64({}, {-1})}})[0], {0, 0, 0, 4, 0, 0});
}

TEST_CASE("onnx numeric: EyeLike puts ones on diagonal k") {
    ModelBuilder m(9);
    m.input("x", {2, 3}, onnx::TensorProto_DataType_INT32);
    m.node("EyeLike", {"x"}, {"y"},
           {attr_int("k", 1), attr_int("dtype", onnx::TensorProto_DataType_FLOAT)}, "eye");
    m.output("y");
    const auto out = run(m, {{"x", Tensor(ElementType::i32, {2, 3})}});
    CHECK(out[0].type() == ElementType::f32);
    check_close(out[0], {0, 1, 0, 0, 0, 1});
}

TEST_CASE("onnx numeric: ArgMax/ArgMin with select_last_index pick the last extreme") {
    const Tensor x = f32({2, 3}, {5, 1, 5, 2, 2, 7});
    ModelBuilder m(12);
    m.input("x", {2, 3});
    m.node("ArgMax", {"x"}, {"a"}, {attr_int("axis", 1), attr_int("select_last_index", 1)}, "amax");
    m.node("ArgMin", {"x"}, {"b"},
           {attr_int("axis", -1), attr_int("keepdims", 0), attr_int("select_last_index", 1)},
           "amin");
    m.output("a").output("b");
    const auto out = run(m, {{"x", x}});
    CHECK(out[0].shape() == Shape{2, 1});
    CHECK(out[0].to_int64s() == Ints{2, 2});
    CHECK(out[1].shape() == Shape{2});
    CHECK(out[1].to_int64s() == Ints{1, 1});
}

TEST_CASE("onnx numeric: LayerNormalization returns its mean and inverse standard deviation") {
    ModelBuilder m(17);
    m.input("x", {2, 2});
    m.initializer(raw_floats("scale", {2}, {1, 1}));
    m.node("LayerNormalization", {"x", "scale"}, {"y", "mean", "inv"}, {attr_float("epsilon", 0.f)},
           "ln");
    m.output("y").output("mean").output("inv");
    const auto out = run(m, {{"x", f32({2, 2}, {1, 3, 2, 6})}});
    check_close(out[0], {-1, 1, -1, 1});
    CHECK(out[1].shape() == Shape{2, 1});
    check_close(out[1], {2, 4});
    check_close(out[2], {1.0, 0.5}); // standard deviations 1 and 2
}

TEST_CASE("onnx numeric: Pow with an exponent of another type keeps the base's type") {
    ModelBuilder m(15);
    m.input("b", {3}, onnx::TensorProto_DataType_INT64).input("e", {3});
    m.input("fb", {2}).input("ie", {2}, onnx::TensorProto_DataType_INT64);
    m.node("Pow", {"b", "e"}, {"z"}, {}, "int_base");
    m.node("Pow", {"fb", "ie"}, {"w"}, {}, "float_base");
    m.output("z").output("w");
    const auto out = run(m, {{"b", i64({3}, {1, 2, 3})},
                             {"e", f32({3}, {4, 5, 6})},
                             {"fb", f32({2}, {1.5f, 2})},
                             {"ie", i64({2}, {2, 3})}});
    CHECK(out[0].type() == ElementType::i64);
    CHECK(out[0].to_int64s() == Ints{1, 32, 729});
    CHECK(out[1].type() == ElementType::f32);
    check_close(out[1], {2.25, 8});
}

TEST_CASE("onnx numeric: IsNaN and IsInf") {
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    ModelBuilder m(10);
    m.input("x", {4});
    m.node("IsNaN", {"x"}, {"n"}, {}, "nan");
    m.node("IsInf", {"x"}, {"i"}, {}, "inf");
    m.node("IsInf", {"x"}, {"p"}, {attr_int("detect_negative", 0)}, "pos");
    m.output("n").output("i").output("p");
    const auto out = run(m, {{"x", f32({4}, {1, nan, inf, -inf})}});
    CHECK(out[0].to_int64s() == Ints{0, 1, 0, 0});
    CHECK(out[1].to_int64s() == Ints{0, 0, 1, 1});
    CHECK(out[2].to_int64s() == Ints{0, 0, 1, 0});
}

TEST_CASE("onnx numeric: OneHot takes float and negative indices") {
    ModelBuilder m(11);
    m.input("i", {2});
    m.initializer(raw_floats("depth", {}, {3}));
    m.initializer(raw_floats("values", {2}, {0, 5}));
    m.node("OneHot", {"i", "depth", "values"}, {"y"}, {}, "oh");
    m.output("y");
    // -1 counts from the end: class 2.
    check_close(run(m, {{"i", f32({2}, {1, -1})}})[0], {0, 5, 0, 0, 0, 5});
}

TEST_CASE("onnx numeric: Compress keeps the slices whose condition is true") {
    ModelBuilder m(11);
    m.input("x", {3, 2}).input("c", {2}, onnx::TensorProto_DataType_BOOL);
    m.node("Compress", {"x", "c"}, {"rows"}, {attr_int("axis", 0)}, "rows");
    m.node("Compress", {"x", "c"}, {"flat"}, {}, "flat");
    m.output("rows").output("flat");
    Tensor cond(ElementType::boolean, {2});
    set_value_from_double(cond, 1, 1.0); // [false, true]: the short condition drops row 2 too
    const auto out = run(m, {{"x", f32({3, 2}, {1, 2, 3, 4, 5, 6})}, {"c", cond}});
    CHECK(out[0].shape() == Shape{1, 2});
    check_close(out[0], {3, 4});
    check_close(out[1], {2});
}

TEST_CASE("onnx numeric: ReduceSum with empty run-time axes reduces everything") {
    ModelBuilder m(13);
    m.input("x", {2, 2}).input("axes", {-1}, onnx::TensorProto_DataType_INT64);
    m.node("ReduceSum", {"x", "axes"}, {"y"}, {}, "sum");
    m.output("y");
    const Tensor x = f32({2, 2}, {1, 2, 3, 4});
    const auto all = run(m, {{"x", x}, {"axes", i64({0}, {})}});
    CHECK(all[0].shape() == Shape{1, 1});
    check_close(all[0], {10});
    const auto rows = run(m, {{"x", x}, {"axes", i64({1}, {1})}});
    CHECK(rows[0].shape() == Shape{2, 1});
    check_close(rows[0], {3, 7});
}

TEST_CASE("onnx numeric: DequantizeLinear and QuantizeLinear per tensor and per axis") {
    ModelBuilder m(13);
    m.input("q", {2, 2}, onnx::TensorProto_DataType_UINT8).input("x", {2, 2});
    m.initializer(raw_floats("scale", {2}, {0.5f, 2.f}));
    onnx::TensorProto zp;
    zp.set_name("zp");
    zp.set_data_type(onnx::TensorProto_DataType_UINT8);
    zp.add_dims(2);
    zp.set_raw_data(std::string("\x0a\x00", 2)); // [10, 0]
    m.initializer(zp);
    m.node("DequantizeLinear", {"q", "scale", "zp"}, {"d"}, {attr_int("axis", 0)}, "dq");
    m.node("QuantizeLinear", {"x", "scale", "zp"}, {"y"}, {attr_int("axis", 0)}, "ql");
    m.output("d").output("y");
    Tensor q(ElementType::u8, {2, 2});
    for (int i = 0; i < 4; ++i) set_value_from_double(q, i, std::vector<double>{12, 10, 3, 255}[i]);
    const auto out = run(m, {{"q", q}, {"x", f32({2, 2}, {1.25f, -20, 5, 1000})}});
    // Row 0: (q - 10) * 0.5; row 1: (q - 0) * 2.
    check_close(out[0], {1, 0, 6, 510});
    // Row 0: round_even(1.25 / 0.5 = 2.5) = 2, + 10 = 12; -40 + 10 saturates to 0.
    // Row 1: 5 / 2 = 2.5 -> 2; 500 saturates to 255.
    CHECK(out[1].type() == ElementType::u8);
    CHECK(out[1].to_int64s() == Ints{12, 0, 2, 255});
}

TEST_CASE("onnx numeric: MatMulInteger subtracts the zero points") {
    ModelBuilder m(10);
    m.input("a", {1, 2}, onnx::TensorProto_DataType_UINT8)
        .input("b", {2, 1}, onnx::TensorProto_DataType_UINT8);
    onnx::TensorProto zp;
    zp.set_name("azp");
    zp.set_data_type(onnx::TensorProto_DataType_UINT8);
    zp.set_raw_data(std::string("\x01", 1));
    m.initializer(zp);
    m.node("MatMulInteger", {"a", "b", "azp"}, {"y"}, {}, "mmi");
    m.output("y");
    Tensor a(ElementType::u8, {1, 2}), b(ElementType::u8, {2, 1});
    set_value_from_double(a, 0, 3);
    set_value_from_double(a, 1, 5);
    set_value_from_double(b, 0, 2);
    set_value_from_double(b, 1, 7);
    const auto out = run(m, {{"a", a}, {"b", b}});
    CHECK(out[0].type() == ElementType::i32);
    CHECK(out[0].to_int64s() == Ints{(3 - 1) * 2 + (5 - 1) * 7});
}

TEST_CASE("onnx numeric: ConvTranspose with SAME_UPPER and output_shape makes the pads explicit") {
    // 1-D: x = [1, 2, 3], w = [1, 1, 1], stride 2. The full output is
    // [1, 1, 3, 2, 5, 3, 3] (length 7); SAME_UPPER asks for 3 * 2 = 6: one pad at the end.
    ModelBuilder same(11);
    same.input("x", {1, 1, 3});
    same.initializer(raw_floats("w", {1, 1, 3}, {1, 1, 1}));
    same.node("ConvTranspose", {"x", "w"}, {"y"},
              {attr_ints("strides", {2}), attr_string("auto_pad", "SAME_UPPER")}, "ct");
    same.output("y");
    const Tensor x = f32({1, 1, 3}, {1, 2, 3});
    check_close(run(same, {{"x", x}})[0], {1, 1, 3, 2, 5, 3});

    // output_shape 8 is one more than the full output: the extra pixel is output padding (0).
    ModelBuilder bigger(11);
    bigger.input("x", {1, 1, 3});
    bigger.initializer(raw_floats("w", {1, 1, 3}, {1, 1, 1}));
    bigger.node("ConvTranspose", {"x", "w"}, {"y"},
                {attr_ints("strides", {2}), attr_ints("output_shape", {8})}, "ct");
    bigger.output("y");
    check_close(run(bigger, {{"x", x}})[0], {1, 1, 3, 2, 5, 3, 3, 0});
}

TEST_CASE("onnx numeric: Einsum and GatherND with batch dimensions") {
    ModelBuilder m(13);
    m.input("a", {2, 2}).input("b", {2, 2});
    m.node("Einsum", {"a", "b"}, {"mm"}, {attr_string("equation", "ij,jk->ik")}, "mm");
    m.node("Einsum", {"a"}, {"tr"}, {attr_string("equation", "ii")}, "trace");
    m.node("Einsum", {"a", "b"}, {"bt"}, {attr_string("equation", "...j,...j->...")}, "rowdot");
    m.output("mm").output("tr").output("bt");
    const auto out = run(m, {{"a", f32({2, 2}, {1, 2, 3, 4})}, {"b", f32({2, 2}, {5, 6, 7, 8})}});
    check_close(out[0], {19, 22, 43, 50});
    CHECK(out[1].shape() == Shape{});
    check_close(out[1], {5});
    check_close(out[2], {17, 53});

    ModelBuilder nd(13);
    nd.input("d", {2, 2, 2}).input("i", {2, 1}, onnx::TensorProto_DataType_INT64);
    nd.node("GatherND", {"d", "i"}, {"y"}, {attr_int("batch_dims", 1)}, "gnd");
    nd.output("y");
    const auto g =
        run(nd, {{"d", f32({2, 2, 2}, {0, 1, 2, 3, 4, 5, 6, 7})}, {"i", i64({2, 1}, {1, 0})}});
    CHECK(g[0].shape() == Shape{2, 2}); // batch dimension kept (GatherND-8)
    check_close(g[0], {2, 3, 4, 5});
}

TEST_CASE("onnx numeric: models of only another domain's ops report the op, not the opset") {
    ModelBuilder m(13);
    m.proto().clear_opset_import();
    auto* op = m.proto().add_opset_import();
    op->set_domain("ai.onnx.preview.training");
    op->set_version(1);
    m.input("x", {1});
    m.node("Adagrad", {"x"}, {"y"}, {}, "train").set_domain("ai.onnx.preview.training");
    m.output("y");
    CHECK_THROWS_WITH_AS(load(m), doctest::Contains("not supported"), mo::Error);
}

TEST_CASE("onnx numeric: BitShift multiplies or divides by powers of two") {
    ModelBuilder m(11);
    m.input("x", {3}, onnx::TensorProto_DataType_UINT8)
        .input("y", {3}, onnx::TensorProto_DataType_UINT8);
    m.node("BitShift", {"x", "y"}, {"l"}, {attr_string("direction", "LEFT")}, "left");
    m.node("BitShift", {"x", "y"}, {"r"}, {attr_string("direction", "RIGHT")}, "right");
    m.output("l").output("r");
    Tensor x(ElementType::u8, {3}), y(ElementType::u8, {3});
    const std::vector<double> xs{16, 4, 1}, ys{1, 2, 3};
    for (int i = 0; i < 3; ++i) {
        set_value_from_double(x, i, xs[static_cast<std::size_t>(i)]);
        set_value_from_double(y, i, ys[static_cast<std::size_t>(i)]);
    }
    const auto out = run(m, {{"x", x}, {"y", y}});
    CHECK(out[0].type() == ElementType::u8);
    CHECK(out[0].to_int64s() == Ints{32, 16, 8});
    CHECK(out[1].to_int64s() == Ints{8, 1, 0});
}

TEST_CASE("onnx numeric: ScatterND and ScatterElements with reductions") {
    ModelBuilder m(16);
    m.input("d", {4});
    m.initializer(typed_int64s("nd_idx", {3, 1}, {1, 3, 1}));
    m.initializer(typed_int64s("el_idx", {3}, {0, 0, 2}));
    m.initializer(raw_floats("u", {3}, {10, 20, 30}));
    m.node("ScatterND", {"d", "nd_idx", "u"}, {"add"}, {attr_string("reduction", "add")}, "nd");
    m.node("ScatterND", {"d", "nd_idx", "u"}, {"mul"}, {attr_string("reduction", "mul")}, "ndm");
    m.node("ScatterElements", {"d", "el_idx", "u"}, {"max"}, {attr_string("reduction", "max")},
           "el");
    m.output("add").output("mul").output("max");
    const auto out = run(m, {{"d", f32({4}, {1, 2, 3, 4})}});
    // Index 1 is hit twice: 2 + 10 + 30 and 2 * 10 * 30.
    check_close(out[0], {1, 42, 3, 24});
    check_close(out[1], {1, 600, 3, 80});
    // max over the initial value and every update to the element: [max(1,10,20), 2, max(3,30), 4].
    check_close(out[2], {20, 2, 30, 4});
    auto g = load(m);
    CHECK(nodes_of(*g, "ScatterNDUpdate")[0]->opset() == 15);
    CHECK(nodes_of(*g, "ScatterElementsUpdate")[0]->attrs.get_string("reduction") == "max");
}

TEST_CASE("onnx numeric: Hann, Hamming and Blackman windows") {
    ModelBuilder m(17);
    m.initializer(typed_int64s("n", {}, {4}));
    m.node("HannWindow", {"n"}, {"hann"}, {}, "hann");
    m.node("HammingWindow", {"n"}, {"hamming"}, {attr_int("periodic", 0)}, "hamming");
    m.node("BlackmanWindow", {"n"}, {"blackman"}, {}, "blackman");
    m.output("hann").output("hamming").output("blackman");
    const auto out = run(m, {});
    // Periodic Hann, N = 4: 0.5 - 0.5 cos(pi n / 2) = [0, 0.5, 1, 0.5].
    check_close(out[0], {0, 0.5, 1, 0.5});
    // Symmetric Hamming, N = 3: 25/46 - 21/46 cos(2 pi n / 3).
    const double a = 25.0 / 46, b = 21.0 / 46;
    check_close(out[1], {a - b, a + b / 2, a + b / 2, a - b});
    // Periodic Blackman: 0.42 - 0.5 cos(pi n / 2) + 0.08 cos(pi n).
    check_close(out[2], {0, 0.42 - 0.08, 1, 0.42 - 0.08}, 1e-5);
}
