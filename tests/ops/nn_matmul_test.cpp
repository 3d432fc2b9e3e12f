#include "nn_test_util.hpp"

using namespace nntest;

namespace {
Attributes transposes(bool a, bool b) {
    return attrs({{"transpose_a", a}, {"transpose_b", b}});
}
const Tensor a23 = f32({2, 3}, {1, 2, 3, 4, 5, 6});
const Tensor b32 = f32({3, 2}, {7, 8, 9, 10, 11, 12});
} // namespace

TEST_CASE("MatMul 2D x 2D") {
    OneOp op("MatMul", 1, {a23, b32}, transposes(false, false));
    CHECK(op.shape() == PartialShape{2, 2});
    // [1 2 3; 4 5 6] x [7 8; 9 10; 11 12]
    check_values(op.run()[0], {58, 64, 139, 154});
}

TEST_CASE("MatMul transposes the two innermost axes") {
    // A^T with A = [[1,4],[2,5],[3,6]] stored as [3,2] gives the same product.
    OneOp ta("MatMul", 1, {f32({3, 2}, {1, 4, 2, 5, 3, 6}), b32}, transposes(true, false));
    check_values(ta.run()[0], {58, 64, 139, 154});
    OneOp tb("MatMul", 1, {a23, f32({2, 3}, {7, 9, 11, 8, 10, 12})}, transposes(false, true));
    check_values(tb.run()[0], {58, 64, 139, 154});
    OneOp both("MatMul", 1, {f32({3, 2}, {1, 4, 2, 5, 3, 6}), f32({2, 3}, {7, 9, 11, 8, 10, 12})},
               transposes(true, true));
    CHECK(both.shape() == PartialShape{2, 2});
    check_values(both.run()[0], {58, 64, 139, 154});
}

TEST_CASE("MatMul 1-D operands") {
    const Tensor v3 = f32({3}, {1, 2, 3});
    OneOp dot("MatMul", 1, {v3, f32({3}, {4, 5, 6})});
    CHECK(dot.shape() == PartialShape(Shape{}));
    check_values(dot.run()[0], {32});
    OneOp vm("MatMul", 1, {v3, b32});
    CHECK(vm.shape() == PartialShape{2});
    check_values(vm.run()[0], {58, 64});
    OneOp mv("MatMul", 1, {a23, v3}, transposes(false, true)); // transpose ignored for 1-D
    CHECK(mv.shape() == PartialShape{2});
    check_values(mv.run()[0], {14, 32});
    // 1-D x batched: [3] x [2,3,2] -> [2,2].
    OneOp vb("MatMul", 1, {v3, f32({2, 3, 2}, {7, 8, 9, 10, 11, 12, 1, 0, 0, 1, 0, 0})});
    CHECK(vb.shape() == PartialShape{2, 2});
    check_values(vb.run()[0], {58, 64, 1, 2});
}

TEST_CASE("MatMul broadcasts batch dimensions") {
    // [2,1,1,2] x [3,2,1] -> [2,3,1,1]
    OneOp op("MatMul", 1, {f32({2, 1, 1, 2}, {1, 2, 3, 4}), f32({3, 2, 1}, {1, 1, 10, 0, 0, 100})});
    CHECK(op.shape() == PartialShape{2, 3, 1, 1});
    check_values(op.run()[0], {3, 10, 200, 7, 30, 400});
    CHECK(infer_shape("MatMul", 1, {{5, 1, 4, 3}, {7, 3, 2}}, transposes(false, false)) ==
          PartialShape{5, 7, 4, 2});
    CHECK(infer_shape("MatMul", 1, {{-1, 4, 3}, {3, -1}}, transposes(false, false)) ==
          PartialShape{-1, 4, -1});
}

TEST_CASE("MatMul on integers is exact") {
    OneOp op("MatMul", 1, {a23.cast(ElementType::i32), b32.cast(ElementType::i32)});
    const auto y = op.run()[0];
    CHECK(y.type() == ElementType::i32);
    check_values(y, {58, 64, 139, 154});
}

TEST_CASE("MatMul errors") {
    CHECK(contains(infer_error("MatMul", 1, {a23, a23}), "inner dimensions do not match"));
    CHECK(contains(infer_error("MatMul", 1,
                               {f32({2, 2, 3}, std::vector<float>(12)),
                                f32({3, 3, 2}, std::vector<float>(18))}),
                   "batch dimensions [2] and [3] do not broadcast"));
    CHECK(contains(infer_error("MatMul", 1, {Tensor::scalar<float>(1), a23}), "rank >= 1"));
    CHECK(contains(infer_error("MatMul", 1, {a23, b32.cast(ElementType::f64)}),
                   "first input type f32 does not match second input type f64"));
}
