#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace mo {

// Op type names are interned: each distinct name gets a small dense id, so that the rule driver
// indexes its rules by a vector lookup and hot checks ("is this a Const?") compare integers.
using OpTypeId = std::uint32_t;

struct InternedOpType {
    OpTypeId id;
    const std::string* name; // stable for the life of the program
};

// The id of `name`, allocated on first use (thread-safe).
InternedOpType intern_op_type(std::string_view name);
// How many ids exist so far (every id is below it).
OpTypeId op_type_count();

// Ids fixed before any other name is interned.
inline constexpr OpTypeId kConstType = 0;
inline constexpr OpTypeId kParameterType = 1;
inline constexpr OpTypeId kResultType = 2;

} // namespace mo
