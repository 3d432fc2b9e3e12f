#include "frontends/onnx/ops/einsum_equation.hpp"

#include <array>
#include <cctype>

namespace mo::onnx_fe::ops {

std::string canonical_einsum_equation(std::string_view equation) {
    std::string eq;
    for (char c : equation)
        if (!std::isspace(static_cast<unsigned char>(c))) eq += c;
    if (eq.find("->") != std::string::npos) return eq;

    // Implicit: count each letter's uses over all input subscripts.
    std::array<int, 256> uses{};
    bool ellipsis = false;
    for (std::size_t i = 0; i < eq.size(); ++i) {
        const auto c = static_cast<unsigned char>(eq[i]);
        if (std::isalpha(c)) ++uses[c];
        ellipsis |= eq[i] == '.';
    }
    std::string output = ellipsis ? "..." : "";
    for (int c = 0; c < 256; ++c) // ASCII order: 'A'..'Z' before 'a'..'z'
        if (uses[static_cast<std::size_t>(c)] == 1) output += static_cast<char>(c);
    return eq + "->" + output;
}

} // namespace mo::onnx_fe::ops
