#pragma once
#include <iosfwd>
#include <span>
#include <string>

namespace mo::cli {

// Runs the `mo` command line; returns the process exit code. Every error ends here as one line.
int run(int argc, char** argv);
int run(std::span<const std::string> args, std::ostream& out, std::ostream& err);

} // namespace mo::cli
