// CumSum-3: inclusive/exclusive, forward/reverse, axes, inference, ONNX test data.
#include "elementwise_test_helpers.hpp"

#include <tuple>

using namespace mo;
using namespace mo::test;

namespace {
Attributes flags(bool exclusive, bool reverse) {
    return attrs_of({{"exclusive", exclusive}, {"reverse", reverse}});
}
} // namespace

TEST_CASE("CumSum on a vector in all four modes") {
    const Tensor x = f32({5}, {1, 2, 3, 4, 5});
    check_close(run_op("CumSum", 3, {x}), {1, 3, 6, 10, 15}); // axis defaults to 0
    check_close(run_op("CumSum", 3, {x, i64({}, {0})}, flags(true, false)), {0, 1, 3, 6, 10});
    check_close(run_op("CumSum", 3, {x, i64({}, {0})}, flags(false, true)), {15, 14, 12, 9, 5});
    check_close(run_op("CumSum", 3, {x, i64({}, {0})}, flags(true, true)), {14, 12, 9, 5, 0});
}

TEST_CASE("CumSum along each axis of a matrix, negative axis, integers") {
    const Tensor x = i32({2, 3}, {1, 2, 3, 4, 5, 6});
    check_ints(run_op("CumSum", 3, {x, i32({}, {1})}), {1, 3, 6, 4, 9, 15});
    check_ints(run_op("CumSum", 3, {x, i32({}, {-1})}), {1, 3, 6, 4, 9, 15});
    check_ints(run_op("CumSum", 3, {x, i64({}, {0})}), {1, 2, 3, 5, 7, 9});
    check_ints(run_op("CumSum", 3, {x, i64({}, {0})}, flags(true, true)), {4, 5, 6, 0, 0, 0});
    // middle axis of a [2,2,2] tensor
    const Tensor y = f32({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    check_close(run_op("CumSum", 3, {y, i64({}, {1})}), {1, 2, 4, 6, 5, 6, 12, 14});
}

TEST_CASE("CumSum inference and errors") {
    auto t = make_over_params("CumSum", 3, {{ElementType::f16, {-1, 4}}, {ElementType::i32, {}}});
    CHECK(t.type() == ElementType::f16);
    CHECK(t.shape() == PartialShape{-1, 4});
    CHECK_THROWS_WITH_AS(
        make_over_params("CumSum", 3, {{ElementType::f32, {3}}, {ElementType::f32, {}}}),
        doctest::Contains("axis has element type f32"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("CumSum", 3, {{ElementType::f32, {3}}, {ElementType::i64, {2}}}),
        doctest::Contains("axis must be a scalar"), InferenceError);
    CHECK_THROWS_WITH_AS(make_over_consts("CumSum", 3, {f32({3}, {1, 2, 3}), i64({}, {1})}),
                         doctest::Contains("axis 1 is out of range for rank 1"), InferenceError);
    CHECK_THROWS_WITH_AS(make_over_params("CumSum", 3, {{ElementType::boolean, {3}}}),
                         doctest::Contains("expected a numeric type"), InferenceError);
}

TEST_CASE("ONNX node tests: CumSum") {
    using namespace onnx_pb;
    const std::vector<std::tuple<std::string, bool, bool>> cases{
        {"test_cumsum_1d", false, false},
        {"test_cumsum_1d_exclusive", true, false},
        {"test_cumsum_1d_reverse", false, true},
        {"test_cumsum_1d_reverse_exclusive", true, true},
        {"test_cumsum_2d_axis_0", false, false},
        {"test_cumsum_2d_axis_1", false, false},
        {"test_cumsum_2d_negative_axis", false, false}};
    for (const auto& [test, exclusive, reverse] : cases) {
        INFO(test);
        check_close(
            run_op("CumSum", 3, {input(test, 0), input(test, 1)}, flags(exclusive, reverse)),
            output(test));
    }
}
