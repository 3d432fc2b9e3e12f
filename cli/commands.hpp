#pragma once
#include <iosfwd>
#include <span>
#include <string>

namespace mo::cli {

// Each sub-command: arguments after its name; returns the exit code; throws mo::Error.
int convert_command(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int info_command(std::span<const std::string> args, std::ostream& out);
int run_command(std::span<const std::string> args, std::ostream& out);
int rules_command(std::span<const std::string> args, std::ostream& out);

} // namespace mo::cli
