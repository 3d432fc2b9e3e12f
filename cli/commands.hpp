#pragma once
#include "engine/core/graph.hpp"

#include <filesystem>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>

namespace mo::cli {

// Each sub-command: arguments after its name; returns the exit code; throws mo::Error.
int convert_command(std::span<const std::string> args, std::ostream& out, std::ostream& err);
int info_command(std::span<const std::string> args, std::ostream& out);
int run_command(std::span<const std::string> args, std::ostream& out);
int rules_command(std::span<const std::string> args, std::ostream& out);

// Reads a model of any supported framework (detected from the file unless `framework` is set).
std::unique_ptr<Graph> load_model(const std::filesystem::path& path, const std::string& framework = {});

} // namespace mo::cli
