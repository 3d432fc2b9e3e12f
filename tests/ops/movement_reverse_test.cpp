// Reverse-1, ReverseSequence-1, Roll-7, BatchToSpace-2, SpaceToBatch-2.
#include "movement_test_helpers.hpp"

using namespace mo;
using namespace mo::movement_test;

TEST_CASE("Reverse by axis index and by mask") {
    Graph g;
    Node& i = g.add("Reverse", 1, {iota_f32(g, {2, 3}), i64s(g, {1})},
                    attrs({{"mode", std::string("index")}}));
    CHECK(i.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, i.output(0)) == std::vector<float>{2, 1, 0, 5, 4, 3});
    Node& mask = g.add_const(Tensor::from_vector<bool>({2}, {true, false}));
    Node& m = g.add("Reverse", 1, {iota_f32(g, {2, 3}), mask.output(0)},
                    attrs({{"mode", std::string("mask")}}));
    CHECK(floats(g, m.output(0)) == std::vector<float>{3, 4, 5, 0, 1, 2});
    Node& both = g.add("Reverse", 1, {iota_f32(g, {2, 3}), i64s(g, {0, 1})},
                       attrs({{"mode", std::string("index")}}));
    CHECK(floats(g, both.output(0)) == std::vector<float>{5, 4, 3, 2, 1, 0});
    Node& none = g.add("Reverse", 1, {iota_f32(g, {2, 3}), i64s(g, {})},
                       attrs({{"mode", std::string("index")}}));
    CHECK(floats(g, none.output(0)) == std::vector<float>{0, 1, 2, 3, 4, 5});
    CHECK(!error_of([&] {
               g.add("Reverse", 1, {iota_f32(g, {2, 3}), i64s(g, {2})}, attrs({{"mode", std::string("index")}}));
           }).empty());
    CHECK(!error_of([&] {
               g.add("Reverse", 1, {iota_f32(g, {2, 3}), i64s(g, {1, 0})}, attrs({{"mode", std::string("mask")}}));
           }).empty());
}

TEST_CASE("ReverseSequence reverses the first lengths[b] steps of each batch") {
    Graph g;
    // batch_axis 0, seq_axis 1: rows [0,1,2,3], [4,5,6,7] with lengths [3,1].
    Node& a = g.add("ReverseSequence", 1, {iota_f32(g, {2, 4}), i64s(g, {3, 1})},
                    attrs({{"batch_axis", std::int64_t{0}}, {"seq_axis", std::int64_t{1}}}));
    CHECK(a.output_shape(0) == PartialShape{2, 4});
    CHECK(floats(g, a.output(0)) == std::vector<float>{2, 1, 0, 3, 4, 5, 6, 7});
    // batch_axis 1, seq_axis 0 (defaults would be 0 and 1): columns reversed by [4, 2].
    Node& b = g.add("ReverseSequence", 1, {iota_f32(g, {4, 2}), i32s(g, {4, 2})},
                    attrs({{"batch_axis", std::int64_t{-1}}, {"seq_axis", std::int64_t{0}}}));
    CHECK(floats(g, b.output(0)) == std::vector<float>{6, 3, 4, 1, 2, 5, 0, 7});
    CHECK(!error_of([&] {
               g.add("ReverseSequence", 1, {iota_f32(g, {2, 4}), i64s(g, {1, 1, 1})});
           }).empty());
    Node& bad = g.add("ReverseSequence", 1, {iota_f32(g, {2, 4}), i64s(g, {5, 1})});
    CHECK(!error_of([&] { g.constant_value(bad.output(0)); }).empty());
}

TEST_CASE("Roll spec examples") {
    Graph g;
    auto data = f32s(g, {4, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    Node& e1 = g.add("Roll", 7, {data, i64s(g, {1}), i64s(g, {0})});
    CHECK(e1.output_shape(0) == PartialShape{4, 3});
    CHECK(floats(g, e1.output(0)) == std::vector<float>{10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    Node& e2 = g.add("Roll", 7, {data, i64s(g, {-1, 2}), i64s(g, {0, 1})});
    CHECK(floats(g, e2.output(0)) == std::vector<float>{5, 6, 4, 8, 9, 7, 11, 12, 10, 2, 3, 1});
    Node& e3 = g.add("Roll", 7, {data, i64s(g, {1, 2, 1}), i64s(g, {0, 1, 0})});
    CHECK(floats(g, e3.output(0)) == std::vector<float>{8, 9, 7, 11, 12, 10, 2, 3, 1, 5, 6, 4});
    // A scalar shift applies to every listed axis; negative axes count from the end.
    Node& s = g.add("Roll", 7, {data, i64_scalar(g, 1), i64s(g, {0, -1})});
    CHECK(floats(g, s.output(0)) == std::vector<float>{12, 10, 11, 3, 1, 2, 6, 4, 5, 9, 7, 8});
    CHECK(!error_of([&] { g.add("Roll", 7, {data, i64s(g, {1, 2}), i64s(g, {0})}); }).empty());
    CHECK(!error_of([&] { g.add("Roll", 7, {data, i64s(g, {1}), i64s(g, {2})}); }).empty());
}

TEST_CASE("SpaceToBatch and BatchToSpace") {
    Graph g;
    // [1,4] values 1..4, block [1,2]: out[b1][0][p] = x[0][2p + b1].
    Node& s = g.add("SpaceToBatch", 2, {f32s(g, {1, 4}, {1, 2, 3, 4}), i64s(g, {1, 2}), i64s(g, {0, 0}),
                                        i64s(g, {0, 0})});
    CHECK(s.output_shape(0) == PartialShape{2, 2});
    CHECK(floats(g, s.output(0)) == std::vector<float>{1, 3, 2, 4});
    // With padding [0,1]/[0,1]: padded row 0,1,2,3,4,0.
    Node& p = g.add("SpaceToBatch", 2, {f32s(g, {1, 4}, {1, 2, 3, 4}), i64s(g, {1, 2}), i64s(g, {0, 1}),
                                        i64s(g, {0, 1})});
    CHECK(p.output_shape(0) == PartialShape{2, 3});
    CHECK(floats(g, p.output(0)) == std::vector<float>{0, 2, 4, 1, 3, 0});
    // The TensorFlow example: [1,2,2,1] with block [1,2,2,1] -> [4,1,1,1].
    Node& tf = g.add("SpaceToBatch", 2, {f32s(g, {1, 2, 2, 1}, {1, 2, 3, 4}), i64s(g, {1, 2, 2, 1}),
                                         i64s(g, {0, 0, 0, 0}), i64s(g, {0, 0, 0, 0})});
    CHECK(tf.output_shape(0) == PartialShape{4, 1, 1, 1});
    CHECK(floats(g, tf.output(0)) == std::vector<float>{1, 2, 3, 4});
    // BatchToSpace undoes both.
    Node& b = g.add("BatchToSpace", 2, {f32s(g, {2, 3}, {0, 2, 4, 1, 3, 0}), i64s(g, {1, 2}),
                                        i64s(g, {0, 1}), i64s(g, {0, 1})});
    CHECK(b.output_shape(0) == PartialShape{1, 4});
    CHECK(floats(g, b.output(0)) == std::vector<float>{1, 2, 3, 4});
    Node& tb = g.add("BatchToSpace", 2, {f32s(g, {4, 1, 1, 1}, {1, 2, 3, 4}), i64s(g, {1, 2, 2, 1}),
                                         i64s(g, {0, 0, 0, 0}), i64s(g, {0, 0, 0, 0})});
    CHECK(tb.output_shape(0) == PartialShape{1, 2, 2, 1});
    CHECK(floats(g, tb.output(0)) == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("SpaceToBatch and BatchToSpace shape errors and partial shapes") {
    Graph g;
    CHECK(!error_of([&] {
               g.add("SpaceToBatch", 2, {iota_f32(g, {1, 3}), i64s(g, {1, 2}), i64s(g, {0, 0}), i64s(g, {0, 0})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("BatchToSpace", 2, {iota_f32(g, {3, 3}), i64s(g, {1, 2}), i64s(g, {0, 0}), i64s(g, {0, 0})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("BatchToSpace", 2, {iota_f32(g, {2, 1}), i64s(g, {1, 2}), i64s(g, {0, 2}), i64s(g, {0, 1})});
           }).empty());
    CHECK(!error_of([&] {
               g.add("SpaceToBatch", 2, {iota_f32(g, {2, 2}), i64s(g, {2, 1}), i64s(g, {0, 0}), i64s(g, {0, 0})});
           }).empty());
    Node& d = g.add("SpaceToBatch", 2, {param(g, ElementType::f32, PartialShape{-1, 4, -1}),
                                        i64s(g, {1, 2, 2}), i64s(g, {0, 0, 0}), i64s(g, {0, 0, 0})});
    CHECK(d.output_shape(0) == PartialShape{-1, 2, -1});
    Node& n = g.add("BatchToSpace", 2, {param(g, ElementType::f32, PartialShape{4, 2, 2}),
                                        param(g, ElementType::i64, PartialShape{3}), i64s(g, {0, 0, 0}),
                                        i64s(g, {0, 0, 0})});
    CHECK(n.output_shape(0) == PartialShape{-1, -1, -1});
}
