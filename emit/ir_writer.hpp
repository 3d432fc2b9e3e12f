#pragma once
#include "engine/core/graph.hpp"

#include <filesystem>
#include <map>
#include <string>

namespace mo::ir {

struct WriteOptions {
    int ir_version = 11; // 11 (default) or 10 (OpenVINO 2020-2021: opset1..opset7 only)
    // Recorded in <rt_info><conversion_parameters>: flag name -> value as given.
    std::map<std::string, std::string> conversion_parameters{};
    std::string mo_version{};
    // <net name="...">; the xml file's stem when empty.
    std::string model_name{};
};

// Writes NAME.xml + NAME.bin. Atomic: both are written to temporary files then renamed; on any
// error no file is left behind and the error (naming the node) is thrown as mo::Error.
void write_ir(const Graph& graph, const std::filesystem::path& xml_path,
              const WriteOptions& options);

} // namespace mo::ir
