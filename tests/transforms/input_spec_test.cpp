#include "engine/core/error.hpp"
#include "engine/transforms/input_spec.hpp"

#include <doctest/doctest.h>

using namespace mo;
using namespace mo::transforms;

TEST_CASE("--input items: names, ports, shapes, types and values") {
    const auto specs =
        parse_input_list("0:conv[1 3 224 224]{f32},split:1,flag{boolean}->True,x->[1 2 3],plain");
    REQUIRE(specs.size() == 5);
    CHECK(specs[0].ref == "0:conv");
    CHECK(*specs[0].shape == PartialShape({1, 3, 224, 224}));
    CHECK(*specs[0].type == ElementType::f32);
    CHECK_FALSE(specs[0].value);
    CHECK(specs[1].ref == "split:1");
    CHECK_FALSE(specs[1].shape);
    CHECK(specs[2].ref == "flag");
    CHECK(*specs[2].type == ElementType::boolean);
    CHECK(*specs[2].value == std::vector<std::string>{"True"});
    CHECK_FALSE(specs[2].value_is_list);
    CHECK(specs[3].ref == "x");
    CHECK(*specs[3].value == std::vector<std::string>{"1", "2", "3"});
    CHECK(specs[3].value_is_list);
    CHECK(specs[4].ref == "plain");
}

TEST_CASE("--input: type before shape, dynamic dims, the documented example") {
    auto s = parse_input_list("a{i32}[2 ?]");
    CHECK(*s[0].type == ElementType::i32);
    CHECK(*s[0].shape == PartialShape({2, PartialShape::kDynamic}));
    // From the MO documentation of --input.
    s = parse_input_list("0:node_name1[3 4],node_name2:1[2]{i32}->[20 15]");
    REQUIRE(s.size() == 2);
    CHECK(s[0].ref == "0:node_name1");
    CHECK(*s[0].shape == PartialShape({3, 4}));
    CHECK(s[1].ref == "node_name2:1");
    CHECK(*s[1].shape == PartialShape({2}));
    CHECK(*s[1].type == ElementType::i32);
    CHECK(*s[1].value == std::vector<std::string>{"20", "15"});
}

TEST_CASE("--input errors are one clear line") {
    CHECK_THROWS_WITH_AS(parse_input_list("a,,b"), doctest::Contains("empty item"), Error);
    CHECK_THROWS_WITH_AS(parse_input_list("a{q7}"), doctest::Contains("unknown element type 'q7'"),
                         Error);
    CHECK_THROWS_WITH_AS(parse_input_list("a[1 x]"), doctest::Contains("'x' is not a dimension"),
                         Error);
    CHECK_THROWS_WITH_AS(parse_input_list("a->"), doctest::Contains("no value after '->'"), Error);
    CHECK_THROWS_WITH_AS(parse_input_list("[1 2]"), doctest::Contains("no node name"), Error);
    CHECK_THROWS_WITH_AS(parse_input_list("a->[1 2"), doctest::Contains("missing ']'"), Error);
}

TEST_CASE("--input_shape lists") {
    auto shapes = parse_shape_list("[1,3,224,224],[2,4]");
    REQUIRE(shapes.size() == 2);
    CHECK(shapes[0] == PartialShape({1, 3, 224, 224}));
    CHECK(shapes[1] == PartialShape({2, 4}));
    shapes = parse_shape_list("(1,227,227,3)");
    CHECK(shapes[0] == PartialShape({1, 227, 227, 3}));
    CHECK(parse_shape_list("[]")[0] == PartialShape(Shape{}));
    CHECK(parse_shape_list("[-1,3]")[0] == PartialShape({PartialShape::kDynamic, 3}));
    CHECK_THROWS_WITH_AS(parse_shape_list("1,3"), doctest::Contains("expected dimensions in []"),
                         Error);
    CHECK_THROWS_WITH_AS(parse_shape_list("[1,-3]"), doctest::Contains("'-3' is not a dimension"),
                         Error);
}
