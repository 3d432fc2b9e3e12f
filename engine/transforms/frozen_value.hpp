#pragma once
// Values given on the command line for freezing an input ("name->[1 2]", "flag{boolean}->True").
#include "engine/core/tensor.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace mo::transforms {

// Builds the constant that replaces an input. `shape` is the input's shape (possibly set with
// [..]): a static shape must hold as many elements as given, or one value that fills it; with a
// dynamic shape the value keeps its own form (a list is 1-D, a single value a scalar).
// Throws mo::Error prefixed with `context` for values that do not parse or fit.
Tensor make_frozen_value(const std::vector<std::string>& tokens, bool is_list, ElementType type,
                         const PartialShape& shape, std::string_view context);

} // namespace mo::transforms
