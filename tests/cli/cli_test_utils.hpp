#pragma once
// Runs the `mo` command line in-process, as the executable would, capturing both streams.
#include "cli/app.hpp"

#include <sstream>
#include <string>
#include <vector>

namespace mo::test {

struct CliRun {
    int code;
    std::string out, err;
};

inline CliRun mo_cli(std::vector<std::string> args) {
    std::ostringstream out, err;
    const int code = mo::cli::run(args, out, err);
    return {code, out.str(), err.str()};
}

} // namespace mo::test
