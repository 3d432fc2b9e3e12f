// ScatterUpdate-3, ScatterElementsUpdate-3, ScatterNDUpdate-3.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

namespace {
Output i64_const(Graph& g, Shape s, const Ints& v) {
    return g.add_const(Tensor::from_vector<std::int64_t>(std::move(s), v)).output(0);
}
} // namespace

TEST_CASE("ScatterUpdate replaces slices along an axis") {
    Graph g;
    // Rows 2 and 0 of a 3x2 zero tensor.
    Node& a = g.add("ScatterUpdate", 3, {f32s(g, {3, 2}, {0, 0, 0, 0, 0, 0}), i64s(g, {2, 0}),
                                        f32s(g, {2, 2}, {1, 2, 3, 4}), i64_scalar(g, 0)});
    CHECK(a.output_shape(0) == PartialShape{3, 2});
    CHECK(floats(g, a.output(0)) == std::vector<float>{3, 4, 0, 0, 1, 2});
    // Column 2 (axis -1) of a 2x3 tensor: updates shape [2] + [1].
    Node& b = g.add("ScatterUpdate", 3, {iota_f32(g, {2, 3}), i64s(g, {2}),
                                        f32s(g, {2, 1}, {9, 8}), i64_scalar(g, -1)});
    CHECK(floats(g, b.output(0)) == std::vector<float>{0, 1, 9, 3, 4, 8});
    // Scalar index: updates have the data shape without the axis.
    Node& c = g.add("ScatterUpdate", 3, {iota_f32(g, {2, 2}), i64_scalar(g, 1),
                                        f32s(g, {2}, {7, 7}), i64_scalar(g, 0)});
    CHECK(floats(g, c.output(0)) == std::vector<float>{0, 1, 7, 7});
    CHECK(!error_of([&] {
               g.add("ScatterUpdate", 3, {iota_f32(g, {3, 2}), i64s(g, {0}),
                                          f32s(g, {2, 2}, {1, 2, 3, 4}), i64_scalar(g, 0)});
           }).empty());
    Node& bad = g.add("ScatterUpdate", 3, {iota_f32(g, {2}), i64s(g, {-1}), f32s(g, {1}, {5}),
                                           i64_scalar(g, 0)});
    CHECK(error_of([&] { g.constant_value(bad.output(0)); }).find("out of range") !=
          std::string::npos);
}

TEST_CASE("ScatterElementsUpdate writes element-wise along an axis") {
    Graph g;
    // data 3x3 zeros, axis 0: output[indices[i][j]][j] = updates[i][j].
    Node& a = g.add("ScatterElementsUpdate", 3,
                    {f32s(g, {3, 3}, std::vector<float>(9, 0.f)), i64_const(g, {2, 3}, {1, 0, 2, 0, 2, 1}),
                     f32s(g, {2, 3}, {1.0f, 1.1f, 1.2f, 2.0f, 2.1f, 2.2f}), i64_scalar(g, 0)});
    CHECK(a.output_shape(0) == PartialShape{3, 3});
    CHECK(floats(g, a.output(0)) ==
          std::vector<float>{2.0f, 1.1f, 0, 1.0f, 0, 2.2f, 0, 2.1f, 1.2f});
    // axis 1 with a negative index counting from the end.
    Node& b = g.add("ScatterElementsUpdate", 3,
                    {f32s(g, {1, 5}, {1, 2, 3, 4, 5}), i64_const(g, {1, 2}, {1, -2}),
                     f32s(g, {1, 2}, {1.5f, 2.5f}), i64_scalar(g, 1)});
    CHECK(floats(g, b.output(0)) == std::vector<float>{1, 1.5f, 3, 2.5f, 5});
    CHECK(!error_of([&] {
               g.add("ScatterElementsUpdate", 3, {iota_f32(g, {2, 2}), i64s(g, {0, 1}),
                                                  f32s(g, {2}, {1, 2}), i64_scalar(g, 0)});
           }).empty()); // rank mismatch
    CHECK(!error_of([&] {
               g.add("ScatterElementsUpdate", 3, {iota_f32(g, {2}), i64s(g, {0, 1}),
                                                  f32s(g, {1}, {1}), i64_scalar(g, 0)});
           }).empty()); // updates shape differs from indices
}

TEST_CASE("ScatterNDUpdate spec examples") {
    Graph g;
    Node& e1 = g.add("ScatterNDUpdate", 3, {f32s(g, {8}, {1, 2, 3, 4, 5, 6, 7, 8}),
                                           i64_const(g, {4, 1}, {4, 3, 1, 7}),
                                           f32s(g, {4}, {9, 10, 11, 12})});
    CHECK(e1.output_shape(0) == PartialShape{8});
    CHECK(floats(g, e1.output(0)) == std::vector<float>{1, 11, 3, 10, 9, 6, 7, 12});

    const std::vector<float> data = {1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1,
                                     1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1,
                                     8, 7, 6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8,
                                     8, 7, 6, 5, 4, 3, 2, 1, 1, 2, 3, 4, 5, 6, 7, 8};
    const std::vector<float> updates = {5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8,
                                        1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
    Node& e2 = g.add("ScatterNDUpdate", 3, {f32s(g, {4, 4, 4}, data), i64_const(g, {2, 1}, {0, 2}),
                                           f32s(g, {2, 4, 4}, updates)});
    std::vector<float> expected(updates.begin(), updates.begin() + 16);
    expected.insert(expected.end(), data.begin() + 16, data.begin() + 32);
    expected.insert(expected.end(), updates.begin() + 16, updates.end());
    expected.insert(expected.end(), data.begin() + 48, data.end());
    CHECK(floats(g, e2.output(0)) == expected);
    // A full index tuple updates one element.
    Node& one = g.add("ScatterNDUpdate", 3, {iota_f32(g, {2, 2}), i64_const(g, {1, 2}, {1, 0}),
                                            f32s(g, {1}, {-1})});
    CHECK(floats(g, one.output(0)) == std::vector<float>{0, 1, -1, 3});
    CHECK(!error_of([&] {
               g.add("ScatterNDUpdate", 3, {iota_f32(g, {4}), i64_const(g, {2, 1}, {0, 1}),
                                            f32s(g, {3}, {1, 2, 3})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("ScatterNDUpdate", 3, {iota_f32(g, {4}), i64_const(g, {1, 2}, {0, 1}),
                                            f32s(g, {1}, {1})});
           }).empty());
}
