#include "cli/app.hpp"

#include <iostream>
#include <vector>

namespace mo::cli {

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return run(args, std::cout, std::cerr);
}

int run(std::span<const std::string>, std::ostream&, std::ostream& err) {
    err << "[ ERROR ] not implemented yet\n";
    return 1;
}

} // namespace mo::cli
