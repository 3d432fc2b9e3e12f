// Convert and ConvertLike.
#include "elementwise_test_helpers.hpp"

#include <cmath>
#include <limits>

using namespace mo;
using namespace mo::test;

namespace {
Attributes to(const char* type) {
    return attrs_of({{"destination_type", std::string(type)}});
}
} // namespace

TEST_CASE("Convert float to integer truncates toward zero") {
    Tensor r = run_op("Convert", 1, {f32({5}, {1.7f, -1.7f, 2.5f, -0.5f, 3})}, to("i32"));
    CHECK(r.type() == ElementType::i32);
    check_ints(r, {1, -1, 2, 0, 3});
    check_ints(run_op("Convert", 1, {f32({2}, {7.9f, -7.9f})}, to("i64")), {7, -7});
}

TEST_CASE("Convert saturates out-of-range floats and maps NaN to 0") {
    check_ints(run_op("Convert", 1, {f32({3}, {300, -5, 255.9f})}, to("u8")), {255, 0, 255});
    check_ints(run_op("Convert", 1, {f32({2}, {1e30f, std::nanf("")})}, to("i32")),
               {2147483647, 0});
}

TEST_CASE("Convert between integers wraps; to boolean is 'not zero'") {
    check_ints(run_op("Convert", 1, {i32({2}, {300, -1})}, to("i8")), {44, -1});
    check_ints(run_op("Convert", 1, {i32({2}, {-1, 256})}, to("u8")), {255, 0});
    Tensor r = run_op("Convert", 1, {f32({4}, {0, 0.5f, -2, -0.0f})}, to("boolean"));
    CHECK(r.type() == ElementType::boolean);
    check_ints(r, {0, 1, 1, 0});
    check_close(run_op("Convert", 1, {boolean({2}, {true, false})}, to("f32")), {1, 0});
    check_close(run_op("Convert", 1, {i64({2}, {-3, 1 << 20})}, to("f64")), {-3, 1 << 20});
}

TEST_CASE("Convert to and from f16") {
    Tensor h = run_op("Convert", 1, {f32({3}, {1.5f, -0.25f, 70000})}, to("f16"));
    CHECK(h.type() == ElementType::f16);
    check_close(h, {1.5, -0.25, std::numeric_limits<double>::infinity()}); // above f16 max
    check_ints(run_op("Convert", 1, {h}, to("i32")), {1, 0, 2147483647});
    // same type: unchanged
    check_close(run_op("Convert", 1, {f32({1}, {2})}, to("f32")), {2});
}

TEST_CASE("ConvertLike takes the type of the second input") {
    Tensor r = run_op("ConvertLike", 1, {f32({2}, {1.9f, -2.9f}), i64({3}, {0, 0, 0})});
    CHECK(r.type() == ElementType::i64);
    CHECK(r.shape() == Shape{2});
    check_ints(r, {1, -2});
}

TEST_CASE("Convert inference and errors") {
    auto t = make_over_params("Convert", 1, {{ElementType::f32, {-1, 3}}}, to("f16"));
    CHECK(t.type() == ElementType::f16);
    CHECK(t.shape() == PartialShape{-1, 3});
    t = make_over_params("ConvertLike", 1, {{ElementType::u8, {2}}, {ElementType::f32, {}}});
    CHECK(t.type() == ElementType::f32);
    CHECK_THROWS_WITH_AS(make_over_params("Convert", 1, {{ElementType::f32, {2}}}, to("float32")),
                         doctest::Contains("unsupported destination_type 'float32'"),
                         InferenceError);
    CHECK_THROWS_WITH_AS(make_over_params("Convert", 1, {{ElementType::f32, {2}}}),
                         doctest::Contains("missing attribute 'destination_type'"), InferenceError);
}

TEST_CASE("ONNX node tests: Cast between float types") {
    using namespace onnx_pb;
    const std::vector<std::pair<std::string, const char*>> cases{
        {"test_cast_FLOAT_to_FLOAT16", "f16"},  {"test_cast_FLOAT16_to_FLOAT", "f32"},
        {"test_cast_DOUBLE_to_FLOAT", "f32"},   {"test_cast_FLOAT_to_DOUBLE", "f64"},
        {"test_cast_FLOAT16_to_DOUBLE", "f64"}, {"test_cast_DOUBLE_to_FLOAT16", "f16"}};
    for (const auto& [test, type] : cases) {
        INFO(test);
        const Tensor r = run_op("Convert", 1, {input(test, 0)}, to(type));
        const Tensor expected = output(test);
        CHECK(r.type() == expected.type());
        check_close(r, expected, 0, 1e-7);
    }
}
