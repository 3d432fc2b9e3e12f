#pragma once
// Shared by the rules tests: the message a rule text fails to load with.
#include "engine/core/error.hpp"
#include "engine/rules/rules.hpp"

#include <string>
#include <string_view>

namespace mo::rules::testing {

// The one-line error of loading `text` as file `file`, or "no error".
inline std::string load_error(std::string_view text, std::string_view file = "t.rules") {
    try {
        load_rule_text(text, file);
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

} // namespace mo::rules::testing
