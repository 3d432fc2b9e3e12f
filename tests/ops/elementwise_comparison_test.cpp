// Comparisons, logical operations and Select.
#include "elementwise_test_helpers.hpp"

using namespace mo;
using namespace mo::test;

TEST_CASE("comparisons produce boolean tensors") {
    const Tensor a = f32({4}, {1, 2, 3, 4});
    const Tensor b = f32({4}, {4, 2, 1, 4});
    Tensor r = run_op("Equal", 1, {a, b});
    CHECK(r.type() == ElementType::boolean);
    check_ints(r, {0, 1, 0, 1});
    check_ints(run_op("NotEqual", 1, {a, b}), {1, 0, 1, 0});
    check_ints(run_op("Less", 1, {a, b}), {1, 0, 0, 0});
    check_ints(run_op("LessEqual", 1, {a, b}), {1, 1, 0, 1});
    check_ints(run_op("Greater", 1, {a, b}), {0, 0, 1, 0});
    check_ints(run_op("GreaterEqual", 1, {a, b}), {0, 1, 1, 1});
}

TEST_CASE("comparisons broadcast and work on integers and booleans") {
    // [2,1] vs [3] -> [2,3]
    Tensor r = run_op("Greater", 1, {i64({2, 1}, {1, 5}), i64({3}, {0, 1, 6})});
    CHECK(r.shape() == Shape{2, 3});
    check_ints(r, {1, 0, 0, 1, 1, 0});
    check_ints(run_op("Equal", 1, {boolean({3}, {true, false, true}), boolean({}, {true})}),
               {1, 0, 1});
    check_ints(
        run_op("Less", 1, {tensor<std::int8_t>({2}, {-5, 3}), tensor<std::int8_t>({2}, {-4, 3})}),
        {1, 0});
}

TEST_CASE("comparison inference") {
    auto t = make_over_params("Equal", 1, {{ElementType::i32, {2, 1}}, {ElementType::i32, {4}}});
    CHECK(t.type() == ElementType::boolean);
    CHECK(t.shape() == PartialShape{2, 4});
    CHECK_THROWS_WITH_AS(
        make_over_params("Less", 1, {{ElementType::f32, {3}}, {ElementType::f16, {3}}}),
        doctest::Contains("inputs have element types f32 and f16"), InferenceError);
    CHECK_THROWS_AS(
        make_over_params("Greater", 1, {{ElementType::f32, {3}}, {ElementType::f32, {4}}}),
        InferenceError);
}

TEST_CASE("logical operations follow their truth tables with broadcasting") {
    const Tensor a = boolean({4}, {false, false, true, true});
    const Tensor b = boolean({4}, {false, true, false, true});
    check_ints(run_op("LogicalAnd", 1, {a, b}), {0, 0, 0, 1});
    check_ints(run_op("LogicalOr", 1, {a, b}), {0, 1, 1, 1});
    check_ints(run_op("LogicalXor", 1, {a, b}), {0, 1, 1, 0});
    check_ints(run_op("LogicalNot", 1, {a}), {1, 1, 0, 0});
    Tensor r =
        run_op("LogicalAnd", 1, {boolean({2, 1}, {true, false}), boolean({2}, {true, false})});
    CHECK(r.shape() == Shape{2, 2});
    check_ints(r, {1, 0, 0, 0});
}

TEST_CASE("logical operations require boolean inputs") {
    CHECK_THROWS_WITH_AS(
        make_over_params("LogicalAnd", 1, {{ElementType::f32, {3}}, {ElementType::f32, {3}}}),
        doctest::Contains("expected boolean"), InferenceError);
    CHECK_THROWS_WITH_AS(make_over_params("LogicalNot", 1, {{ElementType::i32, {3}}}),
                         doctest::Contains("expected boolean"), InferenceError);
}

TEST_CASE("ONNX node tests: comparison and logical operators") {
    using namespace onnx_pb;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"test_equal_bcast", "Equal"},          {"test_equal", "Equal"},
        {"test_greater_bcast", "Greater"},      {"test_less_bcast", "Less"},
        {"test_less_equal_bcast", "LessEqual"}, {"test_greater_equal_bcast", "GreaterEqual"},
        {"test_and_bcast4v3d", "LogicalAnd"},   {"test_or_bcast3v1d", "LogicalOr"},
        {"test_xor_bcast4v2d", "LogicalXor"},   {"test_and2d", "LogicalAnd"}};
    for (const auto& [test, op] : cases) {
        INFO(test);
        const Tensor r = run_op(op, 1, {input(test, 0), input(test, 1)});
        const Tensor expected = output(test);
        CHECK(r.shape() == expected.shape());
        CHECK(r.to_int64s() == expected.to_int64s());
    }
    const Tensor r = run_op("LogicalNot", 1, {input("test_not_3d", 0)});
    CHECK(r.to_int64s() == output("test_not_3d").to_int64s());
}

TEST_CASE("Select picks then/else by condition with broadcasting") {
    check_close(run_op("Select", 1,
                       {boolean({4}, {true, false, false, true}), f32({4}, {1, 2, 3, 4}),
                        f32({4}, {-1, -2, -3, -4})}),
                {1, -2, -3, 4});
    // cond [2,1], then scalar, else [3] -> [2,3]
    Tensor r =
        run_op("Select", 1, {boolean({2, 1}, {true, false}), i32({}, {7}), i32({3}, {1, 2, 3})});
    CHECK(r.shape() == Shape{2, 3});
    check_ints(r, {7, 7, 7, 1, 2, 3});
    // f16 values are moved untouched
    const Tensor h = Tensor::from_vector<float>({2}, {0.5f, 1.5f}).cast(ElementType::f16);
    const Tensor g = Tensor::from_vector<float>({2}, {-0.5f, -1.5f}).cast(ElementType::f16);
    r = run_op("Select", 1, {boolean({2}, {false, true}), h, g});
    CHECK(r.type() == ElementType::f16);
    check_close(r, {-0.5, 1.5});
}

TEST_CASE("Select inference and errors") {
    auto t = make_over_params("Select", 1,
                              {{ElementType::boolean, {2, 1, 1}},
                               {ElementType::f32, {1, 4}},
                               {ElementType::f32, {3, 1}}});
    CHECK(t.shape() == PartialShape{2, 3, 4});
    CHECK(t.type() == ElementType::f32);
    CHECK_THROWS_WITH_AS(
        make_over_params(
            "Select", 1,
            {{ElementType::f32, {2}}, {ElementType::f32, {2}}, {ElementType::f32, {2}}}),
        doctest::Contains("cond is f32, expected boolean"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params(
            "Select", 1,
            {{ElementType::boolean, {2}}, {ElementType::f32, {2}}, {ElementType::i32, {2}}}),
        doctest::Contains("inputs have element types f32 and i32"), InferenceError);
    CHECK_THROWS_AS(
        make_over_params(
            "Select", 1,
            {{ElementType::boolean, {3}}, {ElementType::f32, {2}}, {ElementType::f32, {2}}}),
        InferenceError);
}

TEST_CASE("ONNX node test: Where is Select") {
    using namespace onnx_pb;
    for (const char* test : {"test_where_example", "test_where_long_example"}) {
        INFO(test);
        check_close(run_op("Select", 1, {input(test, 0), input(test, 1), input(test, 2)}),
                    output(test));
    }
}
