// Binary arithmetic: values computed by hand from the spec formulas, broadcasting, inference
// errors, and ONNX's own test data for the operations that map one-to-one.
#include "elementwise_test_helpers.hpp"

#include <limits>

using namespace mo;
using namespace mo::test;

TEST_CASE("Add: same shapes, row broadcast, column x row broadcast, scalar") {
    check_close(run_op("Add", 1, {f32({2, 2}, {1, 2, 3, 4}), f32({2, 2}, {10, 20, 30, 40})}),
                {11, 22, 33, 44});
    // [2,3] + [3]: the row is added to every row.
    Tensor r = run_op("Add", 1, {f32({2, 3}, {1, 2, 3, 4, 5, 6}), f32({3}, {10, 20, 30})});
    CHECK(r.shape() == Shape{2, 3});
    check_close(r, {11, 22, 33, 14, 25, 36});
    // [2,1] + [1,3] -> [2,3]
    r = run_op("Add", 1, {f32({2, 1}, {1, 2}), f32({1, 3}, {10, 20, 30})});
    CHECK(r.shape() == Shape{2, 3});
    check_close(r, {11, 21, 31, 12, 22, 32});
    // scalar on either side
    check_close(run_op("Add", 1, {f32({}, {100}), f32({3}, {1, 2, 3})}), {101, 102, 103});
    check_close(run_op("Add", 1, {f32({3}, {1, 2, 3}), f32({}, {-1})}), {0, 1, 2});
    // scalar + scalar is a scalar
    r = run_op("Add", 1, {f32({}, {1.5f}), f32({}, {2.5f})});
    CHECK(r.shape().empty());
    check_close(r, {4});
}

TEST_CASE("Add: middle-axis broadcast [2,3,2] + [3,1]") {
    std::vector<float> a(12);
    for (int i = 0; i < 12; ++i) a[i] = static_cast<float>(i);
    Tensor r = run_op("Add", 1, {f32({2, 3, 2}, a), f32({3, 1}, {100, 200, 300})});
    check_close(r, {100, 101, 202, 203, 304, 305, 106, 107, 208, 209, 310, 311});
}

TEST_CASE("Add: zero-sized broadcast gives an empty result") {
    Tensor r = run_op("Add", 1, {f32({0, 3}, {}), f32({3}, {1, 2, 3})});
    CHECK(r.shape() == Shape{0, 3});
    CHECK(r.size() == 0);
}

TEST_CASE("Subtract, Multiply, Maximum, Minimum, SquaredDifference on f32") {
    const Tensor a = f32({4}, {1, -2, 3.5f, 0});
    const Tensor b = f32({4}, {4, 5, -1, 0});
    check_close(run_op("Subtract", 1, {a, b}), {-3, -7, 4.5, 0});
    check_close(run_op("Multiply", 1, {a, b}), {4, -10, -3.5, 0});
    check_close(run_op("Maximum", 1, {a, b}), {4, 5, 3.5, 0});
    check_close(run_op("Minimum", 1, {a, b}), {1, -2, -1, 0});
    check_close(run_op("SquaredDifference", 1, {a, b}), {9, 49, 20.25, 0});
}

TEST_CASE("Divide: floats, and integers with and without pythondiv") {
    check_close(run_op("Divide", 1, {f32({3}, {1, -7, 3}), f32({3}, {4, 2, 0})}),
                {0.25, -3.5, std::numeric_limits<double>::infinity()});
    const Tensor a = i32({4}, {7, -7, 7, -7});
    const Tensor b = i32({4}, {2, 2, -2, -2});
    // m_pythondiv defaults to true: floor division.
    check_ints(run_op("Divide", 1, {a, b}), {3, -4, -4, 3});
    check_ints(run_op("Divide", 1, {a, b}, attrs_of({{"m_pythondiv", true}})), {3, -4, -4, 3});
    check_ints(run_op("Divide", 1, {a, b}, attrs_of({{"m_pythondiv", false}})), {3, -3, -3, 3});
    // Undefined by the spec, but must not trap: x / 0 and INT_MIN / -1.
    const auto min32 = std::numeric_limits<std::int32_t>::min();
    check_ints(run_op("Divide", 1, {i32({2}, {5, min32}), i32({2}, {0, -1})}), {0, min32});
}

TEST_CASE("Power: floats, integers, negative integer exponents") {
    check_close(run_op("Power", 1, {f32({3}, {4, 2, 9}), f32({3}, {0.5f, -1, 0})}), {2, 0.5, 1});
    check_ints(run_op("Power", 1, {i64({4}, {2, -3, 10, 7}), i64({4}, {10, 3, 0, 1})}),
               {1024, -27, 1, 7});
    check_ints(run_op("Power", 1, {i32({4}, {2, 1, -1, -1}), i32({4}, {-1, -5, -3, -2})}),
               {0, 1, -1, 1});
}

TEST_CASE("FloorMod takes the divisor's sign, Mod the dividend's") {
    const Tensor a = i32({4}, {-7, 7, -7, 7});
    const Tensor b = i32({4}, {3, -3, -3, 3});
    check_ints(run_op("FloorMod", 1, {a, b}), {2, -2, -1, 1});
    check_ints(run_op("Mod", 1, {a, b}), {-1, 1, -1, 1});
    const Tensor fa = f32({4}, {-7.5f, 7.5f, -7.5f, 7.5f});
    const Tensor fb = f32({4}, {2, -2, -2, 2});
    check_close(run_op("FloorMod", 1, {fa, fb}), {0.5, -0.5, -1.5, 1.5});
    check_close(run_op("Mod", 1, {fa, fb}), {-1.5, 1.5, -1.5, 1.5});
    // modulo by zero is undefined but must not trap on integers
    check_ints(run_op("FloorMod", 1, {i32({1}, {5}), i32({1}, {0})}), {0});
}

TEST_CASE("integer arithmetic wraps instead of overflowing") {
    const auto max32 = std::numeric_limits<std::int32_t>::max();
    const auto min32 = std::numeric_limits<std::int32_t>::min();
    check_ints(run_op("Add", 1, {i32({1}, {max32}), i32({1}, {1})}), {min32});
    check_ints(run_op("Multiply", 1, {i32({1}, {65536}), i32({1}, {65536})}), {0});
    const Tensor u16 = tensor<std::uint16_t>({1}, {65535});
    check_ints(run_op("Multiply", 1, {u16, u16}), {1}); // 65535^2 mod 2^16
    const Tensor u8a = tensor<std::uint8_t>({2}, {250, 3});
    const Tensor u8b = tensor<std::uint8_t>({2}, {10, 5});
    check_ints(run_op("Add", 1, {u8a, u8b}), {4, 8});
    check_ints(run_op("Subtract", 1, {u8a, u8b}), {240, 254});
}

TEST_CASE("f16 and f64 are computed and returned in their own type") {
    const Tensor a = Tensor::from_vector<float>({2}, {1.5f, -2.f}).cast(ElementType::f16);
    const Tensor b = Tensor::from_vector<float>({2}, {2.25f, 0.5f}).cast(ElementType::f16);
    Tensor r = run_op("Add", 1, {a, b});
    CHECK(r.type() == ElementType::f16);
    check_close(r, {3.75, -1.5});
    r = run_op("Multiply", 1, {tensor<double>({1}, {1e200}), tensor<double>({1}, {1e-100})});
    CHECK(r.type() == ElementType::f64);
    check_close(r, {1e100}, 0, 1e-12);
}

TEST_CASE("arithmetic inference: broadcast shapes and dynamic dimensions") {
    auto t =
        make_over_params("Add", 1, {{ElementType::f32, {2, 1, 5}}, {ElementType::f32, {4, 1}}});
    CHECK(t.shape() == PartialShape{2, 4, 5});
    CHECK(t.type() == ElementType::f32);
    t = make_over_params("Multiply", 1, {{ElementType::i64, {-1, 3}}, {ElementType::i64, {1, 3}}});
    CHECK(t.shape() == PartialShape{-1, 3});
    t = make_over_params("Subtract", 1,
                         {{ElementType::f32, PartialShape::dynamic()}, {ElementType::f32, {3}}});
    CHECK(!t.shape().rank_known());
    t = make_over_params("Add", 1, {{ElementType::dynamic, {3}}, {ElementType::f16, {3}}});
    CHECK(t.type() == ElementType::f16);
    t = make_over_params("Add", 1, {{ElementType::f32, {2, 3}}, {ElementType::f32, {2, 3}}},
                         attrs_of({{"auto_broadcast", std::string("none")}}));
    CHECK(t.shape() == PartialShape{2, 3});
    t = make_over_params("Divide", 1, {{ElementType::i32, {1, 6}}, {ElementType::i32, {5, 1}}});
    CHECK(t.shape() == PartialShape{5, 6});
}

TEST_CASE("arithmetic inference errors") {
    CHECK_THROWS_WITH_AS(
        make_over_params("Add", 1, {{ElementType::f32, {3}}, {ElementType::i64, {3}}}),
        doctest::Contains("inputs have element types f32 and i64"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("Add", 1, {{ElementType::f32, {3}}, {ElementType::f32, {2}}}),
        doctest::Contains("not broadcastable"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("Multiply", 1,
                         {{ElementType::f32, {3, 1, 5}}, {ElementType::f32, {4, 4, 5}}}),
        doctest::Contains("[3,1,5] and [4,4,5]"), InferenceError);
    CHECK_THROWS_WITH_AS(make_over_params("Add", 1,
                                          {{ElementType::f32, {2, 3}}, {ElementType::f32, {3}}},
                                          attrs_of({{"auto_broadcast", std::string("none")}})),
                         doctest::Contains("auto_broadcast is 'none'"), InferenceError);
    CHECK_THROWS_WITH_AS(make_over_params("Add", 1,
                                          {{ElementType::f32, {3}}, {ElementType::f32, {3}}},
                                          attrs_of({{"auto_broadcast", std::string("bogus")}})),
                         doctest::Contains("unknown auto_broadcast 'bogus'"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("Add", 1, {{ElementType::boolean, {3}}, {ElementType::boolean, {3}}}),
        doctest::Contains("expected a numeric type"), InferenceError);
    CHECK_THROWS_AS(make_over_params("Add", 1, {{ElementType::f32, {3}}}), InferenceError);
}

TEST_CASE("arithmetic kernels reject mismatched element types") {
    auto t = make_over_params("Add", 1, {{ElementType::f32, {1}}, {ElementType::f32, {1}}});
    const std::vector<Tensor> in{f32({1}, {1}), i32({1}, {1})};
    CHECK_THROWS_WITH_AS(evaluate_node(*t.node, in), doctest::Contains("element types f32 and i32"),
                         Error);
}

TEST_CASE("ONNX node tests: Add, Sub, Mul, Div, Pow with broadcasting") {
    using namespace onnx_pb;
    const std::vector<std::pair<std::string, std::string>> cases{{"test_add_bcast", "Add"},
                                                                 {"test_sub_bcast", "Subtract"},
                                                                 {"test_mul_bcast", "Multiply"},
                                                                 {"test_div_bcast", "Divide"},
                                                                 {"test_pow_bcast_array", "Power"},
                                                                 {"test_add_uint8", "Add"},
                                                                 {"test_sub_uint8", "Subtract"},
                                                                 {"test_mul_uint8", "Multiply"},
                                                                 {"test_pow", "Power"},
                                                                 {"test_div", "Divide"}};
    for (const auto& [test, op] : cases) {
        INFO(test);
        check_close(run_op(op, 1, {input(test, 0), input(test, 1)}), output(test), 1e-5, 1e-4);
    }
}

TEST_CASE("ONNX node tests: Mod (fmod=0 is FloorMod, fmod=1 is Mod)") {
    using namespace onnx_pb;
    for (const char* test : {"test_mod_mixed_sign_int32", "test_mod_mixed_sign_int64",
                             "test_mod_mixed_sign_int8", "test_mod_broadcast", "test_mod_uint8"}) {
        INFO(test);
        check_close(run_op("FloorMod", 1, {input(test, 0), input(test, 1)}), output(test));
    }
    for (const char* test :
         {"test_mod_mixed_sign_float32", "test_mod_mixed_sign_float64", "test_mod_int64_fmod"}) {
        INFO(test);
        check_close(run_op("Mod", 1, {input(test, 0), input(test, 1)}), output(test));
    }
}
