// Transpose, DepthToSpace, SpaceToDepth, ShuffleChannels.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

TEST_CASE("Transpose permutes axes; an empty order reverses them") {
    Graph g;
    // [2,3] values 0..5 transposed: [[0,3],[1,4],[2,5]].
    Node& t = g.add("Transpose", 1, {iota_f32(g, {2, 3}), i64s(g, {1, 0})});
    CHECK(t.output_shape(0) == PartialShape{3, 2});
    CHECK(floats(g, t.output(0)) == std::vector<float>{0, 3, 1, 4, 2, 5});
    Node& e = g.add("Transpose", 1, {iota_f32(g, {2, 3}), i64s(g, {})});
    CHECK(e.output_shape(0) == PartialShape{3, 2});
    CHECK(floats(g, e.output(0)) == std::vector<float>{0, 3, 1, 4, 2, 5});
    // 3-D: [2,1,3] with order [2,0,1] -> [3,2,1]; out[k][i][0] = in[i][0][k] = 3i + k.
    Node& c = g.add("Transpose", 1, {iota_f32(g, {2, 1, 3}), i64s(g, {2, 0, 1})});
    CHECK(c.output_shape(0) == PartialShape{3, 2, 1});
    CHECK(floats(g, c.output(0)) == std::vector<float>{0, 3, 1, 4, 2, 5});
}

TEST_CASE("Transpose moves elements of any type") {
    Graph g;
    Node& b = g.add_const(Tensor::from_vector<bool>({2, 2}, {true, false, false, false}));
    Node& t = g.add("Transpose", 1, {b.output(0), i64s(g, {1, 0})});
    const Tensor v = value(g, t.output(0));
    CHECK(v.type() == ElementType::boolean);
    CHECK(v.to_int64s() == Ints{1, 0, 0, 0});
    Node& h = g.add_const(Tensor::from_vector<float>({1, 3}, {1.5f, -2.f, 3.f}).cast(ElementType::f16));
    Node& th = g.add("Transpose", 1, {h.output(0), i64s(g, {1, 0})});
    CHECK(th.output_type(0) == ElementType::f16);
    CHECK(value(g, th.output(0)).to_doubles() == std::vector<double>{1.5, -2, 3});
    Node& l = g.add_const(Tensor::from_vector<std::int64_t>({2, 2}, {1LL << 40, 2, 3, -(1LL << 50)}));
    Node& tl = g.add("Transpose", 1, {l.output(0), i64s(g, {1, 0})});
    CHECK(int64s(g, tl.output(0)) == Ints{1LL << 40, 3, 2, -(1LL << 50)});
}

TEST_CASE("Transpose shape inference: partial shapes and errors") {
    Graph g;
    Node& p = g.add("Transpose", 1, {param(g, ElementType::f32, PartialShape{-1, 3, 4}), i64s(g, {0, 2, 1})});
    CHECK(p.output_shape(0) == PartialShape{-1, 4, 3});
    Node& n = g.add("Transpose", 1, {param(g, ElementType::f32, PartialShape{2, 3}),
                                     param(g, ElementType::i64, PartialShape{2})});
    CHECK(n.output_shape(0) == PartialShape{-1, -1});
    CHECK(!error_of([&] { g.add("Transpose", 1, {iota_f32(g, {2, 3}), i64s(g, {0, 0})}); }).empty());
    CHECK(!error_of([&] { g.add("Transpose", 1, {iota_f32(g, {2, 3}), i64s(g, {0, 1, 2})}); }).empty());
    CHECK(!error_of([&] { g.add("Transpose", 1, {iota_f32(g, {2, 3}), f32s(g, {2}, {1, 0})}); }).empty());
}

TEST_CASE("DepthToSpace blocks_first and depth_first") {
    Graph g;
    // [1,8,1,1] values 0..7, block 2 -> [1,2,2,2]. blocks_first: depth = (bh*2+bw)*2 + c', so
    // out[c'][bh][bw] = in[(bh*2+bw)*2 + c'].
    Node& bf = g.add("DepthToSpace", 1, {iota_f32(g, {1, 8, 1, 1})},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("blocks_first")}}));
    CHECK(bf.output_shape(0) == PartialShape{1, 2, 2, 2});
    CHECK(floats(g, bf.output(0)) == std::vector<float>{0, 2, 4, 6, 1, 3, 5, 7});
    // depth_first: depth = c'*4 + bh*2 + bw, which here is the identity order.
    Node& df = g.add("DepthToSpace", 1, {iota_f32(g, {1, 8, 1, 1})},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("depth_first")}}));
    CHECK(floats(g, df.output(0)) == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7});
    // [1,4,1,2] values 0..7 (channel c holds 2c, 2c+1): row bh reads channels 2bh, 2bh+1
    // interleaved along width.
    Node& w = g.add("DepthToSpace", 1, {iota_f32(g, {1, 4, 1, 2})},
                    attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("blocks_first")}}));
    CHECK(w.output_shape(0) == PartialShape{1, 1, 2, 4});
    CHECK(floats(g, w.output(0)) == std::vector<float>{0, 2, 1, 3, 4, 6, 5, 7});
    CHECK(!error_of([&] {
               g.add("DepthToSpace", 1, {iota_f32(g, {1, 6, 1, 1})},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("blocks_first")}}));
           }).empty());
    CHECK(!error_of([&] {
               g.add("DepthToSpace", 1, {iota_f32(g, {1, 4, 1, 1})},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("rows")}}));
           }).empty());
}

TEST_CASE("SpaceToDepth inverts DepthToSpace") {
    Graph g;
    auto data = f32s(g, {1, 2, 2, 2}, {0, 2, 4, 6, 1, 3, 5, 7});
    Node& bf = g.add("SpaceToDepth", 1, {data},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("blocks_first")}}));
    CHECK(bf.output_shape(0) == PartialShape{1, 8, 1, 1});
    CHECK(floats(g, bf.output(0)) == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7});
    Node& df = g.add("SpaceToDepth", 1, {data},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("depth_first")}}));
    CHECK(floats(g, df.output(0)) == std::vector<float>{0, 2, 4, 6, 1, 3, 5, 7});
    Node& dyn = g.add("SpaceToDepth", 1, {param(g, ElementType::f32, PartialShape{-1, 3, 4, -1})},
                      attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("depth_first")}}));
    CHECK(dyn.output_shape(0) == PartialShape{-1, 12, 2, -1});
    CHECK(!error_of([&] {
               g.add("SpaceToDepth", 1, {iota_f32(g, {1, 1, 3, 2})},
                     attrs({{"block_size", std::int64_t{2}}, {"mode", std::string("depth_first")}}));
           }).empty());
}

TEST_CASE("ShuffleChannels interleaves groups") {
    Graph g;
    // [1,6,1,1], group 2: out[j*2 + grp] = in[grp*3 + j].
    Node& s = g.add("ShuffleChannels", 1, {iota_f32(g, {1, 6, 1, 1})},
                    attrs({{"axis", std::int64_t{1}}, {"group", std::int64_t{2}}}));
    CHECK(s.output_shape(0) == PartialShape{1, 6, 1, 1});
    CHECK(floats(g, s.output(0)) == std::vector<float>{0, 3, 1, 4, 2, 5});
    // Negative axis on [2,4]: axis -1, group 2 -> rows [0,2,1,3], [4,6,5,7].
    Node& n = g.add("ShuffleChannels", 1, {iota_f32(g, {2, 4})},
                    attrs({{"axis", std::int64_t{-1}}, {"group", std::int64_t{2}}}));
    CHECK(floats(g, n.output(0)) == std::vector<float>{0, 2, 1, 3, 4, 6, 5, 7});
    CHECK(!error_of([&] {
               g.add("ShuffleChannels", 1, {iota_f32(g, {1, 5})},
                     attrs({{"axis", std::int64_t{1}}, {"group", std::int64_t{2}}}));
           }).empty());
}
