// Reduce* operations: hand-computed values on a [2,3,2] tensor holding 1..12, keep_dims,
// negative and empty axes, inference with constant and unknown axes, errors, ONNX test data.
#include "elementwise_test_helpers.hpp"

#include <optional>
#include <tuple>

using namespace mo;
using namespace mo::test;

namespace {

// x[i,j,k] = 6i + 2j + k + 1
Tensor iota_2x3x2() {
    std::vector<float> v(12);
    for (int i = 0; i < 12; ++i) v[i] = static_cast<float>(i + 1);
    return f32({2, 3, 2}, v);
}

Tensor reduce(const std::string& op, const Tensor& data, std::vector<std::int64_t> axes,
              bool keep_dims = false, int opset = 1) {
    const auto n = static_cast<std::int64_t>(axes.size());
    return run_op(op, opset, {data, i64({n}, std::move(axes))},
                  attrs_of({{"keep_dims", keep_dims}}));
}

// Reduction over a Parameter `data` with the given axes input (Const when `axes` has a value).
OpUnderTest reduce_over_param(const std::string& op, PartialShape data_shape,
                              std::optional<std::vector<std::int64_t>> axes, bool keep_dims,
                              ElementType data_type = ElementType::f32) {
    OpUnderTest t;
    Output data = t.graph->add_parameter("data", data_type, std::move(data_shape)).output(0);
    Output ax =
        axes ? t.graph->add_const(i64({static_cast<std::int64_t>(axes->size())}, *axes)).output(0)
             : t.graph->add_parameter("axes", ElementType::i64, {2}).output(0);
    t.node = &t.graph->add(op, 1, {data, ax}, attrs_of({{"keep_dims", keep_dims}}));
    return t;
}

} // namespace

TEST_CASE("ReduceSum over one, several, negative, all and no axes") {
    const Tensor x = iota_2x3x2();
    Tensor r = reduce("ReduceSum", x, {1});
    CHECK(r.shape() == Shape{2, 2});
    check_close(r, {9, 12, 27, 30});
    r = reduce("ReduceSum", x, {1}, true);
    CHECK(r.shape() == Shape{2, 1, 2});
    check_close(r, {9, 12, 27, 30});
    r = reduce("ReduceSum", x, {0, 2});
    CHECK(r.shape() == Shape{3});
    check_close(r, {18, 26, 34});
    check_close(reduce("ReduceSum", x, {-1}), {3, 7, 11, 15, 19, 23});
    r = reduce("ReduceSum", x, {0, 1, 2});
    CHECK(r.shape().empty());
    check_close(r, {78});
    r = reduce("ReduceSum", x, {2, 0, 1}, true);
    CHECK(r.shape() == Shape{1, 1, 1});
    check_close(r, {78});
    r = reduce("ReduceSum", x, {});
    CHECK(r.shape() == Shape{2, 3, 2}); // empty axes: identity
    check_close(r, x.to_doubles());
    // a scalar axes input
    r = run_op("ReduceSum", 1, {x, Tensor::scalar<std::int32_t>(0)});
    check_close(r, {8, 10, 12, 14, 16, 18});
}

TEST_CASE("ReduceMean, ReduceProd, ReduceMax, ReduceMin") {
    const Tensor x = iota_2x3x2();
    check_close(reduce("ReduceMean", x, {1}), {3, 4, 9, 10});
    check_close(reduce("ReduceProd", x, {2}), {2, 12, 30, 56, 90, 132});
    check_close(reduce("ReduceMax", x, {0, 1}), {11, 12});
    check_close(reduce("ReduceMin", x, {0, 1}), {1, 2});
    check_close(reduce("ReduceMax", f32({3}, {-5, -2, -9}), {0}), {-2});
    // integer mean divides in the integer type
    check_ints(reduce("ReduceMean", i32({2, 2}, {1, 2, 4, 7}), {1}), {1, 5});
    check_ints(reduce("ReduceMin", i64({2, 2}, {5, -3, 0, 8}), {0}), {0, -3});
}

TEST_CASE("ReduceL1 and ReduceL2") {
    check_close(reduce("ReduceL1", f32({2, 2}, {-1, 2, -3, 4}), {1}, false, 4), {3, 7});
    check_close(reduce("ReduceL2", f32({2, 2}, {3, 4, -6, 8}), {1}, false, 4), {5, 10});
    check_close(reduce("ReduceL2", f32({2, 2}, {3, -6, 4, 8}), {0}, true, 4), {5, 10});
    check_ints(reduce("ReduceL2", i32({1, 2}, {1, 1}), {1}, false, 4), {1}); // sqrt 2 rounds to 1
}

TEST_CASE("ReduceLogicalAnd and ReduceLogicalOr") {
    const Tensor b = boolean({2, 3}, {true, true, true, true, false, true});
    check_ints(reduce("ReduceLogicalAnd", b, {1}), {1, 0});
    check_ints(reduce("ReduceLogicalOr", b, {1}), {1, 1});
    check_ints(reduce("ReduceLogicalOr", boolean({2, 2}, {false, false, false, true}), {0}),
               {0, 1});
    Tensor r = reduce("ReduceLogicalAnd", b, {0, 1}, true);
    CHECK(r.type() == ElementType::boolean);
    CHECK(r.shape() == Shape{1, 1});
    check_ints(r, {0});
}

TEST_CASE("reductions of f16 and of empty dimensions") {
    const Tensor h = Tensor::from_vector<float>({2, 2}, {0.5f, 1.5f, 2, 4}).cast(ElementType::f16);
    Tensor r = reduce("ReduceSum", h, {1});
    CHECK(r.type() == ElementType::f16);
    check_close(r, {2, 6});
    // summing over a zero-sized axis gives the identity
    r = reduce("ReduceSum", f32({2, 0}, {}), {1});
    CHECK(r.shape() == Shape{2});
    check_close(r, {0, 0});
    check_close(reduce("ReduceProd", f32({0, 3}, {}), {0}), {1, 1, 1});
}

TEST_CASE("reduction inference with constant and unknown axes") {
    auto t =
        reduce_over_param("ReduceMean", {1, 3, 224, 224}, std::vector<std::int64_t>{2, 3}, true);
    CHECK(t.shape() == PartialShape{1, 3, 1, 1});
    t = reduce_over_param("ReduceMean", {1, 3, 224, 224}, std::vector<std::int64_t>{-1, -2}, false);
    CHECK(t.shape() == PartialShape{1, 3});
    t = reduce_over_param("ReduceMax", {-1, 5, 7}, std::vector<std::int64_t>{1}, false);
    CHECK(t.shape() == PartialShape{-1, 7});
    // axes from a Parameter: rank is known from keep_dims or the axes count
    t = reduce_over_param("ReduceSum", {4, 5, 6}, std::nullopt, true);
    CHECK(t.shape() == PartialShape::dynamic_of_rank(3));
    t = reduce_over_param("ReduceSum", {4, 5, 6}, std::nullopt, false);
    CHECK(t.shape() == PartialShape::dynamic_of_rank(1));
    t = reduce_over_param("ReduceSum", PartialShape::dynamic(), std::vector<std::int64_t>{0},
                          false);
    CHECK(!t.shape().rank_known());
    CHECK(t.type() == ElementType::f32);
}

TEST_CASE("reduction inference errors") {
    CHECK_THROWS_WITH_AS(
        reduce_over_param("ReduceSum", {2, 3}, std::vector<std::int64_t>{2}, false),
        doctest::Contains("axis 2 is out of range for rank 2"), InferenceError);
    CHECK_THROWS_WITH_AS(
        reduce_over_param("ReduceSum", {2, 3}, std::vector<std::int64_t>{-3}, false),
        doctest::Contains("out of range"), InferenceError);
    CHECK_THROWS_WITH_AS(
        reduce_over_param("ReduceSum", {2, 3}, std::vector<std::int64_t>{1, -1}, false),
        doctest::Contains("listed more than once"), InferenceError);
    CHECK_THROWS_WITH_AS(reduce_over_param("ReduceLogicalOr", {2, 3}, std::vector<std::int64_t>{1},
                                           false, ElementType::f32),
                         doctest::Contains("expected boolean"), InferenceError);
    CHECK_THROWS_WITH_AS(reduce_over_param("ReduceSum", {2, 3}, std::vector<std::int64_t>{1}, false,
                                           ElementType::boolean),
                         doctest::Contains("expected a numeric type"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("ReduceSum", 1, {{ElementType::f32, {2, 3}}, {ElementType::f32, {1}}}),
        doctest::Contains("axes have element type f32"), InferenceError);
    CHECK_THROWS_WITH_AS(
        make_over_params("ReduceSum", 1, {{ElementType::f32, {2, 3}}, {ElementType::i64, {1, 1}}}),
        doctest::Contains("axes must be a scalar or 1-D"), InferenceError);
}

TEST_CASE("ONNX node tests: reductions with keepdims (axes read off the output shape)") {
    using namespace onnx_pb;
    const std::vector<std::pair<std::string, std::pair<std::string, int>>> cases{
        {"test_reduce_sum_keepdims_random", {"ReduceSum", 1}},
        {"test_reduce_sum_default_axes_keepdims_random", {"ReduceSum", 1}},
        {"test_reduce_mean_keepdims_random", {"ReduceMean", 1}},
        {"test_reduce_mean_default_axes_keepdims_random", {"ReduceMean", 1}},
        {"test_reduce_max_keepdims_random", {"ReduceMax", 1}},
        {"test_reduce_min_keepdims_random", {"ReduceMin", 1}},
        {"test_reduce_prod_keepdims_random", {"ReduceProd", 1}},
        {"test_reduce_l1_keep_dims_random", {"ReduceL1", 4}},
        {"test_reduce_l2_keep_dims_random", {"ReduceL2", 4}},
        {"test_reduce_l2_default_axes_keepdims_random", {"ReduceL2", 4}},
        {"test_reduce_l1_negative_axes_keep_dims_random", {"ReduceL1", 4}}};
    for (const auto& [test, op] : cases) {
        INFO(test);
        const Tensor x = input(test, 0);
        const Tensor expected = output(test);
        std::vector<std::int64_t> axes;
        for (std::size_t i = 0; i < x.shape().size(); ++i)
            if (expected.shape()[i] == 1 && x.shape()[i] != 1)
                axes.push_back(static_cast<std::int64_t>(i));
        check_close(reduce(op.first, x, axes, true, op.second), expected, 1e-5, 1e-4);
    }
}

TEST_CASE("ONNX node tests: reductions without keepdims") {
    using namespace onnx_pb;
    // ONNX's cases: axes [1] for Sum/Mean/Max/Min/Prod, [2] for L1/L2.
    const std::vector<std::tuple<std::string, std::string, int, std::int64_t>> cases{
        {"test_reduce_sum_do_not_keepdims_random", "ReduceSum", 1, 1},
        {"test_reduce_mean_do_not_keepdims_random", "ReduceMean", 1, 1},
        {"test_reduce_max_do_not_keepdims_random", "ReduceMax", 1, 1},
        {"test_reduce_min_do_not_keepdims_random", "ReduceMin", 1, 1},
        {"test_reduce_prod_do_not_keepdims_random", "ReduceProd", 1, 1},
        {"test_reduce_l1_do_not_keepdims_random", "ReduceL1", 4, 2},
        {"test_reduce_l2_do_not_keepdims_random", "ReduceL2", 4, 2}};
    for (const auto& [test, op, opset, axis] : cases) {
        INFO(test);
        check_close(reduce(op, input(test, 0), {axis}, false, opset), output(test), 1e-5, 1e-4);
    }
    // opset-13 ReduceSum takes axes as an input
    const std::string t = "test_reduce_sum_negative_axes_keepdims_example";
    check_close(run_op("ReduceSum", 1, {input(t, 0), input(t, 1)}, attrs_of({{"keep_dims", true}})),
                output(t));
}
