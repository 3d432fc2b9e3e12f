#include "nn_test_util.hpp"

using namespace nntest;

namespace {

Attributes conv_attrs(Ints strides, Ints pb, Ints pe, Ints dil, const char* auto_pad = "explicit") {
    return attrs({{"strides", strides},
                  {"pads_begin", pb},
                  {"pads_end", pe},
                  {"dilations", dil},
                  {"auto_pad", std::string(auto_pad)}});
}

// Direct-definition convolution (one output pixel at a time) over 3 spatial axes, used to
// cross-check the im2col kernel on irregular geometry.
std::vector<double> naive_group_conv(const std::vector<double>& x, const Shape& xs,
                                     const std::vector<double>& w, const Shape& ws, Ints s, Ints d,
                                     Ints pb, const Shape& ys) {
    const std::int64_t G = ws[0], CO = ws[1], CI = ws[2];
    std::vector<double> y(mo::element_count(ys), 0.0);
    for (std::int64_t n = 0; n < ys[0]; ++n)
        for (std::int64_t g = 0; g < G; ++g)
            for (std::int64_t co = 0; co < CO; ++co)
                for (std::int64_t od = 0; od < ys[2]; ++od)
                    for (std::int64_t oh = 0; oh < ys[3]; ++oh)
                        for (std::int64_t ow = 0; ow < ys[4]; ++ow) {
                            double acc = 0;
                            for (std::int64_t ci = 0; ci < CI; ++ci)
                                for (std::int64_t kd = 0; kd < ws[3]; ++kd)
                                    for (std::int64_t kh = 0; kh < ws[4]; ++kh)
                                        for (std::int64_t kw = 0; kw < ws[5]; ++kw) {
                                            const std::int64_t id = od * s[0] - pb[0] + kd * d[0];
                                            const std::int64_t ih = oh * s[1] - pb[1] + kh * d[1];
                                            const std::int64_t iw = ow * s[2] - pb[2] + kw * d[2];
                                            if (id < 0 || ih < 0 || iw < 0 || id >= xs[2] ||
                                                ih >= xs[3] || iw >= xs[4])
                                                continue;
                                            const std::int64_t c = g * CI + ci;
                                            acc += x[(((n * xs[1] + c) * xs[2] + id) * xs[3] + ih) *
                                                         xs[4] +
                                                     iw] *
                                                   w[((((g * CO + co) * CI + ci) * ws[3] + kd) *
                                                          ws[4] +
                                                      kh) *
                                                         ws[5] +
                                                     kw];
                                        }
                            y[(((n * G * CO + g * CO + co) * ys[2] + od) * ys[3] + oh) * ys[4] +
                              ow] = acc;
                        }
    return y;
}

std::vector<float> ramp(std::int64_t n, float scale, float offset) {
    std::vector<float> v(n);
    for (std::int64_t i = 0; i < n; ++i) v[i] = std::sin(static_cast<float>(i) * scale) + offset;
    return v;
}

} // namespace

TEST_CASE("Convolution 2D, no padding, ones kernel") {
    OneOp op("Convolution", 1,
             {f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), f32({1, 1, 2, 2}, {1, 1, 1, 1})},
             conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}));
    CHECK(op.shape() == PartialShape{1, 1, 2, 2});
    check_values(op.run()[0], {12, 16, 24, 28});
}

TEST_CASE("Convolution 2D with explicit padding 1 keeps the size") {
    OneOp op("Convolution", 1,
             {f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}),
              f32({1, 1, 3, 3}, std::vector<float>(9, 1))},
             conv_attrs({1, 1}, {1, 1}, {1, 1}, {1, 1}));
    CHECK(op.shape() == PartialShape{1, 1, 3, 3});
    check_values(op.run()[0], {12, 21, 16, 27, 45, 33, 24, 39, 28});
}

TEST_CASE("Convolution 1D with stride and dilation") {
    OneOp op("Convolution", 1, {f32({1, 1, 7}, {1, 2, 3, 4, 5, 6, 7}), f32({1, 1, 2}, {1, 1})},
             conv_attrs({2}, {0}, {0}, {2}));
    CHECK(op.shape() == PartialShape{1, 1, 3});
    check_values(op.run()[0], {4, 8, 12});
}

TEST_CASE("Convolution mixes input channels (1x1 kernel)") {
    OneOp op("Convolution", 1, {f32({1, 2, 1, 1}, {1, 2}), f32({2, 2, 1, 1}, {1, 10, 100, 1000})},
             conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}));
    check_values(op.run()[0], {21, 2100});
}

TEST_CASE("Convolution same_upper / same_lower put the odd pad at the end / beginning") {
    const Tensor x = f32({1, 1, 1, 5}, {1, 2, 3, 4, 5});
    const Tensor w = f32({1, 1, 1, 2}, {1, 1});
    OneOp upper("Convolution", 1, {x, w}, conv_attrs({1, 2}, {0, 0}, {0, 0}, {1, 1}, "same_upper"));
    CHECK(upper.shape() == PartialShape{1, 1, 1, 3});
    check_values(upper.run()[0], {3, 7, 5});
    OneOp lower("Convolution", 1, {x, w}, conv_attrs({1, 2}, {0, 0}, {0, 0}, {1, 1}, "same_lower"));
    check_values(lower.run()[0], {1, 5, 9});
    // valid ignores the pads attributes.
    OneOp valid("Convolution", 1, {x, w}, conv_attrs({1, 2}, {0, 7}, {0, 7}, {1, 1}, "valid"));
    CHECK(valid.shape() == PartialShape{1, 1, 1, 2});
}

TEST_CASE("Convolution output shapes from the spec examples") {
    CHECK(infer_shape("Convolution", 1, {{1, 5, 128}, {16, 5, 4}},
                      conv_attrs({2}, {0}, {0}, {1}, "valid")) == PartialShape{1, 16, 63});
    CHECK(infer_shape("Convolution", 1, {{1, 3, 224, 224}, {64, 3, 5, 5}},
                      conv_attrs({1, 1}, {2, 2}, {2, 2}, {1, 1})) == PartialShape{1, 64, 224, 224});
    CHECK(infer_shape("Convolution", 1, {{1, 7, 320, 320, 320}, {32, 7, 3, 3, 3}},
                      conv_attrs({3, 3, 3}, {0, 0, 0}, {0, 0, 0}, {2, 2, 2})) ==
          PartialShape{1, 32, 106, 106, 106});
    CHECK(infer_shape("GroupConvolution", 1, {{1, 12, 224, 224}, {4, 1, 3, 5, 5}},
                      conv_attrs({1, 1}, {2, 2}, {2, 2}, {1, 1})) == PartialShape{1, 4, 224, 224});
    // same_upper: ceil(in / stride).
    CHECK(infer_shape("Convolution", 1, {{1, 3, 7, 8}, {4, 3, 3, 3}},
                      conv_attrs({2, 3}, {0, 0}, {0, 0}, {1, 1}, "same_upper")) ==
          PartialShape{1, 4, 4, 3});
    // Dynamic dims propagate.
    CHECK(infer_shape("Convolution", 1, {{-1, 3, -1, 10}, {4, 3, 3, 3}},
                      conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1})) == PartialShape{-1, 4, -1, 8});
    CHECK(infer_shape("Convolution", 1, {PartialShape::dynamic(), PartialShape::dynamic()},
                      conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1})) == PartialShape::dynamic());
}

TEST_CASE("Convolution inference errors are clear") {
    const Tensor x = f32({1, 3, 4, 4}, std::vector<float>(48, 1));
    const std::string channels =
        infer_error("Convolution", 1, {x, f32({2, 4, 1, 1}, std::vector<float>(8, 1))},
                    conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}));
    CHECK(contains(channels, "Convolution 'Convolution"));
    CHECK(contains(channels, "': input channels 3 do not match weights' 4"));
    CHECK(contains(infer_error("Convolution", 1, {x, f32({2, 3, 1}, std::vector<float>(6, 1))},
                               conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1})),
                   "weights rank 3 does not fit data rank 4"));
    CHECK(contains(infer_error("Convolution", 1, {x, f32({2, 3, 1, 1}, std::vector<float>(6, 1))},
                               conv_attrs({1}, {0, 0}, {0, 0}, {1, 1})),
                   "attribute 'strides' has 1 values, expected 2"));
    CHECK(contains(infer_error("Convolution", 1, {x, f32({2, 3, 5, 5}, std::vector<float>(150, 1))},
                               conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1})),
                   "does not fit the padded input"));
    CHECK(contains(infer_error("Convolution", 1, {x, f32({2, 3, 1, 1}, std::vector<float>(6, 1))},
                               conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}, "bogus")),
                   "unknown auto_pad 'bogus'"));
    CHECK(contains(infer_error("Convolution", 1, {x, f32({2, 3, 1, 1}, std::vector<float>(6, 1))},
                               conv_attrs({0, 1}, {0, 0}, {0, 0}, {1, 1})),
                   "'strides' must be positive"));
    CHECK(contains(infer_error("GroupConvolution", 1,
                               {x, f32({2, 1, 2, 1, 1}, std::vector<float>(4, 1))},
                               conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1})),
                   "input channels 3 do not match weights' groups*channels 2*2=4"));
    CHECK(contains(infer_error("Convolution", 1, {x, Tensor(ElementType::f16, {2, 3, 1, 1})},
                               conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1})),
                   "data type f32 does not match weights type f16"));
}

TEST_CASE("GroupConvolution convolves each group separately") {
    OneOp op("GroupConvolution", 1,
             {f32({1, 2, 1, 2}, {1, 2, 3, 4}), f32({2, 1, 1, 1, 1}, {10, 100})},
             conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}));
    CHECK(op.shape() == PartialShape{1, 2, 1, 2});
    check_values(op.run()[0], {10, 20, 300, 400});
}

TEST_CASE("GroupConvolution 3D matches the direct definition on irregular geometry") {
    const Shape xs{2, 4, 5, 6, 7}, ws{2, 3, 2, 2, 3, 2};
    const Ints s{1, 2, 3}, d{2, 1, 2}, pb{1, 0, 2}, pe{0, 2, 1};
    const auto xv = ramp(mo::element_count(xs), 0.37f, 0.1f);
    const auto wv = ramp(mo::element_count(ws), 0.91f, -0.2f);
    OneOp op("GroupConvolution", 1, {f32(xs, xv), f32(ws, wv)}, conv_attrs(s, pb, pe, d));
    // Output dims: floor((in + pads - ((k-1)*d+1)) / s) + 1.
    const Shape ys{2, 6, (5 + 1 - 3) / 1 + 1, (6 + 2 - 3) / 2 + 1, (7 + 3 - 3) / 3 + 1};
    REQUIRE(op.shape() == PartialShape(ys));
    const std::vector<double> xd(xv.begin(), xv.end()), wd(wv.begin(), wv.end());
    check_values(op.run()[0], naive_group_conv(xd, xs, wd, ws, s, d, pb, ys), 1e-4);
}

TEST_CASE("Convolution computes f16 in f32 and f64 natively") {
    const Tensor x = f32({1, 1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}).cast(ElementType::f16);
    const Tensor w = f32({1, 1, 2, 2}, {1, 1, 1, 1}).cast(ElementType::f16);
    OneOp op("Convolution", 1, {x, w}, conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}));
    const auto out = op.run()[0];
    CHECK(out.type() == ElementType::f16);
    check_values(out, {12, 16, 24, 28});
    OneOp op64("Convolution", 1, {x.cast(ElementType::f64), w.cast(ElementType::f64)},
               conv_attrs({1, 1}, {0, 0}, {0, 0}, {1, 1}));
    CHECK(op64.run()[0].type() == ElementType::f64);
    check_values(op64.run()[0], {12, 16, 24, 28});
}

// Speed is measured in bench/; this checks the blocked kernel on a layer wide enough (many
// channels, odd spatial size) to take every tiling path, against the direct definition.
TEST_CASE("Convolution of a wide layer matches the direct definition") {
    const Shape xs{1, 48, 13, 11}, ws{40, 48, 3, 3};
    const Ints s{1, 1}, d{1, 1}, pb{1, 1}, pe{1, 1};
    const auto xv = ramp(mo::element_count(xs), 0.13f, 0.05f);
    const auto wv = ramp(mo::element_count(ws), 0.29f, -0.1f);
    OneOp op("Convolution", 1, {f32(xs, xv), f32(ws, wv)}, conv_attrs(s, pb, pe, d));
    const Shape ys{1, 40, 13, 11};
    REQUIRE(op.shape() == PartialShape(ys));
    // The direct definition is 3-D and grouped: view this as one group with a unit depth axis.
    const std::vector<double> xd(xv.begin(), xv.end()), wd(wv.begin(), wv.end());
    const auto expected = naive_group_conv(xd, {1, 48, 1, 13, 11}, wd, {1, 40, 48, 1, 3, 3},
                                           {1, 1, 1}, {1, 1, 1}, {0, 1, 1}, {1, 40, 1, 13, 11});
    check_values(op.run()[0], expected, 1e-3);
}

// ---- ConvolutionBackpropData -----------------------------------------------------------------

TEST_CASE("ConvolutionBackpropData 1D scatters each input over the kernel") {
    const Tensor x = f32({1, 1, 2}, {1, 2});
    const Tensor w = f32({1, 1, 3}, {1, 1, 1});
    OneOp s1("ConvolutionBackpropData", 1, {x, w}, conv_attrs({1}, {0}, {0}, {1}));
    CHECK(s1.shape() == PartialShape{1, 1, 4});
    check_values(s1.run()[0], {1, 3, 3, 2});
    OneOp s2("ConvolutionBackpropData", 1, {x, w}, conv_attrs({2}, {0}, {0}, {1}));
    CHECK(s2.shape() == PartialShape{1, 1, 5});
    check_values(s2.run()[0], {1, 1, 3, 2, 2});
    // Pads crop the full result.
    OneOp padded("ConvolutionBackpropData", 1, {x, w}, conv_attrs({2}, {1}, {1}, {1}));
    check_values(padded.run()[0], {1, 3, 2});
    // output_padding adds pixels at the end.
    Attributes a = conv_attrs({2}, {0}, {0}, {1});
    a.set("output_padding", Ints{1});
    OneOp extra("ConvolutionBackpropData", 1, {x, w}, a);
    check_values(extra.run()[0], {1, 1, 3, 2, 2, 0});
}

TEST_CASE("ConvolutionBackpropData with an output_shape input distributes the padding") {
    const Tensor x = f32({1, 1, 2}, {1, 2});
    const Tensor w = f32({1, 1, 3}, {1, 1, 1});
    const Tensor shape = i64({1}, {4});
    // Full extent 5, requested 4: total padding 1.
    OneOp expl("ConvolutionBackpropData", 1, {x, w, shape}, conv_attrs({2}, {0}, {0}, {1}));
    CHECK(expl.shape() == PartialShape{1, 1, 4});
    check_values(expl.run()[0], {1, 1, 3, 2});
    OneOp upper("ConvolutionBackpropData", 1, {x, w, shape},
                conv_attrs({2}, {0}, {0}, {1}, "same_upper"));
    check_values(upper.run()[0], {1, 3, 2, 2});
}

TEST_CASE("ConvolutionBackpropData output shapes from the spec examples") {
    CHECK(infer_shape("ConvolutionBackpropData", 1, {{1, 20, 224, 224}, {20, 10, 3, 3}},
                      conv_attrs({2, 2}, {1, 1}, {1, 1}, {1, 1})) == PartialShape{1, 10, 447, 447});
    Attributes a = conv_attrs({3, 3}, {0, 0}, {0, 0}, {1, 1});
    a.set("output_padding", Ints{2, 2});
    CHECK(infer_shape("ConvolutionBackpropData", 1, {{1, 20, 2, 2}, {20, 10, 3, 3}}, a) ==
          PartialShape{1, 10, 8, 8});
    OneOp with_shape("ConvolutionBackpropData", 1,
                     {Tensor(ElementType::f32, {1, 20, 224, 224}),
                      Tensor(ElementType::f32, {20, 10, 3, 3}), i64({2}, {450, 450})},
                     conv_attrs({1, 1}, {1, 1}, {1, 1}, {1, 1}, "valid"));
    CHECK(with_shape.shape() == PartialShape{1, 10, 450, 450});
    CHECK(infer_shape("GroupConvolutionBackpropData", 1, {{1, 20, 224, 224}, {4, 5, 2, 3, 3}},
                      conv_attrs({2, 2}, {1, 1}, {1, 1}, {1, 1})) == PartialShape{1, 8, 447, 447});
}

TEST_CASE("ConvolutionBackpropData 2D matches the adjoint of Convolution") {
    // <conv(x, w), y> == <x, convT(y, w)> for the same geometry.
    const Shape xs{1, 2, 5, 4}, ws{3, 2, 3, 2};
    const auto xv = ramp(40, 0.3f, 0.0f), wv = ramp(36, 0.7f, 0.1f);
    const Attributes a = conv_attrs({2, 1}, {1, 0}, {1, 1}, {1, 2});
    OneOp fwd("Convolution", 1, {f32(xs, xv), f32(ws, wv)}, a);
    const Shape ys = fwd.shape().to_shape();
    const auto yv = ramp(mo::element_count(ys), 0.53f, -0.3f);
    // Backprop weights are [C_IN(of backprop)=3, C_OUT=2, ...]: the forward layout reinterpreted.
    Attributes b = a;
    OneOp bwd("ConvolutionBackpropData", 1, {f32(ys, yv), f32(ws, wv), i64({2}, {5, 4})}, b);
    REQUIRE(bwd.shape() == PartialShape(xs));
    const auto conv = fwd.run()[0].to_doubles();
    const auto convt = bwd.run()[0].to_doubles();
    double lhs = 0, rhs = 0;
    for (std::size_t i = 0; i < conv.size(); ++i) lhs += conv[i] * yv[i];
    for (std::size_t i = 0; i < convt.size(); ++i) rhs += convt[i] * xv[i];
    CHECK(lhs == doctest::Approx(rhs).epsilon(1e-4));
}

TEST_CASE("GroupConvolutionBackpropData scales each group") {
    OneOp op("GroupConvolutionBackpropData", 1,
             {f32({1, 2, 2}, {1, 2, 3, 4}), f32({2, 1, 1, 1}, {1, 10})},
             conv_attrs({1}, {0}, {0}, {1}));
    CHECK(op.shape() == PartialShape{1, 2, 2});
    check_values(op.run()[0], {1, 2, 30, 40});
}

TEST_CASE("ConvolutionBackpropData errors") {
    const Tensor x = f32({1, 3, 4}, std::vector<float>(12, 1));
    CHECK(contains(infer_error("ConvolutionBackpropData", 1, {x, f32({2, 1, 1}, {1, 1})},
                               conv_attrs({1}, {0}, {0}, {1})),
                   "input channels 3 do not match weights' 2"));
    CHECK(contains(infer_error("ConvolutionBackpropData", 1,
                               {x, f32({3, 1, 1}, {1, 1, 1}), i64({2}, {4, 4})},
                               conv_attrs({1}, {0}, {0}, {1})),
                   "output_shape has 2 values, expected 1"));
    CHECK(contains(infer_error("ConvolutionBackpropData", 1, {x, f32({3, 1, 1}, {1, 1, 1})},
                               conv_attrs({1}, {3}, {3}, {1})),
                   "pads larger than the output"));
}
