#pragma once
// The text forms of --input, --input_shape and --output.
#include "engine/core/element_type.hpp"
#include "engine/core/shape.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::transforms {

// One item of --input: "PORT:NAME[SHAPE]{TYPE}->VALUE" (everything but NAME optional).
struct InputSpec {
    std::string ref;                   // "0:conv1", "data", "split:1" (port syntax kept)
    std::optional<PartialShape> shape; // [1 3 224 224] / (1,3,224,224); ? or -1 is dynamic
    std::optional<ElementType> type;   // {f32}
    std::optional<std::vector<std::string>> value; // ->[1 2] gives {"1","2"}; ->5 gives {"5"}
    bool value_is_list = false;                    // the value was written in brackets
};

// Splits at `sep` outside of (), [] and {}; trims spaces; drops nothing (empty items stay).
std::vector<std::string> split_top_level(std::string_view text, char sep);

// Parses "[1,3,224,224]", "(1 3 224 224)", "[]" (a scalar); "?" or -1 is a dynamic dimension.
// Throws mo::Error prefixed with `context`.
PartialShape parse_shape(std::string_view text, std::string_view context);

// Parses the whole --input value (comma-separated items).
std::vector<InputSpec> parse_input_list(std::string_view text);

// Parses --input_shape: "[1,3,224,224],[1,10]" or "(1,3,224,224)".
std::vector<PartialShape> parse_shape_list(std::string_view text);

// The element types the MO accepts in braces (f64, f32, f16, i64, i32, u8, boolean, ...).
ElementType parse_element_type(std::string_view text, std::string_view context);

} // namespace mo::transforms
