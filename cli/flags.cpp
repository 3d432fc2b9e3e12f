#include "cli/flags.hpp"

#include "engine/core/edit_distance.hpp"
#include "engine/core/error.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

namespace mo::cli {
namespace {

// The Model Optimizer's single-dash long aliases, which CLI11 cannot declare (it reads "-ms"
// as "-m -s"): rewritten to the flag they stand for before parsing.
constexpr std::pair<std::string_view, std::string_view> kDashAliases[] = {
    {"-ms", "--mean_values"},
};

std::string closest_flag(std::string_view name, const CLI::App& app) {
    std::string best;
    std::size_t best_distance = 4; // suggest only near misses
    for (const CLI::Option* opt : app.get_options()) {
        const std::string candidate = opt->get_name(false, false);
        const std::size_t d = edit_distance(name, candidate);
        if (d < best_distance) best_distance = d, best = candidate;
    }
    return best;
}

// The option a CLI11 message is about: its first word, up to ':'.
std::string option_in(const std::string& message) {
    return message.substr(0, message.find(':'));
}

[[noreturn]] void translate(const CLI::ParseError& e) {
    const std::string what = e.what();
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
        if (what.find(" missing") != std::string::npos)
            throw Error("option '" + option_in(what) + "' needs a value");
        if (what.find("At Most") != std::string::npos)
            throw Error("option '" + option_in(what) + "' is given more than once");
    }
    throw Error(what + "; see mo --help");
}

} // namespace

std::vector<std::string> parse_flags(CLI::App& app, std::span<const std::string> args,
                                     std::size_t positionals) {
    app.allow_extras();
    // CLI11 takes the arguments last first.
    std::vector<std::string> reversed;
    reversed.reserve(args.size());
    for (auto it = args.rbegin(); it != args.rend(); ++it) {
        std::string arg = *it;
        for (const auto& [alias, flag] : kDashAliases)
            if (arg == alias) arg = flag;
        reversed.push_back(std::move(arg));
    }
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError& e) {
        translate(e);
    }
    std::vector<std::string> rest = app.remaining();
    for (const std::string& arg : rest) {
        const bool looks_like_flag =
            arg.size() > 1 && arg[0] == '-' && !std::isdigit(static_cast<unsigned char>(arg[1]));
        if (!looks_like_flag) continue;
        const std::string name = arg.substr(0, arg.find('='));
        const std::string hint = closest_flag(name, app);
        throw Error("unknown option '" + name + "'" +
                    (hint.empty() ? std::string() : " (did you mean '" + hint + "'?)") +
                    "; see mo --help");
    }
    if (rest.size() > positionals)
        throw Error("unexpected argument '" + rest[positionals] + "'; see mo --help");
    return rest;
}

std::string options_help(const CLI::App& app) {
    std::string text;
    for (const CLI::Option* opt : app.get_options()) {
        std::string left = "  " + opt->get_name(false, false);
        for (const std::string& l : opt->get_lnames())
            if ("--" + l != opt->get_name(false, false)) left += ", --" + l;
        for (const std::string& s : opt->get_snames()) left += ", -" + s;
        for (const auto& [alias, flag] : kDashAliases)
            if (flag == opt->get_name(false, false)) left += ", " + std::string(alias);
        if (opt->get_expected_max() > 0) left += " VALUE";
        left.resize(std::max<std::size_t>(left.size() + 1, 40), ' ');
        text += left + opt->get_description() + "\n";
    }
    return text;
}

} // namespace mo::cli
