// GridSample-9 on a 2x2 image [[1, 2], [3, 4]], values worked out from the spec's definitions.
#include "nn_test_util.hpp"

using namespace nntest;

namespace {

const Tensor image = f32({1, 1, 2, 2}, {1, 2, 3, 4});

Attributes sample_attrs(bool align, const char* mode, const char* padding) {
    return attrs({{"align_corners", align},
                  {"mode", std::string(mode)},
                  {"padding_mode", std::string(padding)}});
}

// One grid point (x, y) sampled.
double at(double x, double y, bool align, const char* mode, const char* padding) {
    OneOp op("GridSample", 9,
             {image, f32({1, 1, 1, 2}, {static_cast<float>(x), static_cast<float>(y)})},
             sample_attrs(align, mode, padding));
    REQUIRE(op.shape() == PartialShape{1, 1, 1, 1});
    return op.run()[0].to_doubles()[0];
}

} // namespace

TEST_CASE("GridSample with align_corners maps -1 and 1 to the corner pixels' centers") {
    CHECK(at(-1, -1, true, "bilinear", "zeros") == doctest::Approx(1));
    CHECK(at(1, -1, true, "bilinear", "zeros") == doctest::Approx(2));
    CHECK(at(0, 0, true, "bilinear", "zeros") == doctest::Approx(2.5)); // mean of all four
}

TEST_CASE("GridSample without align_corners: padding decides what lies outside") {
    // (-1, -1) is the image's outer corner, pixel coordinates (-0.5, -0.5): a quarter of pixel 1
    // with zeros around it, or pixel 1 itself when the border is repeated.
    CHECK(at(-1, -1, false, "bilinear", "zeros") == doctest::Approx(0.25));
    CHECK(at(-1, -1, false, "bilinear", "border") == doctest::Approx(1));
    // x = -1.5 is pixel column -1, reflected at -0.5 to column 0; y = 0 is between the rows.
    CHECK(at(-1.5, 0, false, "bilinear", "reflection") == doctest::Approx(2));
    // Nearest: (0.1, 0.6) is pixel (0.6, 1.1), which rounds to column 1, row 1.
    CHECK(at(0.1, 0.6, false, "nearest", "zeros") == doctest::Approx(4));
}

TEST_CASE("GridSample bicubic reproduces a linear ramp inside the image") {
    // Cubic convolution interpolates linear data exactly away from the borders.
    const Tensor ramp = f32({1, 1, 1, 6}, {0, 1, 2, 3, 4, 5});
    // x = 0 is pixel column 2.5 (align_corners false, width 6).
    OneOp op("GridSample", 9, {ramp, f32({1, 1, 1, 2}, {0, 0})},
             sample_attrs(false, "bicubic", "border"));
    check_values(op.run()[0], {2.5});
}

TEST_CASE("GridSample errors") {
    CHECK(contains(infer_error("GridSample", 9, {image, f32({1, 1, 1, 2}, {0, 0})},
                               sample_attrs(false, "area", "zeros")),
                   "mode"));
    CHECK(contains(infer_error("GridSample", 9, {image, f32({1, 1, 1, 3}, {0, 0, 0})},
                               sample_attrs(false, "bilinear", "zeros")),
                   "last dimension must be 2"));
    CHECK(contains(infer_error("GridSample", 9, {image, f32({2, 1, 1, 2}, {0, 0, 0, 0})},
                               sample_attrs(false, "bilinear", "zeros")),
                   "batch"));
}
