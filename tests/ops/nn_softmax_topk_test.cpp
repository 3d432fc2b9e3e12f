#include "nn_test_util.hpp"

using namespace nntest;

TEST_CASE("Softmax along an axis") {
    const Tensor x = f32({2, 3}, {1, 2, 3, 0, 0, 1000});
    const double s = std::exp(1.0) + std::exp(2.0) + std::exp(3.0);
    for (const auto& [type, opset] :
         {std::pair{"SoftMax", 1}, std::pair{"Softmax", 1}, std::pair{"Softmax", 8}}) {
        OneOp op(type, opset, {x}, attrs({{"axis", std::int64_t{1}}}));
        check_values(op.run()[0],
                     {std::exp(1.0) / s, std::exp(2.0) / s, std::exp(3.0) / s, 0, 0, 1});
    }
    // axis 0 over columns, and opset 8's negative axis.
    OneOp col("Softmax", 8, {f32({2, 1}, {0, std::log(3.0f)})},
              attrs({{"axis", std::int64_t{-2}}}));
    check_values(col.run()[0], {0.25, 0.75});
    CHECK(contains(infer_error("SoftMax", 1, {x}, attrs({{"axis", std::int64_t{-1}}})),
                   "must not be negative"));
    CHECK(contains(infer_error("Softmax", 8, {x}, attrs({{"axis", std::int64_t{2}}})),
                   "axis 2 is out of range for rank 2"));
}

TEST_CASE("LogSoftmax is stable for large inputs") {
    OneOp op("LogSoftmax", 5, {f32({1, 2}, {1000, 1000})}, attrs({{"axis", std::int64_t{-1}}}));
    check_values(op.run()[0], {-std::log(2.0), -std::log(2.0)});
    const double l = std::log(std::exp(1.0) + std::exp(2.0));
    OneOp small("LogSoftmax", 5, {f32({2}, {1, 2})}, attrs({{"axis", std::int64_t{0}}}));
    check_values(small.run()[0], {1 - l, 2 - l});
}

namespace {
Attributes topk_attrs(std::int64_t axis, const char* mode, const char* sort) {
    return attrs({{"axis", axis}, {"mode", std::string(mode)}, {"sort", std::string(sort)}});
}
const Tensor tk = f32({2, 3}, {1, 3, 2, 6, 5, 4});
} // namespace

TEST_CASE("TopK max sorted by value") {
    for (int opset : {1, 3}) {
        OneOp op("TopK", opset, {tk, i64({}, {2})}, topk_attrs(1, "max", "value"));
        CHECK(op.shape(0) == PartialShape{2, 2});
        CHECK(op.node->output_type(1) == ElementType::i32);
        const auto out = op.run();
        check_values(out[0], {3, 2, 6, 5});
        CHECK(out[1].type() == ElementType::i32);
        check_values(out[1], {1, 2, 0, 1});
    }
}

TEST_CASE("TopK min, sort by index, i64 indices, axis 0") {
    Attributes a = topk_attrs(-1, "min", "index");
    a.set("index_element_type", "i64");
    OneOp op("TopK", 3, {tk, i64({}, {2})}, a);
    const auto out = op.run();
    check_values(out[0], {1, 2, 5, 4});
    CHECK(out[1].type() == ElementType::i64);
    check_values(out[1], {0, 2, 1, 2});
    OneOp col("TopK", 3, {tk, i64({}, {1})}, topk_attrs(0, "max", "value"));
    CHECK(col.shape(0) == PartialShape{1, 3});
    check_values(col.run()[0], {6, 5, 4});
    check_values(col.run()[1], {1, 1, 1});
}

TEST_CASE("TopK ties keep the lower index first; integer data keeps its type") {
    OneOp op("TopK", 3, {i64({4}, {7, 9, 9, 1}), i64({}, {3})}, topk_attrs(0, "max", "value"));
    const auto out = op.run();
    CHECK(out[0].type() == ElementType::i64);
    check_values(out[0], {9, 9, 7});
    check_values(out[1], {1, 2, 0});
}

TEST_CASE("TopK shapes and errors") {
    // k unknown at inference: the axis is dynamic.
    mo::Graph g;
    auto& x = g.add_parameter("x", ElementType::f32, PartialShape{4, 10});
    auto& k = g.add_parameter("k", ElementType::i64, PartialShape(Shape{}));
    auto& node = g.add("TopK", 3, {x.output(0), k.output(0)}, topk_attrs(1, "max", "value"));
    CHECK(node.output_shape(0) == PartialShape{4, -1});
    CHECK(node.output_shape(1) == PartialShape{4, -1});
    CHECK(contains(infer_error("TopK", 3, {tk, i64({}, {2})}, topk_attrs(1, "biggest", "value")),
                   "unknown mode 'biggest'"));
    CHECK(contains(infer_error("TopK", 3, {tk, i64({}, {2})}, topk_attrs(1, "max", "random")),
                   "unknown sort 'random'"));
    CHECK(contains(infer_error("TopK", 3, {tk, i64({}, {-1})}, topk_attrs(1, "max", "value")),
                   "k must not be negative"));
    CHECK(contains(infer_error("TopK", 3, {tk, i64({}, {1})}, topk_attrs(2, "max", "value")),
                   "axis 2 is out of range"));
    CHECK(contains(infer_error("TopK", 3, {tk, f32({}, {1})}, topk_attrs(1, "max", "value")),
                   "k must have an integer type"));
}
