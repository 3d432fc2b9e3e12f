// Activations: values at points where the spec formulas have closed forms, parameter inputs,
// PRelu's channel rule, type rules, and ONNX's own test data.
#include "elementwise_test_helpers.hpp"

#include <cmath>
#include <numbers>

using namespace mo;
using namespace mo::test;

namespace {
const double ln2 = std::numbers::ln2;
const double ln3 = std::log(3.0);
} // namespace

TEST_CASE("Relu and Sigmoid") {
    check_close(run_op("Relu", 1, {f32({3}, {-1, 0, 2.5f})}), {0, 0, 2.5});
    check_ints(run_op("Relu", 1, {i32({3}, {-4, 0, 9})}), {0, 0, 9});
    // sigmoid(ln 3) = 1 / (1 + 1/3) = 0.75
    check_close(run_op("Sigmoid", 1, {f32({3}, {0, float(ln3), float(-ln3)})}), {0.5, 0.75, 0.25});
}

TEST_CASE("Clamp on floats; on integers min is ceiled and max floored") {
    const Attributes a = attrs_of({{"min", -1.0}, {"max", 2.5}});
    check_close(run_op("Clamp", 1, {f32({3}, {-3, 0.5f, 3})}, a), {-1, 0.5, 2.5});
    const Attributes b = attrs_of({{"min", -1.5}, {"max", 2.5}});
    check_ints(run_op("Clamp", 1, {i32({4}, {-3, -1, 1, 3})}, b), {-1, -1, 1, 2});
    CHECK_THROWS_WITH_AS(make_over_params("Clamp", 1, {{ElementType::f32, {2}}},
                                          attrs_of({{"min", 3.0}, {"max", 1.0}})),
                         doctest::Contains("greater than max"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("Clamp", 1, {{ElementType::f32, {2}}}, attrs_of({{"min", 3.0}})),
        doctest::Contains("missing attribute 'max'"), InferenceError);
}

TEST_CASE("Elu and Selu") {
    // alpha (e^x - 1) at x = -ln 2 is -alpha / 2
    check_close(run_op("Elu", 1, {f32({3}, {1, 0, float(-ln2)})}, attrs_of({{"alpha", 2.0}})),
                {1, 0, -1});
    const Tensor alpha = f32({1}, {2});
    const Tensor lambda = f32({1}, {3});
    check_close(run_op("Selu", 1, {f32({3}, {1, 0, float(-ln2)}), alpha, lambda}), {3, 0, -3});
    CHECK_THROWS_WITH_AS(
        make_over_params(
            "Selu", 1, {{ElementType::f32, {3}}, {ElementType::f32, {2}}, {ElementType::f32, {1}}}),
        doctest::Contains("alpha must hold one element"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params(
            "Selu", 1, {{ElementType::f32, {3}}, {ElementType::f16, {1}}, {ElementType::f32, {1}}}),
        doctest::Contains("element types f32 and f16"), InferenceError);
}

TEST_CASE("PRelu: a 1-D slope matching dim 1 applies per channel") {
    // data [1,2,2]: per-channel slope (0.1 for channel 0, 0.5 for channel 1), not along the last
    // axis as NumPy broadcasting alone would do.
    Tensor r = run_op("PRelu", 1, {f32({1, 2, 2}, {-1, -1, -1, 2}), f32({2}, {0.1f, 0.5f})});
    check_close(r, {-0.1, -0.1, -0.5, 2});
    // [2,3] with slope [3]: channel axis 1 (same as NumPy here)
    check_close(run_op("PRelu", 1, {f32({2, 3}, {-1, -2, -3, 1, 2, 3}), f32({3}, {1, 2, 3})}),
                {-1, -4, -9, 1, 2, 3});
    // NumPy rule for other slopes: [2,1] against [2,2]
    check_close(run_op("PRelu", 1, {f32({2, 2}, {-1, -1, -1, -1}), f32({2, 1}, {2, 3})}),
                {-2, -2, -3, -3});
    // scalar-like slope
    check_close(run_op("PRelu", 1, {f32({3}, {-2, 0, 2}), f32({1}, {0.25f})}), {-0.5, 0, 2});
}

TEST_CASE("PRelu inference") {
    auto t =
        make_over_params("PRelu", 1, {{ElementType::f32, {1, 4, 8, 8}}, {ElementType::f32, {4}}});
    CHECK(t.shape() == PartialShape{1, 4, 8, 8});
    CHECK_THROWS_WITH_AS(
        make_over_params("PRelu", 1, {{ElementType::f32, {1, 4, 8, 8}}, {ElementType::f32, {3}}}),
        doctest::Contains("does not broadcast to data shape"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("PRelu", 1, {{ElementType::i32, {1, 4}}, {ElementType::i32, {4}}}),
        doctest::Contains("expected a floating-point type"), InferenceError);
}

TEST_CASE("HardSigmoid, HSigmoid, HSwish") {
    check_close(
        run_op("HardSigmoid", 1, {f32({4}, {-2, 0, 1, 0.5f}), f32({}, {0.5f}), f32({}, {0.6f})}),
        {0, 0.6, 1, 0.85});
    // min(max(x + 3, 0), 6) / 6
    check_close(run_op("HSigmoid", 5, {f32({4}, {-4, 0, 3, 1.5f})}), {0, 0.5, 1, 0.75});
    check_close(run_op("HSwish", 4, {f32({4}, {-4, 0, 4, 1.5f})}), {0, 0, 4, 1.125});
}

TEST_CASE("Swish with default and explicit beta") {
    // x * sigmoid(beta x); sigmoid(ln 3) = 0.75
    check_close(run_op("Swish", 4, {f32({2}, {float(ln3), 0})}), {0.75 * ln3, 0});
    check_close(run_op("Swish", 4, {f32({1}, {float(ln3 / 2)}), f32({}, {2})}), {0.75 * ln3 / 2});
    auto t = make_over_params("Swish", 4, {{ElementType::f32, {2, 2}}});
    CHECK(t.shape() == PartialShape{2, 2});
}

TEST_CASE("Mish and SoftPlus") {
    // softplus(ln 3) = ln 4; tanh(ln 4) = (4 - 1/4) / (4 + 1/4) = 15/17
    check_close(run_op("SoftPlus", 4, {f32({3}, {float(ln3), 0, 30})}), {std::log(4.0), ln2, 30});
    check_close(run_op("Mish", 4, {f32({2}, {float(ln3), 0})}), {ln3 * 15.0 / 17.0, 0});
    // large inputs must not overflow to NaN
    check_close(run_op("Mish", 4, {f32({1}, {100})}), {100});
    check_close(run_op("SoftPlus", 4, {f32({1}, {-100})}), {0}, 1e-6);
}

TEST_CASE("Gelu-2 and Gelu-7 (erf and tanh approximation)") {
    const double erf1 = 0.8427007929497149; // erf(1), tabulated
    const double s2 = std::numbers::sqrt2;
    // x Phi(x) = x/2 (1 + erf(x / sqrt 2)); at x = sqrt 2 the argument is 1.
    const std::vector<double> expected{0, s2 / 2 * (1 + erf1), -s2 / 2 * (1 - erf1)};
    const Tensor x = tensor<double>({3}, {0, s2, -s2});
    check_close(run_op("Gelu", 2, {x}), expected, 1e-12);
    check_close(run_op("Gelu", 7, {x}), expected, 1e-12);
    check_close(run_op("Gelu", 7, {x}, attrs_of({{"approximation_mode", std::string("erf")}})),
                expected, 1e-12);
    // tanh form written out from the spec formula
    auto tanh_form = [](double v) {
        return 0.5 * v *
               (1 + std::tanh(std::sqrt(2 / std::numbers::pi) * (v + 0.044715 * v * v * v)));
    };
    check_close(run_op("Gelu", 7, {f32({3}, {1, -0.5f, 2})},
                       attrs_of({{"approximation_mode", std::string("tanh")}})),
                {tanh_form(1), tanh_form(-0.5), tanh_form(2)});
    CHECK_THROWS_WITH_AS(make_over_params("Gelu", 7, {{ElementType::f32, {2}}},
                                          attrs_of({{"approximation_mode", std::string("fast")}})),
                         doctest::Contains("approximation_mode 'fast'"), InferenceError);
}

TEST_CASE("activations on f16 keep the type") {
    const Tensor h = Tensor::from_vector<float>({3}, {-1, 0, 2}).cast(ElementType::f16);
    Tensor r = run_op("Relu", 1, {h});
    CHECK(r.type() == ElementType::f16);
    check_close(r, {0, 0, 2});
    r = run_op("SoftPlus", 4, {Tensor::from_vector<float>({1}, {12}).cast(ElementType::f16)});
    check_close(r, {12}); // above the f16 threshold (11): linear
}

TEST_CASE("ONNX node tests: activations") {
    using namespace onnx_pb;
    check_close(run_op("Relu", 1, {input("test_relu", 0)}), output("test_relu"));
    check_close(run_op("Sigmoid", 1, {input("test_sigmoid", 0)}), output("test_sigmoid"));
    check_close(run_op("SoftPlus", 4, {input("test_softplus", 0)}), output("test_softplus"));
    check_close(run_op("HSwish", 4, {input("test_hardswish", 0)}), output("test_hardswish"));
    // ONNX attributes of these cases: Elu alpha=2, Selu alpha=2 gamma=3, HardSigmoid 0.5/0.6
    check_close(run_op("Elu", 1, {input("test_elu", 0)}, attrs_of({{"alpha", 2.0}})),
                output("test_elu"));
    check_close(run_op("Selu", 1, {input("test_selu_example", 0), f32({1}, {2}), f32({1}, {3})}),
                output("test_selu_example"));
    check_close(run_op("HardSigmoid", 1,
                       {input("test_hardsigmoid_example", 0), f32({}, {0.5f}), f32({}, {0.6f})}),
                output("test_hardsigmoid_example"));
    for (const char* test : {"test_prelu_broadcast", "test_prelu_example"}) {
        INFO(test);
        check_close(run_op("PRelu", 1, {input(test, 0), input(test, 1)}), output(test));
    }
    // Clip with min/max inputs becomes Clamp with attributes.
    for (const char* test : {"test_clip_splitbounds", "test_clip", "test_clip_outbounds"}) {
        INFO(test);
        const Attributes a = attrs_of({{"min", input(test, 1).value_as_double(0)},
                                       {"max", input(test, 2).value_as_double(0)}});
        check_close(run_op("Clamp", 1, {input(test, 0)}, a), output(test));
    }
}
