#include "cli/commands.hpp"
#include "engine/core/error.hpp"

namespace mo::cli {

int run_command(std::span<const std::string>, std::ostream&) {
    throw Error("mo run: not available yet");
}

} // namespace mo::cli
