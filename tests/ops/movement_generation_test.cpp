// Range-1/4, OneHot-1, NonZero-3.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

TEST_CASE("Range-1 with integer and floating bounds") {
    Graph g;
    Node& i = g.add("Range", 1, {i64_scalar(g, 0), i64_scalar(g, 5), i64_scalar(g, 2)});
    CHECK(i.output_type(0) == ElementType::i64);
    CHECK(i.output_shape(0) == PartialShape{3});
    CHECK(int64s(g, i.output(0)) == Ints{0, 2, 4});
    Node& f = g.add("Range", 1, {f32s(g, {}, {1}), f32s(g, {}, {0}), f32s(g, {}, {-0.25f})});
    CHECK(f.output_shape(0) == PartialShape{4});
    CHECK(floats(g, f.output(0)) == std::vector<float>{1, 0.75f, 0.5f, 0.25f});
    Node& empty = g.add("Range", 1, {i64_scalar(g, 5), i64_scalar(g, 0), i64_scalar(g, 1)});
    CHECK(empty.output_shape(0) == PartialShape{0});
    CHECK(!error_of([&] {
               g.add("Range", 1, {i64_scalar(g, 0), i64_scalar(g, 5), i64_scalar(g, 0)});
           }).empty());
    CHECK(!error_of([&] {
               g.add("Range", 1, {i64_scalar(g, 0), f32s(g, {}, {5}), i64_scalar(g, 1)});
           }).empty());
    Node& d = g.add("Range", 1, {i64_scalar(g, 0), param(g, ElementType::i64, PartialShape{}),
                                 i64_scalar(g, 1)});
    CHECK(d.output_shape(0) == PartialShape{-1});
    CHECK(d.output_type(0) == ElementType::i64);
}

TEST_CASE("Range-4 output_type and element count") {
    Graph g;
    auto range = [&](float a, float b, float c, const char* type) -> Node& {
        return g.add("Range", 4, {f32s(g, {}, {a}), f32s(g, {}, {b}), f32s(g, {}, {c})},
                     attrs({{"output_type", std::string(type)}}));
    };
    // count = ceil((1 - 0) / 0.3) = 4.
    Node& f = range(0, 1, 0.3f, "f32");
    CHECK(f.output_shape(0) == PartialShape{4});
    const auto v = floats(g, f.output(0));
    REQUIRE(v.size() == 4);
    CHECK(v[3] == doctest::Approx(0.9));
    // Integer output: bounds truncated toward zero, (0.5, 3.7, 1) -> (0, 3, 1).
    Node& i = range(0.5f, 3.7f, 1, "i32");
    CHECK(i.output_type(0) == ElementType::i32);
    CHECK(int64s(g, i.output(0)) == Ints{0, 1, 2});
    Node& neg = g.add("Range", 4, {i64_scalar(g, 10), i32s(g, {2}), i64_scalar(g, -3)},
                      attrs({{"output_type", std::string("i64")}}));
    CHECK(int64s(g, neg.output(0)) == Ints{10, 7, 4});
    Node& h = range(0, 2, 0.5f, "f16");
    CHECK(value(g, h.output(0)).to_doubles() == std::vector<double>{0, 0.5, 1, 1.5});
    CHECK(!error_of([&] {
               g.add("Range", 4, {i64_scalar(g, 0), i64_scalar(g, 1), i64_scalar(g, 1)});
           }).empty()); // output_type is required
}

TEST_CASE("OneHot along the last and the first axis") {
    Graph g;
    auto one_hot = [&](std::int64_t axis, const Ints& indices) -> Node& {
        return g.add("OneHot", 1, {i64s(g, indices), i64_scalar(g, 3), f32s(g, {}, {1}), f32s(g, {}, {0})},
                     attrs({{"axis", axis}}));
    };
    Node& last = one_hot(-1, {0, 2, 5});
    CHECK(last.output_shape(0) == PartialShape{3, 3});
    CHECK(last.output_type(0) == ElementType::f32);
    CHECK(floats(g, last.output(0)) == std::vector<float>{1, 0, 0, 0, 0, 1, 0, 0, 0});
    Node& first = one_hot(0, {0, 2, 5});
    CHECK(floats(g, first.output(0)) == std::vector<float>{1, 0, 0, 0, 0, 0, 0, 1, 0});
    Node& ints = g.add("OneHot", 1, {i32s(g, {1}), i64_scalar(g, 2), i64_scalar(g, 7), i64_scalar(g, -7)},
                       attrs({{"axis", std::int64_t{1}}}));
    CHECK(ints.output_type(0) == ElementType::i64);
    CHECK(int64s(g, ints.output(0)) == Ints{-7, 7});
    Node& dyn = g.add("OneHot", 1, {param(g, ElementType::i64, PartialShape{2, 3}),
                                    param(g, ElementType::i64, PartialShape{}), f32s(g, {}, {1}),
                                    f32s(g, {}, {0})},
                      attrs({{"axis", std::int64_t{1}}}));
    CHECK(dyn.output_shape(0) == PartialShape{2, -1, 3});
    CHECK(!error_of([&] { one_hot(2, {0}); }).empty());
    CHECK(!error_of([&] {
               g.add("OneHot", 1, {i64s(g, {0}), i64_scalar(g, 3), f32s(g, {}, {1}), i64_scalar(g, 0)},
                     attrs({{"axis", std::int64_t{-1}}}));
           }).empty());
}

TEST_CASE("NonZero lists indices of non-zero elements (spec example)") {
    Graph g;
    Node& n = g.add("NonZero", 3, {f32s(g, {2, 2}, {1, 0, 1, 1})});
    CHECK(n.output_type(0) == ElementType::i64);
    CHECK(n.output_shape(0) == PartialShape{2, 3});
    CHECK(int64s(g, n.output(0)) == Ints{0, 1, 1, 0, 0, 1});
    Node& i = g.add("NonZero", 3, {i64s(g, {0, 3, 0, -2})}, attrs({{"output_type", std::string("i32")}}));
    CHECK(i.output_type(0) == ElementType::i32);
    CHECK(int64s(g, i.output(0)) == Ints{1, 3});
    Node& none = g.add("NonZero", 3, {f32s(g, {3}, {0, -0.0f, 0})});
    CHECK(none.output_shape(0) == PartialShape{1, 0});
    Node& d = g.add("NonZero", 3, {param(g, ElementType::f32, PartialShape{2, -1, 4})});
    CHECK(d.output_shape(0) == PartialShape{3, -1});
    // The kernel on a runtime value.
    const Tensor input = Tensor::from_vector<float>({3}, {0, 2, 2});
    auto out = evaluate_node(d, std::span<const Tensor>(&input, 1));
    CHECK(out.at(0).shape() == Shape{1, 2});
    CHECK(out.at(0).to_int64s() == Ints{1, 2});
}
