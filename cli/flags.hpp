#pragma once
// Command-line parsing with CLI11, shared by mo's commands: CLI11's errors become one-line
// mo::Errors in the words the Model Optimizer's users know.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

namespace mo::cli {

// Parses `args` (without the program or sub-command name) into the options declared on `app`.
// Returns the positional arguments. Throws mo::Error for an unknown flag (naming the closest
// known one), a flag without its value, a flag given twice, or a value CLI11 rejects.
// `positionals` is how many positional arguments the command takes.
std::vector<std::string> parse_flags(CLI::App& app, std::span<const std::string> args,
                                     std::size_t positionals);

// One line per option of `app` ("  --name, -a VALUE   description"), in declaration order.
std::string options_help(const CLI::App& app);

} // namespace mo::cli
