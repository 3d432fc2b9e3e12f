#include "nn_test_util.hpp"

using namespace nntest;

namespace {

Attributes pool_attrs(Ints kernel, Ints strides, Ints pb, Ints pe,
                      const char* auto_pad = "explicit", const char* rounding = "floor") {
    return attrs({{"kernel", kernel},
                  {"strides", strides},
                  {"pads_begin", pb},
                  {"pads_end", pe},
                  {"auto_pad", std::string(auto_pad)},
                  {"rounding_type", std::string(rounding)}});
}

const Tensor spec_input = f32({1, 1, 3, 3}, {-1, 2, 3, 4, 5, -6, -7, 8, 9});

} // namespace

TEST_CASE("MaxPool spec example 1: explicit pads") {
    for (int opset : {1, 8}) {
        OneOp op("MaxPool", opset, {spec_input}, pool_attrs({2, 2}, {1, 1}, {1, 1}, {1, 1}));
        CHECK(op.shape() == PartialShape{1, 1, 4, 4});
        const auto out = op.run();
        // The spec prints -6 (index 5) at [1][3], but that window holds input rows 0-1 of
        // column 2, {3, -6}: its maximum is 3 (index 2).
        check_values(out[0], {-1, 2, 3, 3, 4, 5, 5, 3, 4, 8, 9, 9, -7, 8, 9, 9});
        if (opset == 8) {
            CHECK(out[1].type() == ElementType::i64);
            check_values(out[1], {0, 1, 2, 2, 3, 4, 4, 2, 3, 7, 8, 8, 6, 7, 8, 8});
        }
    }
}

TEST_CASE("MaxPool spec example 2: valid 1D") {
    OneOp op("MaxPool", 8, {f32({1, 1, 7}, {-1, 2, 3, 5, -7, 9, 1})},
             pool_attrs({3}, {1}, {0}, {0}, "valid"));
    const auto out = op.run();
    check_values(out[0], {3, 5, 5, 9, 9});
    check_values(out[1], {2, 3, 3, 5, 5});
}

TEST_CASE("MaxPool spec examples 3 and 4: same_lower and same_upper") {
    OneOp lower("MaxPool", 8, {spec_input},
                pool_attrs({2, 2}, {1, 1}, {0, 0}, {0, 0}, "same_lower"));
    CHECK(lower.shape() == PartialShape{1, 1, 3, 3});
    auto out = lower.run();
    check_values(out[0], {-1, 2, 3, 4, 5, 5, 4, 8, 9});
    check_values(out[1], {0, 1, 2, 3, 4, 4, 3, 7, 8});
    const Tensor two =
        f32({1, 2, 3, 3}, {-1, 2, 3, 4, 5, -6, -7, 8, 9, 2, -1, 5, 6, -7, 1, 8, 2, -3});
    Attributes a = pool_attrs({2, 2}, {1, 1}, {0, 0}, {0, 0}, "same_upper");
    a.set("axis", 2);
    OneOp upper("MaxPool", 8, {two}, a);
    out = upper.run();
    check_values(out[0], {5, 5, 3, 8, 9, 9, 8, 9, 9, 6, 5, 5, 8, 2, 1, 8, 2, -3});
    // axis=2: indices count within each channel's plane.
    check_values(out[1], {4, 4, 2, 7, 8, 8, 7, 8, 8, 3, 2, 2, 6, 7, 5, 6, 7, 8});
}

TEST_CASE("MaxPool spec example 5: valid with ceil rounding") {
    OneOp op("MaxPool", 1, {spec_input},
             pool_attrs({2, 2}, {2, 2}, {0, 0}, {0, 0}, "valid", "ceil"));
    CHECK(op.shape() == PartialShape{1, 1, 2, 2});
    check_values(op.run()[0], {5, 3, 8, 9});
}

TEST_CASE("MaxPool-8 indices over the whole tensor with axis 0, i32 type") {
    Attributes a = pool_attrs({1, 2}, {1, 1}, {0, 0}, {0, 0});
    a.set("index_element_type", "i32");
    OneOp op("MaxPool", 8, {f32({1, 2, 1, 2}, {1, 2, 4, 3})}, a);
    CHECK(op.node->output_type(1) == ElementType::i32);
    const auto out = op.run();
    check_values(out[0], {2, 4});
    CHECK(out[1].type() == ElementType::i32);
    check_values(out[1], {1, 2});
}

TEST_CASE("MaxPool-8 dilations") {
    Attributes a = pool_attrs({2}, {1}, {0}, {0});
    a.set("dilations", Ints{2});
    OneOp op("MaxPool", 8, {f32({1, 1, 5}, {1, 5, 2, 4, 3})}, a);
    CHECK(op.shape() == PartialShape{1, 1, 3});
    const auto out = op.run();
    check_values(out[0], {2, 5, 3});
    check_values(out[1], {2, 1, 4});
}

TEST_CASE("Pooling output shape formulas") {
    // floor vs ceil rounding: (4 - 3) / 2 = 0.5.
    CHECK(infer_shape("MaxPool", 1, {{1, 1, 4, 4}}, pool_attrs({3, 3}, {2, 2}, {0, 0}, {0, 0})) ==
          PartialShape{1, 1, 1, 1});
    CHECK(infer_shape("MaxPool", 1, {{1, 1, 4, 4}},
                      pool_attrs({3, 3}, {2, 2}, {0, 0}, {0, 0}, "explicit", "ceil")) ==
          PartialShape{1, 1, 2, 2});
    // same_upper: ceil(in / stride), whatever the rounding.
    CHECK(infer_shape("AvgPool", 1, {{1, 3, 32, 31}},
                      pool_attrs({2, 2}, {2, 2}, {1, 1}, {1, 1}, "same_upper")) ==
          PartialShape{1, 3, 16, 16});
    // Spec examples of MaxPool-8.
    CHECK(infer_shape("MaxPool", 8, {{1, 3, 32, 32}}, pool_attrs({2, 2}, {2, 2}, {1, 1}, {1, 1})) ==
          PartialShape{1, 3, 17, 17});
    CHECK(infer_shape("MaxPool", 8, {{1, 3, 32, 32}},
                      pool_attrs({2, 2}, {2, 2}, {1, 1}, {1, 1}, "valid"),
                      1) == PartialShape{1, 3, 16, 16});
    // Dilated window: (10 - 7) / 1 + 1.
    Attributes a = pool_attrs({3}, {1}, {0}, {0});
    a.set("dilations", Ints{3});
    CHECK(infer_shape("MaxPool", 8, {{2, 2, 10}}, a) == PartialShape{2, 2, 4});
    CHECK(infer_shape("MaxPool", 1, {{-1, 3, -1, 8}}, pool_attrs({2, 2}, {2, 2}, {0, 0}, {0, 0})) ==
          PartialShape{-1, 3, -1, 4});
}

TEST_CASE("Pooling errors") {
    CHECK(contains(
        infer_error("MaxPool", 1, {f32({1, 4}, {1, 2, 3, 4})}, pool_attrs({2}, {1}, {0}, {0})),
        "data must have rank between 3 and 5"));
    CHECK(contains(infer_error("MaxPool", 1, {spec_input},
                               pool_attrs({2, 2}, {1, 1}, {0, 0}, {0, 0}, "explicit", "up")),
                   "unknown rounding_type 'up'"));
    CHECK(contains(
        infer_error("AvgPool", 1, {spec_input}, pool_attrs({4, 4}, {1, 1}, {0, 0}, {0, 0})),
        "window of size 4 does not fit the padded input of size 3"));
    CHECK(contains(infer_error("MaxPool", 1, {spec_input}, pool_attrs({2}, {1, 1}, {0, 0}, {0, 0})),
                   "attribute 'kernel' has 1 values, expected 2"));
}

TEST_CASE("AvgPool exclude-pad and ceil rounding") {
    const Tensor x = f32({1, 1, 4}, {1, 2, 3, 4});
    Attributes a = pool_attrs({3}, {2}, {1}, {1});
    a.set("exclude-pad", true);
    OneOp excl("AvgPool", 1, {x}, a);
    CHECK(excl.shape() == PartialShape{1, 1, 2});
    check_values(excl.run()[0], {1.5, 3});
    a.set("exclude-pad", false);
    OneOp incl("AvgPool", 1, {x}, a);
    check_values(incl.run()[0], {1, 3});
    // ceil adds a window [3, 6): one input pixel, one pad pixel, one pixel beyond the padding.
    a.set("rounding_type", "ceil");
    OneOp ceil_incl("AvgPool", 1, {x}, a);
    CHECK(ceil_incl.shape() == PartialShape{1, 1, 3});
    check_values(ceil_incl.run()[0], {1, 3, 2});
    a.set("exclude-pad", true);
    OneOp ceil_excl("AvgPool", 1, {x}, a);
    check_values(ceil_excl.run()[0], {1.5, 3, 4});
}

TEST_CASE("AvgPool 2D same_upper") {
    Attributes a = pool_attrs({2, 2}, {2, 2}, {0, 0}, {0, 0}, "same_upper");
    a.set("exclude-pad", true);
    OneOp op("AvgPool", 1, {f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9})}, a);
    CHECK(op.shape() == PartialShape{1, 1, 2, 2});
    check_values(op.run()[0], {3, 4.5, 7.5, 9});
}

TEST_CASE("AdaptiveAvgPool and AdaptiveMaxPool windows") {
    const Tensor x = f32({1, 1, 5}, {1, 2, 3, 4, 5});
    OneOp avg("AdaptiveAvgPool", 8, {x, i64({1}, {3})});
    CHECK(avg.shape() == PartialShape{1, 1, 3});
    check_values(avg.run()[0], {1.5, 3, 4.5});
    OneOp mx("AdaptiveMaxPool", 8, {f32({1, 1, 5}, {1, 2, 3, 5, 4}), i64({1}, {3})});
    const auto out = mx.run();
    check_values(out[0], {2, 5, 5});
    check_values(out[1], {1, 3, 3});
    CHECK(out[1].type() == ElementType::i64);
    // 2D: 4x4 to 2x2 averages quadrants; indices are flat in the spatial plane.
    std::vector<float> v(16);
    for (int i = 0; i < 16; ++i) v[i] = static_cast<float>(i);
    OneOp avg2("AdaptiveAvgPool", 8, {f32({1, 1, 4, 4}, v), i64({2}, {2, 2})});
    check_values(avg2.run()[0], {2.5, 4.5, 10.5, 12.5});
    Attributes a;
    a.set("index_element_type", "i32");
    OneOp mx2("AdaptiveMaxPool", 8, {f32({1, 1, 4, 4}, v), i64({2}, {2, 2})}, a);
    check_values(mx2.run()[1], {5, 7, 13, 15});
}

TEST_CASE("Adaptive pooling errors") {
    CHECK(contains(
        infer_error("AdaptiveAvgPool", 8, {f32({1, 1, 5}, {1, 2, 3, 4, 5}), i64({2}, {3, 3})}),
        "output_size has 2 values, expected 1"));
    CHECK(contains(
        infer_error("AdaptiveMaxPool", 8, {f32({1, 1, 5}, {1, 2, 3, 4, 5}), i64({1}, {0})}),
        "output_size values must be positive"));
}
