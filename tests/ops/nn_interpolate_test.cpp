#include "nn_test_util.hpp"

using namespace nntest;

namespace {

Attributes interp(const char* mode, const char* calc, const char* transform = "half_pixel",
                  const char* nearest = "round_prefer_floor") {
    return attrs({{"mode", std::string(mode)},
                  {"shape_calculation_mode", std::string(calc)},
                  {"coordinate_transformation_mode", std::string(transform)},
                  {"nearest_mode", std::string(nearest)}});
}

// Interpolate over the last axis of a [1, n] tensor to `out` pixels.
std::vector<Tensor> resize_1d(const std::vector<float>& v, std::int64_t out, Attributes a) {
    const auto n = static_cast<std::int64_t>(v.size());
    OneOp op(
        "Interpolate", 4,
        {f32({1, n}, v), i64({1}, {out}), f32({1}, {static_cast<float>(out) / n}), i64({1}, {1})},
        std::move(a));
    REQUIRE(op.shape() == PartialShape{1, out});
    return op.run();
}

} // namespace

TEST_CASE("Interpolate nearest asymmetric replicates pixels") {
    OneOp op(
        "Interpolate", 4,
        {f32({1, 1, 2, 2}, {1, 2, 3, 4}), i64({2}, {4, 4}), f32({2}, {2, 2}), i64({2}, {2, 3})},
        interp("nearest", "sizes", "asymmetric", "floor"));
    CHECK(op.shape() == PartialShape{1, 1, 4, 4});
    check_values(op.run()[0], {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
}

TEST_CASE("Interpolate nearest rounding modes") {
    // asymmetric x2: source coordinates 0, .5, 1, 1.5, 2, 2.5
    const std::vector<float> v{10, 20, 30};
    check_values(resize_1d(v, 6, interp("nearest", "sizes", "asymmetric", "round_prefer_floor"))[0],
                 {10, 10, 20, 20, 30, 30});
    check_values(resize_1d(v, 6, interp("nearest", "sizes", "asymmetric", "round_prefer_ceil"))[0],
                 {10, 20, 20, 30, 30, 30});
    check_values(resize_1d(v, 6, interp("nearest", "sizes", "asymmetric", "floor"))[0],
                 {10, 10, 20, 20, 30, 30});
    check_values(resize_1d(v, 6, interp("nearest", "sizes", "asymmetric", "ceil"))[0],
                 {10, 20, 20, 30, 30, 30});
    // simple truncates when upsampling.
    check_values(resize_1d(v, 6, interp("nearest", "sizes", "asymmetric", "simple"))[0],
                 {10, 10, 20, 20, 30, 30});
    // Downsampling 4 -> 2, asymmetric: coordinates 0 and 2; tf_half_pixel_for_nn: .5*2=1, 1.5*2=3.
    const std::vector<float> w{1, 2, 3, 4};
    check_values(resize_1d(w, 2, interp("nearest", "sizes", "asymmetric"))[0], {1, 3});
    check_values(resize_1d(w, 2, interp("nearest", "sizes", "tf_half_pixel_for_nn", "floor"))[0],
                 {2, 4});
    // simple rounds up when downsampling: 4 -> 3 asymmetric: coordinates 0, 4/3, 8/3 -> 0, 2, 3.
    check_values(resize_1d(w, 3, interp("nearest", "sizes", "asymmetric", "simple"))[0], {1, 3, 4});
}

TEST_CASE("Interpolate linear_onnx and linear with several transforms") {
    const std::vector<float> v{1, 2};
    // half_pixel 2 -> 4: coordinates -.25, .25, .75, 1.25 (clamped at the borders)
    check_values(resize_1d(v, 4, interp("linear_onnx", "sizes"))[0], {1, 1.25, 1.75, 2});
    check_values(resize_1d(v, 4, interp("linear", "sizes"))[0], {1, 1.25, 1.75, 2});
    // align_corners 2 -> 3: 0, .5, 1
    check_values(resize_1d(v, 3, interp("linear_onnx", "sizes", "align_corners"))[0], {1, 1.5, 2});
    // asymmetric 2 -> 4: 0, .5, 1, 1.5
    check_values(resize_1d(v, 4, interp("linear_onnx", "sizes", "asymmetric"))[0], {1, 1.5, 2, 2});
    // pytorch_half_pixel with one output pixel: coordinate 0.
    check_values(
        resize_1d({1, 2, 3, 4}, 1, interp("linear_onnx", "sizes", "pytorch_half_pixel"))[0], {1});
    check_values(resize_1d({1, 2, 3, 4}, 1, interp("linear_onnx", "sizes", "half_pixel"))[0],
                 {2.5});
}

TEST_CASE("Interpolate cubic uses the Keys kernel with cube_coeff") {
    // Coordinate 0.5 between samples 1 and 2 of [0, 0, 1, 0, 0]... use asymmetric x2 on an impulse.
    Attributes a = interp("cubic", "sizes", "asymmetric");
    a.set("cube_coeff", AttrValue(-0.5));
    const auto out = resize_1d({0, 1, 0, 0}, 8, a)[0].to_doubles();
    // t = 0.5: coefficients a*(t-1)^2*t, ((a+2)t-(a+3))t^2+1, (((-a-2)t+(2a+3))t-a)t, -a t^2 (t-1)
    const double A = -0.5, t = 0.5;
    const double c0 = A * (t - 1) * (t - 1) * t, c1 = ((A + 2) * t - (A + 3)) * t * t + 1,
                 c2 = (((-A - 2) * t + (2 * A + 3)) * t - A) * t, c3 = -A * t * t * (t - 1);
    // Output 1 sits at 0.5: taps -1(clip 0), 0, 1, 2 -> only x[1] = 1 contributes, with c2.
    CHECK(out[1] == doctest::Approx(c2));
    // Output 3 sits at 1.5: taps 0, 1, 2, 3 -> x[1] with c1.
    CHECK(out[3] == doctest::Approx(c1));
    // Output 2 sits exactly on sample 1.
    CHECK(out[2] == doctest::Approx(1.0));
    CHECK(c0 + c1 + c2 + c3 == doctest::Approx(1.0));
}

TEST_CASE("Interpolate shape calculation: scales, pads, default axes") {
    // scales: floor(scale * padded)
    OneOp s("Interpolate", 4,
            {f32({1, 1, 5}, {1, 2, 3, 4, 5}), i64({1}, {0}), f32({1}, {0.5f}), i64({1}, {2})},
            interp("nearest", "scales"));
    CHECK(s.shape() == PartialShape{1, 1, 2});
    // f32 0.7 * 10 must give 7, not 6.
    OneOp s7("Interpolate", 4,
             {Tensor(ElementType::f32, {1, 10}), i64({1}, {0}), f32({1}, {0.7f}), i64({1}, {1})},
             interp("nearest", "scales"));
    CHECK(s7.shape() == PartialShape{1, 7});
    // pads apply to every axis; axes not interpolated keep the padded size.
    Attributes a = interp("nearest", "sizes", "asymmetric");
    a.set("pads_begin", Ints{0, 1});
    a.set("pads_end", Ints{1, 1});
    OneOp p("Interpolate", 4, {f32({1, 2}, {5, 6}), i64({1}, {8}), f32({1}, {2}), i64({1}, {1})},
            a);
    CHECK(p.shape() == PartialShape{2, 8});
    // padded rows: [0 5 6 0], [0 0 0 0]
    check_values(p.run()[0], {0, 0, 5, 5, 6, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    // Without the axes input every axis is interpolated.
    OneOp all("Interpolate", 4, {f32({1, 2}, {1, 2}), i64({2}, {2, 4}), f32({2}, {2, 2})},
              interp("nearest", "sizes", "asymmetric"));
    CHECK(all.shape() == PartialShape{2, 4});
    check_values(all.run()[0], {1, 1, 2, 2, 1, 1, 2, 2});
}

TEST_CASE("Interpolate linear antialias widens the filter when downsampling") {
    Attributes a = interp("linear", "sizes", "half_pixel");
    a.set("antialias", true);
    // 4 -> 2 with scale 0.5: output 0 at coordinate 0.5, weights max(0, 1 - |0.5*(0.5 - i)|)
    // for i = 0..3: .75 .75 .25 0 (normalized by their sum) on inputs 1 2 3 4; output 1 at
    // coordinate 2.5: 0 .25 .75 .75.
    const auto out = resize_1d({1, 2, 3, 4}, 2, a)[0];
    check_values(
        out, {(0.75 * 1 + 0.75 * 2 + 0.25 * 3) / 1.75, (0.25 * 2 + 0.75 * 3 + 0.75 * 4) / 1.75});
}

TEST_CASE("Interpolate errors") {
    const Tensor x = f32({1, 2}, {1, 2});
    CHECK(contains(infer_error("Interpolate", 4, {x, i64({1}, {4}), f32({1}, {2}), i64({1}, {1})},
                               interp("bilinear", "sizes")),
                   "unknown mode 'bilinear' (expected nearest, linear, linear_onnx, cubic)"));
    CHECK(
        contains(infer_error("Interpolate", 4, {x, i64({2}, {4, 4}), f32({1}, {2}), i64({1}, {1})},
                             interp("nearest", "sizes")),
                 "sizes has 2 values, expected 1"));
    CHECK(contains(infer_error("Interpolate", 4, {x, i64({1}, {4}), f32({1}, {2}), i64({1}, {2})},
                               interp("nearest", "sizes")),
                   "axis 2 is out of range for rank 2"));
    CHECK(contains(infer_error("Interpolate", 4, {x, i64({1}, {4}), f32({1}, {2}), i64({1}, {1})},
                               interp("nearest", "sizes", "half")),
                   "unknown coordinate_transformation_mode 'half'"));
}
