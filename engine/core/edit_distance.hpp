#pragma once
#include <cstddef>
#include <string_view>

namespace mo {

// Levenshtein distance (insertions, deletions, substitutions), for "did you mean" suggestions.
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace mo
