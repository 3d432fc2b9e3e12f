// Concat, Split, VariadicSplit.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

namespace {
Attributes axis(std::int64_t a) { return attrs({{"axis", a}}); }
} // namespace

TEST_CASE("Concat joins along positive and negative axes") {
    Graph g;
    Node& a = g.add("Concat", 1, {f32s(g, {1, 2}, {1, 2}), f32s(g, {2, 2}, {3, 4, 5, 6})}, axis(0));
    CHECK(a.output_shape(0) == PartialShape{3, 2});
    CHECK(floats(g, a.output(0)) == std::vector<float>{1, 2, 3, 4, 5, 6});
    Node& b = g.add("Concat", 1, {f32s(g, {2, 1}, {1, 2}), f32s(g, {2, 2}, {3, 4, 5, 6})}, axis(-1));
    CHECK(b.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, b.output(0)) == std::vector<float>{1, 3, 4, 2, 5, 6});
    Node& three = g.add("Concat", 1, {i64s(g, {1}), i64s(g, {}), i64s(g, {2, 3})}, axis(0));
    CHECK(int64s(g, three.output(0)) == Ints{1, 2, 3});
}

TEST_CASE("Concat partial shapes and errors") {
    Graph g;
    Node& p = g.add("Concat", 1, {param(g, ElementType::f32, PartialShape{-1, 3}),
                                  param(g, ElementType::f32, PartialShape{2, -1})}, axis(1));
    CHECK(p.output_shape(0) == PartialShape{2, -1});
    Node& q = g.add("Concat", 1, {param(g, ElementType::f32, PartialShape{2, 3}),
                                  param(g, ElementType::f32, PartialShape::dynamic())}, axis(0));
    CHECK(q.output_shape(0) == PartialShape{-1, 3});
    CHECK(!error_of([&] {
               g.add("Concat", 1, {iota_f32(g, {2, 3}), iota_f32(g, {2, 4})}, axis(0));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Concat", 1, {iota_f32(g, {2, 3}), iota_f32(g, {2})}, axis(0));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Concat", 1, {iota_f32(g, {2}), i64s(g, {1})}, axis(0));
           }).empty());
    CHECK(!error_of([&] { g.add("Concat", 1, {iota_f32(g, {2})}, axis(1)); }).empty());
    CHECK(!error_of([&] { g.add("Concat", 1, {f32s(g, {}, {1})}, axis(0)); }).empty());
}

TEST_CASE("Split cuts into equal parts") {
    Graph g;
    Node& s = g.add("Split", 1, {iota_f32(g, {2, 4}), i64_scalar(g, -1)},
                    attrs({{"num_splits", std::int64_t{2}}}));
    REQUIRE(s.output_count() == 2);
    CHECK(s.output_shape(0) == PartialShape{2, 2});
    CHECK(s.output_shape(1) == PartialShape{2, 2});
    CHECK(floats(g, s.output(0)) == std::vector<float>{0, 1, 4, 5});
    CHECK(floats(g, s.output(1)) == std::vector<float>{2, 3, 6, 7});
    Node& t = g.add("Split", 1, {iota_f32(g, {3}), i64_scalar(g, 0)},
                    attrs({{"num_splits", std::int64_t{3}}}));
    REQUIRE(t.output_count() == 3);
    CHECK(floats(g, t.output(2)) == std::vector<float>{2});
    Node& d = g.add("Split", 1, {param(g, ElementType::f32, PartialShape{-1, 6}),
                                 param(g, ElementType::i64, PartialShape{})},
                    attrs({{"num_splits", std::int64_t{3}}}));
    REQUIRE(d.output_count() == 3);
    CHECK(d.output_shape(1) == PartialShape{-1, -1});
    CHECK(!error_of([&] {
               g.add("Split", 1, {iota_f32(g, {5}), i64_scalar(g, 0)},
                     attrs({{"num_splits", std::int64_t{2}}}));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Split", 1, {iota_f32(g, {4}), i64_scalar(g, 1)},
                     attrs({{"num_splits", std::int64_t{2}}}));
           }).empty());
}

TEST_CASE("VariadicSplit with explicit and inferred lengths") {
    Graph g;
    Node& v = g.add("VariadicSplit", 1, {iota_f32(g, {5, 2}), i64_scalar(g, 0), i64s(g, {1, -1, 2})});
    REQUIRE(v.output_count() == 3);
    CHECK(v.output_shape(0) == PartialShape{1, 2});
    CHECK(v.output_shape(1) == PartialShape{2, 2});
    CHECK(v.output_shape(2) == PartialShape{2, 2});
    CHECK(floats(g, v.output(0)) == std::vector<float>{0, 1});
    CHECK(floats(g, v.output(1)) == std::vector<float>{2, 3, 4, 5});
    CHECK(floats(g, v.output(2)) == std::vector<float>{6, 7, 8, 9});
    Node& z = g.add("VariadicSplit", 1, {iota_f32(g, {2, 3}), i64s(g, {-1}), i64s(g, {0, 3})});
    CHECK(z.output_shape(0) == PartialShape{2, 0});
    CHECK(floats(g, z.output(1)) == std::vector<float>{0, 1, 2, 3, 4, 5});
    Node& d = g.add("VariadicSplit", 1, {param(g, ElementType::f32, PartialShape{-1, 3}),
                                         i64_scalar(g, 0), i64s(g, {1, -1})});
    CHECK(d.output_shape(0) == PartialShape{1, 3});
    CHECK(d.output_shape(1) == PartialShape{-1, 3});
    CHECK(!error_of([&] {
               g.add("VariadicSplit", 1, {iota_f32(g, {5}), i64_scalar(g, 0), i64s(g, {1, 2})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("VariadicSplit", 1, {iota_f32(g, {5}), i64_scalar(g, 0), i64s(g, {-1, -1})});
           }).empty());
}
