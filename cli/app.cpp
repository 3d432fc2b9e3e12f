#include "cli/app.hpp"

#include "cli/commands.hpp"
#include "cli/plan.hpp"
#include "engine/core/error.hpp"

#include <exception>
#include <iostream>
#include <new>
#include <vector>

namespace mo::cli {

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return run(args, std::cout, std::cerr);
}

int run(std::span<const std::string> args, std::ostream& out, std::ostream& err) {
    // The one place where every error becomes a one-line message and exit code 1.
    try {
        if (args.empty()) {
            err << usage_text();
            return 1;
        }
        const std::string& first = args[0];
        if (first == "info") return info_command(args.subspan(1), out);
        if (first == "run") return run_command(args.subspan(1), out);
        if (first == "rules") return rules_command(args.subspan(1), out);
        return convert_command(args, out, err);
    } catch (const Error& e) {
        err << "[ ERROR ] " << e.what() << "\n";
    } catch (const std::bad_alloc&) {
        err << "[ ERROR ] out of memory\n";
    } catch (const std::exception& e) {
        err << "[ ERROR ] internal error: " << e.what() << "\n";
    }
    return 1;
}

} // namespace mo::cli
