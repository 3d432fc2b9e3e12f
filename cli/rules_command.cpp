#include "cli/commands.hpp"
#include "engine/core/error.hpp"

namespace mo::cli {

int rules_command(std::span<const std::string>, std::ostream&) {
    throw Error("mo rules: the rules engine is not available yet");
}

} // namespace mo::cli
