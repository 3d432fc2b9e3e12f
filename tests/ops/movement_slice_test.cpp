// StridedSlice-1 (every mask) and Slice-8.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

namespace {
struct MaskSet {
    Ints begin, end, new_axis = {}, shrink = {}, ellipsis = {};
};

Node& strided(Graph& g, Output data, const Ints& begin, const Ints& end, const Ints& stride,
              const MaskSet& m) {
    Attributes a;
    a.set("begin_mask", AttrValue(m.begin));
    a.set("end_mask", AttrValue(m.end));
    if (!m.new_axis.empty()) a.set("new_axis_mask", AttrValue(m.new_axis));
    if (!m.shrink.empty()) a.set("shrink_axis_mask", AttrValue(m.shrink));
    if (!m.ellipsis.empty()) a.set("ellipsis_mask", AttrValue(m.ellipsis));
    std::vector<Output> in{data, i64s(g, begin), i64s(g, end)};
    if (!stride.empty()) in.push_back(i64s(g, stride));
    return g.add("StridedSlice", 1, in, a);
}

// data[i][j][k] = 12i + 4j + k for shape [2,3,4].
std::vector<float> expected_234(const std::vector<std::array<int, 3>>& picks) {
    std::vector<float> v;
    for (auto [i, j, k] : picks) v.push_back(static_cast<float>(12 * i + 4 * j + k));
    return v;
}
} // namespace

TEST_CASE("StridedSlice begin_mask and end_mask (spec example 1)") {
    Graph g;
    // begin_mask 0,1,1 / end_mask 1,1,0 with begin [1,0,0], end [0,0,2]: data[1:, :, :2].
    Node& s = strided(g, iota_f32(g, {2, 3, 4}), {1, 0, 0}, {0, 0, 2}, {1, 1, 1},
                      {{0, 1, 1}, {1, 1, 0}});
    CHECK(s.output_shape(0) == PartialShape{1, 3, 2});
    CHECK(floats(g, s.output(0)) == expected_234({{1, 0, 0}, {1, 0, 1}, {1, 1, 0}, {1, 1, 1},
                                                  {1, 2, 0}, {1, 2, 1}}));
    // A masked begin ignores its value: begin 3 with begin_mask -> from 0.
    Node& m = strided(g, iota_f32(g, {6}), {3}, {5}, {}, {{1}, {0}});
    CHECK(floats(g, m.output(0)) == std::vector<float>{0, 1, 2, 3, 4});
    // Without masks the same values slice [3,5).
    Node& u = strided(g, iota_f32(g, {6}), {3}, {5}, {}, {{0}, {0}});
    CHECK(floats(g, u.output(0)) == std::vector<float>{3, 4});
}

TEST_CASE("StridedSlice new_axis_mask (spec example 2)") {
    Graph g;
    Node& s = strided(g, iota_f32(g, {2, 3, 4}), {0, 0, 0}, {0, 0, 0}, {1, 1, 1},
                      {{0, 1, 1}, {0, 1, 1}, {1, 0, 0}});
    CHECK(s.output_shape(0) == PartialShape{1, 2, 3, 4});
    const auto v = floats(g, s.output(0));
    REQUIRE(v.size() == 24);
    CHECK(v[23] == 23);
    // A new axis between two sliced axes: [2,3] -> [2,1,3].
    Node& mid = strided(g, iota_f32(g, {2, 3}), {0, 0, 0}, {0, 0, 0}, {}, {{1, 1, 1}, {1, 1, 1}, {0, 1, 0}});
    CHECK(mid.output_shape(0) == PartialShape{2, 1, 3});
}

TEST_CASE("StridedSlice shrink_axis_mask (spec example 3 and negative index)") {
    Graph g;
    Node& spec = strided(g, param(g, ElementType::f32, PartialShape{1, 2, 384, 640, 8}),
                         {0, 1, 0, 0, 0}, {0, 0, 0, 0, 0}, {1, 1, 1, 1, 1},
                         {{1, 0, 1, 1, 1}, {1, 0, 1, 1, 1}, {}, {0, 1, 0, 0, 0}});
    CHECK(spec.output_shape(0) == PartialShape{1, 384, 640, 8});
    // data[:, 2] of [2,3,4].
    Node& s = strided(g, iota_f32(g, {2, 3, 4}), {0, 2}, {0, 3}, {}, {{1, 0}, {1, 0}, {}, {0, 1}});
    CHECK(s.output_shape(0) == PartialShape{2, 4});
    CHECK(floats(g, s.output(0)) == std::vector<float>{8, 9, 10, 11, 20, 21, 22, 23});
    Node& n = strided(g, iota_f32(g, {2, 3, 4}), {0, -1}, {0, 0}, {}, {{1, 0}, {1, 0}, {}, {0, 1}});
    CHECK(floats(g, n.output(0)) == std::vector<float>{8, 9, 10, 11, 20, 21, 22, 23});
    // Shrinking every axis gives a scalar.
    Node& all = strided(g, iota_f32(g, {2, 3}), {1, 2}, {2, 3}, {}, {{0, 0}, {0, 0}, {}, {1, 1}});
    CHECK(all.output_shape(0) == PartialShape(Shape{}));
    CHECK(floats(g, all.output(0)) == std::vector<float>{5});
    CHECK(!error_of([&] {
               strided(g, iota_f32(g, {2, 3}), {0, 3}, {0, 4}, {}, {{0, 0}, {0, 0}, {}, {0, 1}});
           }).empty());
}

TEST_CASE("StridedSlice ellipsis_mask") {
    Graph g;
    // [..., 1:3] on [2,3,4]: the ellipsis covers axes 0 and 1.
    Node& e = strided(g, iota_f32(g, {2, 3, 4}), {0, 1}, {0, 3}, {1, 1}, {{0, 0}, {0, 0}, {}, {}, {1, 0}});
    CHECK(e.output_shape(0) == PartialShape{2, 3, 2});
    CHECK(floats(g, e.output(0)) == std::vector<float>{1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22});
    // [0, ..., new axis]: axis 0 shrunk, ellipsis covers 1 and 2, then a new axis.
    Node& m = strided(g, iota_f32(g, {2, 3, 4}), {1, 0, 0}, {2, 0, 0}, {},
                      {{0, 0, 0}, {0, 0, 0}, {0, 0, 1}, {1, 0, 0}, {0, 1, 0}});
    CHECK(m.output_shape(0) == PartialShape{3, 4, 1});
    const auto v = floats(g, m.output(0));
    REQUIRE(v.size() == 12);
    CHECK(v.front() == 12);
    CHECK(v.back() == 23);
    // An ellipsis covering no axis.
    Node& none = strided(g, iota_f32(g, {2, 3}), {0, 0, 1}, {0, 0, 2}, {}, {{1, 0, 0}, {1, 0, 0}, {}, {}, {0, 1, 0}});
    CHECK(none.output_shape(0) == PartialShape{2, 1});
    CHECK(!error_of([&] {
               strided(g, iota_f32(g, {2, 3}), {0, 0}, {0, 0}, {}, {{1, 1}, {1, 1}, {}, {}, {1, 1}});
           }).empty()); // two ellipses
}

TEST_CASE("StridedSlice negative strides, clamping and errors") {
    Graph g;
    auto data = iota_f32(g, {6});
    CHECK(floats(g, strided(g, data, {-1}, {0}, {-1}, {{0}, {0}}).output(0)) ==
          std::vector<float>{5, 4, 3, 2, 1});
    CHECK(floats(g, strided(g, data, {-1}, {0}, {-1}, {{0}, {1}}).output(0)) ==
          std::vector<float>{5, 4, 3, 2, 1, 0});
    CHECK(floats(g, strided(g, data, {0}, {0}, {-2}, {{1}, {1}}).output(0)) ==
          std::vector<float>{5, 3, 1});
    CHECK(floats(g, strided(g, data, {-100}, {100}, {2}, {{0}, {0}}).output(0)) ==
          std::vector<float>{0, 2, 4});
    CHECK(strided(g, data, {4}, {2}, {1}, {{0}, {0}}).output_shape(0) == PartialShape{0});
    CHECK(!error_of([&] { strided(g, data, {0}, {1}, {0}, {{0}, {0}}); }).empty());
    CHECK(!error_of([&] { strided(g, data, {0, 0}, {1, 1}, {}, {{0, 0}, {0, 0}}); }).empty());
    CHECK(!error_of([&] { strided(g, data, {0}, {1}, {}, {{2}, {0}}); }).empty());
}

TEST_CASE("StridedSlice with non-constant bounds keeps the rank") {
    Graph g;
    Attributes a;
    a.set("begin_mask", AttrValue(Ints{0, 0, 0}));
    a.set("end_mask", AttrValue(Ints{0, 0, 0}));
    a.set("new_axis_mask", AttrValue(Ints{0, 1, 0}));
    Node& s = g.add("StridedSlice", 1,
                    {param(g, ElementType::f32, PartialShape{5, 6, 7}),
                     param(g, ElementType::i64, PartialShape{3}), param(g, ElementType::i64, PartialShape{3})},
                    a);
    CHECK(s.output_shape(0) == PartialShape{-1, 1, -1, 7});
    Node& d = g.add("StridedSlice", 1,
                    {param(g, ElementType::f32, PartialShape{-1, 6}), i64s(g, {0, 1}), i64s(g, {0, 3})},
                    attrs({{"begin_mask", Ints{1, 0}}, {"end_mask", Ints{1, 0}}}));
    CHECK(d.output_shape(0) == PartialShape{-1, 2});
}

TEST_CASE("Slice spec examples") {
    Graph g;
    auto data = iota_f32(g, {10});
    auto slice = [&](const Ints& start, const Ints& stop, const Ints& step, const Ints& axes) {
        std::vector<Output> in{data, i64s(g, start), i64s(g, stop)};
        if (!step.empty()) in.push_back(i64s(g, step));
        if (!axes.empty()) in.push_back(i64s(g, axes));
        return floats(g, g.add("Slice", 8, in).output(0));
    };
    CHECK(slice({1}, {8}, {1}, {0}) == std::vector<float>{1, 2, 3, 4, 5, 6, 7});
    CHECK(slice({1}, {8}, {}, {}) == std::vector<float>{1, 2, 3, 4, 5, 6, 7});
    CHECK(slice({1}, {8}, {2}, {0}) == std::vector<float>{1, 3, 5, 7});
    CHECK(slice({-100}, {100}, {1}, {0}) == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    CHECK(slice({9}, {-11}, {-1}, {0}) == std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
    CHECK(slice({9}, {0}, {-1}, {0}) == std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1});
    CHECK(slice({9}, {-10}, {-1}, {0}) == std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1});
    CHECK(slice({9}, {-11}, {-2}, {0}) == std::vector<float>{9, 7, 5, 3, 1});
    CHECK(slice({100}, {-100}, {-1}, {0}) == std::vector<float>{9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
    CHECK(slice({0}, {INT64_MAX}, {3}, {-1}) == std::vector<float>{0, 3, 6, 9});
    CHECK(slice({5}, {INT64_MIN}, {-4}, {0}) == std::vector<float>{5, 1});
    // Example 11: 2x5 with start [0,1], stop [2,4], step [1,2].
    Node& two = g.add("Slice", 8, {iota_f32(g, {2, 5}), i64s(g, {0, 1}), i64s(g, {2, 4}),
                                   i64s(g, {1, 2}), i64s(g, {0, 1})});
    CHECK(two.output_shape(0) == PartialShape{2, 2});
    CHECK(floats(g, two.output(0)) == std::vector<float>{1, 3, 6, 8});
    // Example 13: only the given axes are sliced.
    Node& some = g.add("Slice", 8, {param(g, ElementType::f32, PartialShape{20, 10, 5}), i64s(g, {0, 0}),
                                    i64s(g, {4, 10}), i64s(g, {1, 1}), i64s(g, {0, 1})});
    CHECK(some.output_shape(0) == PartialShape{4, 10, 5});
    // Axes in another order.
    Node& rev = g.add("Slice", 8, {iota_f32(g, {2, 5}), i64s(g, {3, 1}), i64s(g, {5, 2}),
                                   i64s(g, {1, 1}), i64s(g, {-1, 0})});
    CHECK(floats(g, rev.output(0)) == std::vector<float>{8, 9});
}

TEST_CASE("Slice shape inference with non-constant inputs, and errors") {
    Graph g;
    Node& s = g.add("Slice", 8, {param(g, ElementType::f32, PartialShape{4, 5, 6}),
                                 param(g, ElementType::i64, PartialShape{1}), i64s(g, {3}),
                                 i64s(g, {1}), i64s(g, {1})});
    CHECK(s.output_shape(0) == PartialShape{4, -1, 6});
    Node& a = g.add("Slice", 8, {param(g, ElementType::f32, PartialShape{4, 5}), i64s(g, {0}),
                                 i64s(g, {3}), i64s(g, {1}), param(g, ElementType::i64, PartialShape{1})});
    CHECK(a.output_shape(0) == PartialShape{-1, -1});
    CHECK(!error_of([&] {
               g.add("Slice", 8, {iota_f32(g, {4}), i64s(g, {0}), i64s(g, {3}), i64s(g, {0})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("Slice", 8, {iota_f32(g, {4, 4}), i64s(g, {0, 0}), i64s(g, {3, 3}),
                                  i64s(g, {1, 1}), i64s(g, {1, -1})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("Slice", 8, {iota_f32(g, {4}), i64s(g, {0}), i64s(g, {3}), i64s(g, {1}),
                                  i64s(g, {1})});
           }).empty());
}
