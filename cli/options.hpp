#pragma once
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mo::cli {

// One command-line flag: its canonical name, aliases, and whether it takes a value.
struct FlagSpec {
    std::string name;                 // "--input_model"
    std::vector<std::string> aliases; // {"-m"}
    bool takes_value = true;
    bool repeatable = false;          // values accumulate (joined with '\n' is not used: kept as list)
    std::string help;
};

// Parsed flags: canonical name -> values (one per occurrence; a switch gets "true").
class ParsedArgs {
public:
    bool has(std::string_view flag) const { return values_.count(std::string(flag)) > 0; }
    std::optional<std::string> get(std::string_view flag) const;
    std::string get_or(std::string_view flag, std::string fallback) const;
    const std::vector<std::string>& all(std::string_view flag) const;
    const std::vector<std::string>& positional() const { return positional_; }
    // Flags in the order given, with their values as typed (for <rt_info>).
    const std::vector<std::pair<std::string, std::string>>& given() const { return given_; }

private:
    friend ParsedArgs parse_args(std::span<const std::string>, std::span<const FlagSpec>);
    std::map<std::string, std::vector<std::string>> values_;
    std::vector<std::string> positional_;
    std::vector<std::pair<std::string, std::string>> given_;
};

// Parses `--flag value`, `--flag=value`, switches, and positionals. Throws mo::Error for an unknown
// flag (suggesting the closest known one), a missing value, or a repeated non-repeatable flag.
ParsedArgs parse_args(std::span<const std::string> args, std::span<const FlagSpec> specs);

// The flags of `mo` conversion, in --help order.
std::span<const FlagSpec> convert_flags();
std::string usage_text();

} // namespace mo::cli
