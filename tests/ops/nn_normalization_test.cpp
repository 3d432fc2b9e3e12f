#include "nn_test_util.hpp"

using namespace nntest;

TEST_CASE("BatchNormInference-5 and -1 normalize per channel (different port orders)") {
    const Tensor x = f32({1, 2, 1, 2}, {1, 2, 3, 4});
    const Tensor gamma = f32({2}, {1, 2}), beta = f32({2}, {0, 1}), mean = f32({2}, {1, 3}),
                 var = f32({2}, {4, 1});
    const Attributes eps = attrs({{"epsilon", 0.0}});
    // channel 0: (x-1)/2; channel 1: (x-3)/1*2+1
    OneOp v5("BatchNormInference", 5, {x, gamma, beta, mean, var}, eps);
    CHECK(v5.shape() == PartialShape{1, 2, 1, 2});
    check_values(v5.run()[0], {0, 0.5, 1, 3});
    OneOp v1("BatchNormInference", 1, {gamma, beta, x, mean, var}, eps);
    CHECK(v1.shape() == PartialShape{1, 2, 1, 2});
    check_values(v1.run()[0], {0, 0.5, 1, 3});
    // epsilon is added to the variance: (3-1)/sqrt(3+1).
    OneOp with_eps("BatchNormInference", 5,
                   {f32({1, 1}, {3}), f32({1}, {1}), f32({1}, {0}), f32({1}, {1}), f32({1}, {3})},
                   attrs({{"epsilon", 1.0}}));
    check_values(with_eps.run()[0], {1});
}

TEST_CASE("BatchNormInference errors") {
    const Tensor x = f32({1, 2, 2}, {1, 2, 3, 4});
    const Tensor c2 = f32({2}, {1, 1}), c3 = f32({3}, {1, 1, 1});
    CHECK(contains(
        infer_error("BatchNormInference", 5, {x, c3, c2, c2, c2}, attrs({{"epsilon", 0.0}})),
        "gamma has 3 values, data has 2 channels"));
    CHECK(contains(infer_error("BatchNormInference", 5, {x, c2, c2, c2, c2}),
                   "missing attribute 'epsilon'"));
    CHECK(contains(infer_error("BatchNormInference", 5, {f32({2}, {1, 2}), c2, c2, c2, c2},
                               attrs({{"epsilon", 0.0}})),
                   "data must have rank >= 2"));
}

TEST_CASE("MVN-6 over given axes, eps inside or outside the square root") {
    const Tensor x = f32({1, 4}, {1, 2, 3, 4});
    // mean 2.5, variance 1.25
    OneOp inside("MVN", 6, {x, i64({1}, {1})},
                 attrs({{"normalize_variance", true},
                        {"eps", 0.0},
                        {"eps_mode", std::string("inside_sqrt")}}));
    const double sd = std::sqrt(1.25);
    check_values(inside.run()[0], {-1.5 / sd, -0.5 / sd, 0.5 / sd, 1.5 / sd});
    OneOp outside("MVN", 6, {x, i64({1}, {-1})},
                  attrs({{"normalize_variance", true},
                         {"eps", 1.0},
                         {"eps_mode", std::string("outside_sqrt")}}));
    check_values(outside.run()[0],
                 {-1.5 / (sd + 1), -0.5 / (sd + 1), 0.5 / (sd + 1), 1.5 / (sd + 1)});
    OneOp mean_only("MVN", 6, {x, i64({1}, {1})},
                    attrs({{"normalize_variance", false},
                           {"eps", 1.0},
                           {"eps_mode", std::string("inside_sqrt")}}));
    check_values(mean_only.run()[0], {-1.5, -0.5, 0.5, 1.5});
    // Axis 0 only: each column is its own slice of one element.
    OneOp per_element("MVN", 6, {x, i64({1}, {0})},
                      attrs({{"normalize_variance", false},
                             {"eps", 1.0},
                             {"eps_mode", std::string("inside_sqrt")}}));
    check_values(per_element.run()[0], {0, 0, 0, 0});
    CHECK(contains(infer_error("MVN", 6, {x, i64({1}, {2})},
                               attrs({{"normalize_variance", true},
                                      {"eps", 1.0},
                                      {"eps_mode", std::string("inside_sqrt")}})),
                   "axis 2 is out of range for rank 2"));
    CHECK(contains(infer_error("MVN", 6, {x, i64({1}, {1})},
                               attrs({{"normalize_variance", true},
                                      {"eps", 1.0},
                                      {"eps_mode", std::string("inside")}})),
                   "unknown eps_mode 'inside'"));
}

TEST_CASE("MVN-1 per channel or across channels") {
    const Tensor x = f32({1, 2, 1, 2}, {1, 3, 2, 6});
    OneOp per_channel(
        "MVN", 1, {x},
        attrs({{"across_channels", false}, {"normalize_variance", false}, {"eps", 1e-9}}));
    check_values(per_channel.run()[0], {-1, 1, -2, 2});
    OneOp normalized(
        "MVN", 1, {x},
        attrs({{"across_channels", false}, {"normalize_variance", true}, {"eps", 0.0}}));
    check_values(normalized.run()[0], {-1, 1, -1, 1});
    // across: mean 3 over all four values.
    OneOp across("MVN", 1, {x},
                 attrs({{"across_channels", true}, {"normalize_variance", false}, {"eps", 1e-9}}));
    check_values(across.run()[0], {-2, 0, -1, 3});
}

TEST_CASE("LRN across channels") {
    // size 3, alpha/size = 1, beta 1, bias 1: x / (1 + sum of squares of neighbours)
    OneOp op("LRN", 1, {f32({1, 3, 1, 1}, {1, 2, 3}), i64({1}, {1})},
             attrs({{"alpha", 3.0}, {"beta", 1.0}, {"bias", 1.0}, {"size", std::int64_t{3}}}));
    CHECK(op.shape() == PartialShape{1, 3, 1, 1});
    check_values(op.run()[0], {1.0 / 6, 2.0 / 15, 3.0 / 14});
    // Two spatial axes: alpha is divided by size^2; beta 0.5 takes a square root.
    OneOp spatial("LRN", 1, {f32({1, 1, 2, 2}, {1, 1, 1, 1}), i64({2}, {2, 3})},
                  attrs({{"alpha", 4.0}, {"beta", 0.5}, {"bias", 0.0}, {"size", std::int64_t{2}}}));
    // size 2: window c-1..c+1 clipped covers the whole 2x2 plane: sum 4, scale 4/4 -> 1/sqrt(4)
    check_values(spatial.run()[0], {0.5, 0.5, 0.5, 0.5});
}

TEST_CASE("NormalizeL2 with add and max eps modes") {
    const Tensor x = f32({1, 2}, {3, 4});
    OneOp add("NormalizeL2", 1, {x, i64({1}, {1})},
              attrs({{"eps", 0.0}, {"eps_mode", std::string("add")}}));
    check_values(add.run()[0], {0.6, 0.8});
    OneOp mx("NormalizeL2", 1, {x, i64({1}, {1})},
             attrs({{"eps", 100.0}, {"eps_mode", std::string("max")}}));
    check_values(mx.run()[0], {0.3, 0.4});
    // Empty axes: every element divided by its own magnitude.
    OneOp none("NormalizeL2", 1, {f32({2}, {-3, 4}), i64({0}, {})},
               attrs({{"eps", 0.0}, {"eps_mode", std::string("add")}}));
    check_values(none.run()[0], {-1, 1});
    CHECK(contains(infer_error("NormalizeL2", 1, {x, i64({1}, {1})},
                               attrs({{"eps", 0.0}, {"eps_mode", std::string("sum")}})),
                   "unknown eps_mode 'sum'"));
}

TEST_CASE("GRN divides by the L2 norm across channels plus bias") {
    OneOp op("GRN", 1, {f32({1, 2, 1}, {3, 4})}, attrs({{"bias", 0.0}}));
    check_values(op.run()[0], {0.6, 0.8});
    OneOp biased("GRN", 1, {f32({1, 2}, {3, 4})}, attrs({{"bias", 75.0}}));
    check_values(biased.run()[0], {0.3, 0.4});
    CHECK(contains(infer_error("GRN", 1, {f32({2}, {3, 4})}, attrs({{"bias", 1.0}})),
                   "data must have rank between 2 and 4"));
}
