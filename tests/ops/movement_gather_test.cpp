// Gather-1/7/8, GatherElements-6, GatherND-5 (expected values from the spec examples).
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

namespace {
Node& gather(Graph& g, int opset, Output data, Output indices, std::int64_t axis,
             std::int64_t batch_dims = 0) {
    Attributes a;
    if (opset >= 7) a.set("batch_dims", AttrValue(batch_dims));
    return g.add("Gather", opset, {data, indices, i64_scalar(g, axis)}, a);
}
Output i64_const(Graph& g, Shape s, const Ints& v) {
    return g.add_const(Tensor::from_vector<std::int64_t>(std::move(s), v)).output(0);
}
} // namespace

TEST_CASE("Gather spec examples 1, 2, 3 and 5") {
    Graph g;
    Node& e1 = gather(g, 8, f32s(g, {5}, {1, 2, 3, 4, 5}), i64s(g, {0, 0, 4}), 0);
    CHECK(e1.output_shape(0) == PartialShape{3});
    CHECK(floats(g, e1.output(0)) == std::vector<float>{1, 1, 5});

    auto data2 = f32s(g, {2, 5}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    auto idx2 = i64_const(g, {2, 3}, {0, 0, 4, 4, 0, 0});
    Node& e2 = gather(g, 7, data2, idx2, 1, 1);
    CHECK(e2.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, e2.output(0)) == std::vector<float>{1, 1, 5, 10, 6, 6});
    Node& e5 = gather(g, 8, data2, idx2, 1, -1); // batch_dims -1 -> 1
    CHECK(floats(g, e5.output(0)) == std::vector<float>{1, 1, 5, 10, 6, 6});

    std::vector<float> d3(20);
    for (int i = 0; i < 20; ++i) d3[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
    Node& e3 = gather(g, 8, f32s(g, {2, 2, 5}, d3),
                      i64_const(g, {2, 2, 3}, {0, 0, 4, 4, 0, 0, 1, 2, 4, 4, 3, 2}), 2, 2);
    CHECK(e3.output_shape(0) == PartialShape{2, 2, 3});
    CHECK(floats(g, e3.output(0)) ==
          std::vector<float>{1, 1, 5, 10, 6, 6, 12, 13, 15, 20, 19, 18});
}

TEST_CASE("Gather spec example 4: axis after batch_dims") {
    Graph g;
    std::vector<float> d(40);
    for (int i = 0; i < 40; ++i) d[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
    Node& e = gather(g, 8, f32s(g, {2, 1, 5, 4}, d), i64_const(g, {2, 3}, {1, 2, 4, 4, 3, 2}), 2, 1);
    CHECK(e.output_shape(0) == PartialShape{2, 1, 3, 4});
    CHECK(floats(g, e.output(0)) == std::vector<float>{5,  6,  7,  8,  9,  10, 11, 12,
                                                       17, 18, 19, 20, 37, 38, 39, 40,
                                                       33, 34, 35, 36, 29, 30, 31, 32});
}

TEST_CASE("Gather-8 negative indices; scalar indices drop the axis") {
    Graph g;
    Node& n = gather(g, 8, f32s(g, {5}, {1, 2, 3, 4, 5}), i64s(g, {0, -2, -1}), 0);
    CHECK(floats(g, n.output(0)) == std::vector<float>{1, 4, 5});
    // Scalar index 1 on axis -1 of [2,3]: column 1.
    Node& s = gather(g, 1, iota_f32(g, {2, 3}), i64_scalar(g, 1), -1);
    CHECK(s.output_shape(0) == PartialShape{2});
    CHECK(floats(g, s.output(0)) == std::vector<float>{1, 4});
    // Rows of a 2-D table by 2-D indices (Gather-1): output [2,2,3].
    Node& r = gather(g, 1, iota_f32(g, {3, 3}), i64_const(g, {2, 2}, {2, 0, 1, 1}), 0);
    CHECK(r.output_shape(0) == PartialShape{2, 2, 3});
    CHECK(floats(g, r.output(0)) == std::vector<float>{6, 7, 8, 0, 1, 2, 3, 4, 5, 3, 4, 5});
    // i32 indices and i8 data.
    Node& c = g.add_const(Tensor::from_vector<std::int8_t>({4}, {10, -20, 30, -40}));
    Node& t = gather(g, 8, c.output(0), i32s(g, {3, 0}), 0);
    CHECK(t.output_type(0) == ElementType::i8);
    CHECK(int64s(g, t.output(0)) == Ints{-40, 10});
}

TEST_CASE("Gather shape inference: partial shapes, non-constant axis and errors") {
    Graph g;
    Node& p = gather(g, 8, param(g, ElementType::f32, PartialShape{-1, 7, 5}),
                     param(g, ElementType::i64, PartialShape{2, -1}), 1);
    CHECK(p.output_shape(0) == PartialShape{-1, 2, -1, 5});
    Node& u = g.add("Gather", 8, {param(g, ElementType::f32, PartialShape{4, 5}),
                                  param(g, ElementType::i64, PartialShape{3}),
                                  param(g, ElementType::i64, PartialShape{})},
                    attrs({{"batch_dims", std::int64_t{0}}}));
    CHECK(u.output_shape(0) == PartialShape{-1, -1});
    CHECK(!error_of([&] { gather(g, 8, iota_f32(g, {2, 3}), i64s(g, {0}), 2); }).empty());
    CHECK(!error_of([&] { gather(g, 8, iota_f32(g, {2, 3}), i64s(g, {0}), 0, 2); }).empty());
    CHECK(!error_of([&] {
               gather(g, 8, iota_f32(g, {2, 3}), i64_const(g, {2, 1}, {0, 1}), 0, 1);
           }).empty()); // batch_dims 1 > axis 0
    CHECK(!error_of([&] { gather(g, 8, iota_f32(g, {2, 3}), f32s(g, {1}, {0}), 0); }).empty());
}

TEST_CASE("GatherElements spec examples") {
    Graph g;
    Node& e1 = g.add("GatherElements", 6, {f32s(g, {2, 2}, {1, 2, 3, 4}), i64_const(g, {2, 2}, {0, 1, 0, 0})},
                     attrs({{"axis", std::int64_t{0}}}));
    CHECK(e1.output_shape(0) == PartialShape{2, 2});
    CHECK(floats(g, e1.output(0)) == std::vector<float>{1, 4, 1, 2});
    Node& e2 = g.add("GatherElements", 6,
                     {f32s(g, {2, 2}, {1, 7, 4, 3}), i64_const(g, {2, 3}, {1, 1, 0, 1, 0, 1})},
                     attrs({{"axis", std::int64_t{1}}}));
    CHECK(e2.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, e2.output(0)) == std::vector<float>{7, 7, 1, 3, 4, 3});
    Node& e3 = g.add("GatherElements", 6,
                     {f32s(g, {3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9}), i64_const(g, {2, 3}, {1, 0, 1, 1, 2, 0})},
                     attrs({{"axis", std::int64_t{0}}}));
    CHECK(floats(g, e3.output(0)) == std::vector<float>{4, 2, 6, 4, 8, 3});
    CHECK(!error_of([&] {
               g.add("GatherElements", 6, {iota_f32(g, {2, 2}), i64_const(g, {3, 2}, {0, 0, 0, 0, 0, 0})},
                     attrs({{"axis", std::int64_t{1}}}));
           }).empty());
    CHECK(!error_of([&] {
               g.add("GatherElements", 6, {iota_f32(g, {2, 2}), i64s(g, {0, 1})},
                     attrs({{"axis", std::int64_t{0}}}));
           }).empty());
    // An index out of range is reported by the kernel.
    Node& bad = g.add("GatherElements", 6, {iota_f32(g, {2}), i64s(g, {5})},
                      attrs({{"axis", std::int64_t{0}}}));
    CHECK(error_of([&] { g.constant_value(bad.output(0)); }).find("out of range") !=
          std::string::npos);
}

TEST_CASE("GatherND spec examples") {
    Graph g;
    auto data = f32s(g, {2, 2}, {1, 2, 3, 4});
    auto nd = [&](Output d, Output i, std::int64_t b) -> Node& {
        return g.add("GatherND", 5, {d, i}, attrs({{"batch_dims", b}}));
    };
    Node& e1 = nd(data, i64_const(g, {2, 2}, {0, 0, 1, 0}), 0);
    CHECK(e1.output_shape(0) == PartialShape{2});
    CHECK(floats(g, e1.output(0)) == std::vector<float>{1, 3});
    Node& e2 = nd(data, i64_const(g, {2, 1}, {1, 0}), 0);
    CHECK(e2.output_shape(0) == PartialShape{2, 2});
    CHECK(floats(g, e2.output(0)) == std::vector<float>{3, 4, 1, 2});
    Node& e3 = nd(data, i64_const(g, {2, 1, 1}, {1, 0}), 0);
    CHECK(e3.output_shape(0) == PartialShape{2, 1, 2});
    CHECK(floats(g, e3.output(0)) == std::vector<float>{3, 4, 1, 2});
    Node& e4 = nd(data, i64_const(g, {2, 1}, {1, 0}), 1);
    CHECK(e4.output_shape(0) == PartialShape{2});
    CHECK(floats(g, e4.output(0)) == std::vector<float>{2, 3});
    std::vector<float> d24(24);
    for (int i = 0; i < 24; ++i) d24[static_cast<std::size_t>(i)] = static_cast<float>(i + 1);
    Node& e5 = nd(f32s(g, {2, 3, 4}, d24), i64_const(g, {2, 1}, {1, 0}), 1);
    CHECK(e5.output_shape(0) == PartialShape{2, 4});
    CHECK(floats(g, e5.output(0)) == std::vector<float>{5, 6, 7, 8, 13, 14, 15, 16});
    Node& e6 = nd(f32s(g, {2, 3, 4}, d24), i64_const(g, {2, 3, 1, 1}, {1, 0, 2, 0, 2, 2}), 2);
    CHECK(e6.output_shape(0) == PartialShape{6, 1});
    CHECK(floats(g, e6.output(0)) == std::vector<float>{2, 5, 11, 13, 19, 23});
    CHECK(!error_of([&] { nd(data, i64_const(g, {1, 3}, {0, 0, 0}), 0); }).empty());
    CHECK(!error_of([&] { nd(data, i64_const(g, {2, 1}, {0, 0}), 2); }).empty());
    Node& partial = nd(param(g, ElementType::f32, PartialShape{-1, 5, 6}),
                       param(g, ElementType::i64, PartialShape{3, 2}), 0);
    CHECK(partial.output_shape(0) == PartialShape{3, 6});
}
