// Unary math: hand-computed values (closed forms), integer behaviour, Round modes, type rules.
#include "elementwise_test_helpers.hpp"

#include <cmath>
#include <limits>
#include <numbers>

using namespace mo;
using namespace mo::test;

namespace {
constexpr double pi = std::numbers::pi;
}

TEST_CASE("trigonometric and hyperbolic functions at known points") {
    check_close(run_op("Sin", 1, {f32({3}, {0, float(pi / 2), float(pi / 6)})}), {0, 1, 0.5});
    check_close(run_op("Cos", 1, {f32({2}, {0, float(pi / 3)})}), {1, 0.5});
    check_close(run_op("Tan", 1, {f32({2}, {0, float(pi / 4)})}), {0, 1});
    check_close(run_op("Asin", 1, {f32({2}, {1, 0.5f})}), {pi / 2, pi / 6});
    check_close(run_op("Acos", 1, {f32({2}, {1, 0.5f})}), {0, pi / 3});
    check_close(run_op("Atan", 1, {f32({2}, {1, -1})}), {pi / 4, -pi / 4});
    // sinh(ln 2) = (2 - 1/2) / 2 = 0.75, cosh(ln 2) = 1.25, tanh(ln 2) = 0.6
    const float ln2 = float(std::numbers::ln2);
    check_close(run_op("Sinh", 1, {f32({1}, {ln2})}), {0.75});
    check_close(run_op("Cosh", 1, {f32({1}, {ln2})}), {1.25});
    check_close(run_op("Tanh", 1, {f32({1}, {ln2})}), {0.6});
    check_close(run_op("Asinh", 3, {f32({1}, {0.75f})}), {std::numbers::ln2});
    check_close(run_op("Acosh", 3, {f32({1}, {1.25f})}), {std::numbers::ln2});
    check_close(run_op("Atanh", 3, {f32({1}, {0.6f})}), {std::numbers::ln2});
}

TEST_CASE("Exp, Log, Sqrt, Erf") {
    check_close(run_op("Exp", 1, {f32({3}, {0, 1, -1})}),
                {1, std::numbers::e, 1 / std::numbers::e});
    check_close(run_op("Log", 1, {f32({3}, {1, float(std::numbers::e), 0})}),
                {0, 1, -std::numeric_limits<double>::infinity()});
    check_close(run_op("Sqrt", 1, {f32({3}, {4, 2.25f, 0})}), {2, 1.5, 0});
    // erf(0) = 0, erf is odd, erf(inf) = 1; erf(1) = 0.8427007929497149 (tabulated)
    check_close(run_op("Erf", 1, {tensor<double>({3}, {0, 1, -1})}),
                {0, 0.8427007929497149, -0.8427007929497149}, 1e-12);
}

TEST_CASE("Abs, Negative, Sign, Floor, Ceiling on floats and integers") {
    check_close(run_op("Abs", 1, {f32({3}, {-1.5f, 0, 2})}), {1.5, 0, 2});
    check_ints(run_op("Abs", 1, {i32({3}, {-7, 0, 7})}), {7, 0, 7});
    check_close(run_op("Negative", 1, {f32({2}, {-1.5f, 2})}), {1.5, -2});
    check_ints(run_op("Negative", 1, {i64({2}, {-3, 4})}), {3, -4});
    check_close(run_op("Sign", 1, {f32({3}, {-2.5f, 0, 0.1f})}), {-1, 0, 1});
    check_ints(run_op("Sign", 1, {i32({3}, {-9, 0, 4})}), {-1, 0, 1});
    check_close(run_op("Floor", 1, {f32({3}, {-1.5f, 1.5f, 2})}), {-2, 1, 2});
    check_close(run_op("Ceiling", 1, {f32({3}, {-1.5f, 1.5f, 2})}), {-1, 2, 2});
    check_ints(run_op("Floor", 1, {i32({2}, {-3, 5})}), {-3, 5});
}

TEST_CASE("Round: the spec's examples for both modes") {
    const Tensor in = f32({8}, {-4.5f, -1.9f, -1.5f, 0.5f, 0.9f, 1.5f, 2.3f, 2.5f});
    check_close(run_op("Round", 5, {in}), {-4, -2, -2, 0, 1, 2, 2, 2});
    check_close(run_op("Round", 5, {in}, attrs_of({{"mode", std::string("half_to_even")}})),
                {-4, -2, -2, 0, 1, 2, 2, 2});
    check_close(run_op("Round", 5, {in}, attrs_of({{"mode", std::string("half_away_from_zero")}})),
                {-5, -2, -2, 1, 1, 2, 2, 3});
    check_ints(run_op("Round", 5, {i32({2}, {-3, 4})}), {-3, 4});
    CHECK_THROWS_WITH_AS(make_over_params("Round", 5, {{ElementType::f32, {2}}},
                                          attrs_of({{"mode", std::string("up")}})),
                         doctest::Contains("unknown Round mode 'up'"), InferenceError);
}

TEST_CASE("floating functions of integer tensors round to the nearest integer") {
    check_ints(run_op("Sqrt", 1, {i32({4}, {4, 5, 7, 0})}), {2, 2, 3, 0}); // 2.236, 2.646
    check_ints(run_op("Tanh", 1, {i32({3}, {-5, 0, 5})}), {-1, 0, 1});
    check_ints(run_op("Sin", 1, {i64({1}, {2})}), {1}); // sin 2 = 0.909
}

TEST_CASE("f16 unary results are computed in f32 and stored as f16") {
    const Tensor h = Tensor::from_vector<float>({2}, {4.f, 0.25f}).cast(ElementType::f16);
    Tensor r = run_op("Sqrt", 1, {h});
    CHECK(r.type() == ElementType::f16);
    check_close(r, {2, 0.5});
}

TEST_CASE("unary inference keeps shape and type; floating-only ops reject integers") {
    auto t = make_over_params("Cos", 1, {{ElementType::f16, {-1, 3}}});
    CHECK(t.type() == ElementType::f16);
    CHECK(t.shape() == PartialShape{-1, 3});
    t = make_over_params("Abs", 1, {{ElementType::i8, PartialShape::dynamic()}});
    CHECK(!t.shape().rank_known());
    for (const char* op : {"Exp", "Erf"}) {
        CHECK_THROWS_WITH_AS(make_over_params(op, 1, {{ElementType::i32, {2}}}),
                             doctest::Contains("expected a floating-point type"), InferenceError);
    }
    CHECK_THROWS_AS(make_over_params("Acosh", 3, {{ElementType::i64, {2}}}), InferenceError);
    CHECK_THROWS_WITH_AS(make_over_params("Sqrt", 1, {{ElementType::boolean, {2}}}),
                         doctest::Contains("expected a numeric type"), InferenceError);
}

TEST_CASE("ONNX node tests: Floor, Round, Sign") {
    using namespace onnx_pb;
    check_close(run_op("Floor", 1, {input("test_floor", 0)}), output("test_floor"));
    check_close(run_op("Round", 5, {input("test_round", 0)}), output("test_round"));
    check_close(run_op("Sign", 1, {input("test_sign", 0)}), output("test_sign"));
}
