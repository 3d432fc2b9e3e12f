// Pad-1, Tile-1, Broadcast-1/3.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

namespace {
// The spec's INPUT: 3x4 values 1..12.
Output pad_input(Graph& g) {
    return f32s(g, {3, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
}
Node& pad(Graph& g, Output data, const Ints& begin, const Ints& end, const char* mode) {
    return g.add("Pad", 1, {data, i64s(g, begin), i64s(g, end)},
                 attrs({{"pad_mode", std::string(mode)}}));
}
} // namespace

TEST_CASE("Pad spec examples for every pad_mode") {
    Graph g;
    Node& c = pad(g, pad_input(g), {0, 1}, {2, 3}, "constant");
    CHECK(c.output_shape(0) == PartialShape{5, 8});
    CHECK(floats(g, c.output(0)) == std::vector<float>{0, 1, 2,  3,  4,  0, 0, 0, //
                                                       0, 5, 6,  7,  8,  0, 0, 0, //
                                                       0, 9, 10, 11, 12, 0, 0, 0, //
                                                       0, 0, 0,  0,  0,  0, 0, 0, //
                                                       0, 0, 0,  0,  0,  0, 0, 0});
    Node& e = pad(g, pad_input(g), {0, 1}, {2, 3}, "edge");
    CHECK(floats(g, e.output(0)) == std::vector<float>{1, 1, 2,  3,  4,  4,  4,  4,  //
                                                       5, 5, 6,  7,  8,  8,  8,  8,  //
                                                       9, 9, 10, 11, 12, 12, 12, 12, //
                                                       9, 9, 10, 11, 12, 12, 12, 12, //
                                                       9, 9, 10, 11, 12, 12, 12, 12});
    Node& r = pad(g, pad_input(g), {0, 1}, {2, 3}, "reflect");
    CHECK(floats(g, r.output(0)) == std::vector<float>{2,  1, 2,  3,  4,  3,  2,  1, //
                                                       6,  5, 6,  7,  8,  7,  6,  5, //
                                                       10, 9, 10, 11, 12, 11, 10, 9, //
                                                       6,  5, 6,  7,  8,  7,  6,  5, //
                                                       2,  1, 2,  3,  4,  3,  2,  1});
    Node& s = pad(g, pad_input(g), {0, 1}, {2, 3}, "symmetric");
    CHECK(floats(g, s.output(0)) == std::vector<float>{1, 1, 2,  3,  4,  4,  3,  2,  //
                                                       5, 5, 6,  7,  8,  8,  7,  6,  //
                                                       9, 9, 10, 11, 12, 12, 11, 10, //
                                                       9, 9, 10, 11, 12, 12, 11, 10, //
                                                       5, 5, 6,  7,  8,  8,  7,  6});
}

TEST_CASE("Pad with a pad_value, other types, and errors") {
    Graph g;
    Node& v = g.add("Pad", 1, {f32s(g, {2}, {1, 2}), i64s(g, {1}), i64s(g, {2}), f32s(g, {}, {-1})},
                    attrs({{"pad_mode", std::string("constant")}}));
    CHECK(floats(g, v.output(0)) == std::vector<float>{-1, 1, 2, -1, -1});
    Node& i = g.add("Pad", 1, {i64s(g, {7, 8}), i64s(g, {2}), i64s(g, {0}), i64_scalar(g, 5)},
                    attrs({{"pad_mode", std::string("constant")}}));
    CHECK(int64s(g, i.output(0)) == Ints{5, 5, 7, 8});
    CHECK(!error_of([&] { pad(g, pad_input(g), {0, 4}, {0, 0}, "reflect"); }).empty());
    CHECK(error_of([&] { pad(g, pad_input(g), {0, 4}, {0, 0}, "symmetric"); }).empty());
    CHECK(!error_of([&] { pad(g, pad_input(g), {0, 5}, {0, 0}, "symmetric"); }).empty());
    CHECK(!error_of([&] { pad(g, pad_input(g), {0}, {0}, "constant"); }).empty());
    CHECK(!error_of([&] { pad(g, pad_input(g), {0, -1}, {0, 0}, "constant"); }).empty());
    CHECK(!error_of([&] { pad(g, pad_input(g), {0, 0}, {0, 0}, "wrap"); }).empty());
    CHECK(!error_of([&] {
               g.add("Pad", 1, {pad_input(g), i64s(g, {0, 0}), i64s(g, {0, 0}), f32s(g, {}, {1})},
                     attrs({{"pad_mode", std::string("edge")}}));
           }).empty());
    Node& d =
        g.add("Pad", 1,
              {param(g, ElementType::f32, PartialShape{-1, 4}), i64s(g, {1, 1}), i64s(g, {1, 0})},
              attrs({{"pad_mode", std::string("constant")}}));
    // Axis 1: 4 + pads_begin 1 + pads_end 0.
    CHECK(d.output_shape(0) == PartialShape{-1, 5});
    Node& n = g.add("Pad", 1,
                    {param(g, ElementType::f32, PartialShape{3, 4}),
                     param(g, ElementType::i64, PartialShape{2}), i64s(g, {1, 0})},
                    attrs({{"pad_mode", std::string("constant")}}));
    CHECK(n.output_shape(0) == PartialShape{-1, -1});
}

TEST_CASE("Tile repeats along axes, promoting ranks") {
    Graph g;
    auto data = f32s(g, {2, 2}, {1, 2, 3, 4});
    Node& rows = g.add("Tile", 1, {data, i64s(g, {2, 1})});
    CHECK(rows.output_shape(0) == PartialShape{4, 2});
    CHECK(floats(g, rows.output(0)) == std::vector<float>{1, 2, 3, 4, 1, 2, 3, 4});
    Node& cols = g.add("Tile", 1, {data, i64s(g, {1, 2})});
    CHECK(floats(g, cols.output(0)) == std::vector<float>{1, 2, 1, 2, 3, 4, 3, 4});
    Node& more = g.add("Tile", 1, {data, i64s(g, {2, 1, 1})});
    CHECK(more.output_shape(0) == PartialShape{2, 2, 2});
    CHECK(floats(g, more.output(0)) == std::vector<float>{1, 2, 3, 4, 1, 2, 3, 4});
    Node& fewer = g.add("Tile", 1, {data, i64s(g, {3})});
    CHECK(fewer.output_shape(0) == PartialShape{2, 6});
    CHECK(floats(g, fewer.output(0)) == std::vector<float>{1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4});
    Node& dyn =
        g.add("Tile", 1, {param(g, ElementType::f32, PartialShape{-1, 3}), i64s(g, {2, 2})});
    CHECK(dyn.output_shape(0) == PartialShape{-1, 6});
    Node& unknown = g.add("Tile", 1,
                          {param(g, ElementType::f32, PartialShape{2, 3}),
                           param(g, ElementType::i64, PartialShape{3})});
    CHECK(unknown.output_shape(0) == PartialShape{-1, -1, -1});
    CHECK(!error_of([&] { g.add("Tile", 1, {data, i64s(g, {-1, 1})}); }).empty());
}

TEST_CASE("Broadcast numpy, explicit and bidirectional") {
    Graph g;
    auto numpy = [](const char* m) { return attrs({{"mode", std::string(m)}}); };
    Node& row = g.add("Broadcast", 3, {f32s(g, {3}, {1, 2, 3}), i64s(g, {2, 3})}, numpy("numpy"));
    CHECK(row.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, row.output(0)) == std::vector<float>{1, 2, 3, 1, 2, 3});
    Node& col = g.add("Broadcast", 1, {f32s(g, {2, 1}, {1, 2}), i64s(g, {2, 3})});
    CHECK(floats(g, col.output(0)) == std::vector<float>{1, 1, 1, 2, 2, 2});
    Node& ex = g.add("Broadcast", 1, {f32s(g, {2}, {1, 2}), i64s(g, {2, 3}), i64s(g, {0})},
                     numpy("explicit"));
    CHECK(ex.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, ex.output(0)) == std::vector<float>{1, 1, 1, 2, 2, 2});
    // [C] to [N,C,H,W] with axes_mapping [1].
    Node& chw = g.add("Broadcast", 3, {f32s(g, {2}, {5, 6}), i64s(g, {1, 2, 1, 2}), i64s(g, {1})},
                      numpy("explicit"));
    CHECK(floats(g, chw.output(0)) == std::vector<float>{5, 5, 6, 6});
    Node& bi =
        g.add("Broadcast", 3, {f32s(g, {2, 1}, {1, 2}), i64s(g, {1, 3})}, numpy("bidirectional"));
    CHECK(bi.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, bi.output(0)) == std::vector<float>{1, 1, 1, 2, 2, 2});
    Node& bi_rank = g.add("Broadcast", 3, {f32s(g, {2, 2}, {1, 2, 3, 4}), i64s(g, {1})},
                          numpy("bidirectional"));
    CHECK(bi_rank.output_shape(0) == PartialShape{2, 2});
}

TEST_CASE("Broadcast errors and non-constant targets") {
    Graph g;
    auto mode = [](const char* m) { return attrs({{"mode", std::string(m)}}); };
    CHECK(!error_of([&] { g.add("Broadcast", 3, {iota_f32(g, {3}), i64s(g, {2, 4})}); }).empty());
    CHECK(!error_of([&] { g.add("Broadcast", 3, {iota_f32(g, {2, 3}), i64s(g, {3})}); }).empty());
    CHECK(!error_of([&] {
               g.add("Broadcast", 1, {iota_f32(g, {3}), i64s(g, {3})}, mode("bidirectional"));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Broadcast", 3, {iota_f32(g, {3}), i64s(g, {3, 3})}, mode("explicit"));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Broadcast", 3, {iota_f32(g, {3}), i64s(g, {2, 3}), i64s(g, {0})},
                     mode("explicit"));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Broadcast", 3, {iota_f32(g, {2, 3}), i64s(g, {2, 3, 4}), i64s(g, {1, 0})},
                     mode("explicit"));
           }).empty());
    Node& n =
        g.add("Broadcast", 3, {iota_f32(g, {3}), param(g, ElementType::i64, PartialShape{4})});
    CHECK(n.output_shape(0) == PartialShape{-1, -1, -1, -1});
    Node& b = g.add("Broadcast", 3,
                    {param(g, ElementType::f32, PartialShape{1, 2, 3}),
                     param(g, ElementType::i64, PartialShape{2})},
                    mode("bidirectional"));
    CHECK(b.output_shape(0) == PartialShape{-1, -1, -1});
    Node& d =
        g.add("Broadcast", 3, {param(g, ElementType::f32, PartialShape{-1}), i64s(g, {2, 5})});
    CHECK(d.output_shape(0) == PartialShape{2, 5});
}
