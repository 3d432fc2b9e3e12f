#include "emit/ir_format.hpp"

#include <doctest/doctest.h>

#include <cmath>

using namespace mo;
using namespace mo::ir;

TEST_CASE("tensor names: sorted, commas escaped, and split back") {
    CHECK(join_tensor_names({"b", "a,1", "c"}) == "a\\,1,b,c");
    CHECK(join_tensor_names({}) == "");
    CHECK(split_tensor_names("a\\,1,b,c") == std::vector<std::string>{"a,1", "b", "c"});
    CHECK(split_tensor_names("x, y") == std::vector<std::string>{"x", "y"}); // spaces as OV writes
    CHECK(split_tensor_names("") == std::vector<std::string>{});
    CHECK(split_tensor_names("\\,") == std::vector<std::string>{","});
}

TEST_CASE("shape attributes") {
    CHECK(format_shape_attribute(PartialShape{1, -1, 3}, 11) == "1,?,3");
    CHECK(format_shape_attribute(PartialShape{1, -1, 3}, 10) == "1,-1,3");
    CHECK(format_shape_attribute(PartialShape(Shape{}), 11) == "");
    CHECK(format_shape_attribute(PartialShape::dynamic(), 11) == "...");
    CHECK_FALSE(format_shape_attribute(PartialShape::dynamic(), 10));
    CHECK(parse_shape_attribute("1,?,3") == PartialShape{1, -1, 3});
    CHECK(parse_shape_attribute("1, -1, 3") == PartialShape{1, -1, 3});
    CHECK(parse_shape_attribute("[1,2]") == PartialShape{1, 2});
    CHECK(parse_shape_attribute("1..10,3") == PartialShape{-1, 3});
    CHECK(parse_shape_attribute("...") == PartialShape::dynamic());
    CHECK(parse_shape_attribute("") == PartialShape(Shape{}));
    CHECK_FALSE(parse_shape_attribute("1,a"));
    CHECK_FALSE(parse_shape_attribute("1,-2"));
}

TEST_CASE("attribute strings typed heuristically") {
    CHECK(std::get<std::int64_t>(parse_attribute_value("42")) == 42);
    CHECK(std::get<std::int64_t>(parse_attribute_value("-7")) == -7);
    CHECK(std::get<std::vector<std::int64_t>>(parse_attribute_value("1,2,3")) ==
          std::vector<std::int64_t>{1, 2, 3});
    CHECK(std::get<std::vector<std::int64_t>>(parse_attribute_value("1, 2")) ==
          std::vector<std::int64_t>{1, 2});
    CHECK(std::get<double>(parse_attribute_value("0.0001")) == 0.0001);
    CHECK(std::get<double>(parse_attribute_value("-1e-05")) == -1e-05);
    CHECK(std::get<std::vector<double>>(parse_attribute_value("1,2.5")) ==
          std::vector<double>{1, 2.5});
    CHECK(std::get<bool>(parse_attribute_value("true")));
    CHECK_FALSE(std::get<bool>(parse_attribute_value("false")));
    CHECK(std::get<std::string>(parse_attribute_value("explicit")) == "explicit");
    CHECK(std::get<std::string>(parse_attribute_value("f32")) == "f32");
    CHECK(std::get<std::string>(parse_attribute_value("a,b")) == "a,b");
    CHECK(std::get<std::string>(parse_attribute_value("")) == "");
    CHECK(std::isinf(std::get<double>(parse_attribute_value("inf"))));
    CHECK(std::isinf(std::get<double>(parse_attribute_value("-inf"))));
    // Round trip through format_attribute.
    for (const AttrValue& v :
         {AttrValue(std::int64_t{5}), AttrValue(0.3), AttrValue(std::vector<std::int64_t>{4, 5}),
          AttrValue(std::vector<double>{0.5, 1.25}), AttrValue(true),
          AttrValue(std::string("floor"))})
        CHECK(format_attribute(parse_attribute_value(format_attribute(v))) == format_attribute(v));
}

TEST_CASE("precisions") {
    CHECK(precision_name(ElementType::f32) == "FP32");
    CHECK(precision_name(ElementType::boolean) == "BOOL");
    CHECK(precision_name(ElementType::i64) == "I64");
    CHECK_FALSE(precision_name(ElementType::dynamic));
    CHECK_FALSE(precision_name(ElementType::string));
    CHECK(element_type_from_precision("FP16") == ElementType::f16);
    CHECK(element_type_from_precision("f16") == ElementType::f16);
    CHECK(element_type_from_precision("boolean") == ElementType::boolean);
    CHECK_FALSE(element_type_from_precision("FP7"));
}
