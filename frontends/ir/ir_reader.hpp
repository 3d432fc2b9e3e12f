#pragma once
#include "engine/core/graph.hpp"

#include <filesystem>
#include <memory>

namespace mo::ir {

// Reads an IR (xml + the .bin beside it) back into a graph: ops, attributes, constants (memory
// shared with the mapped .bin), tensor names. Throws mo::Error naming the file and layer.
std::unique_ptr<Graph> read_ir(const std::filesystem::path& xml_path);

} // namespace mo::ir
