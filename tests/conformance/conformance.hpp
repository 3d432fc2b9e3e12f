#pragma once
// What the conformance runner's parts share: a test's row in the table, the judges, and the
// files of a test's data sets.
#include "engine/core/graph.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace mo::conformance {

namespace fs = std::filesystem;

enum class Verdict { pass, fail, unsupported, conversion_error, known, not_run };

struct Row {
    std::string group, name;
    Verdict verdict = Verdict::fail;
    std::string detail;
    // The OpenVINO judge (--runtime openvino|both): cases are "GROUP/NAME#SET".
    Verdict ov = Verdict::not_run;
    std::string ov_detail;
    std::vector<nlohmann::json> ov_cases;
};

struct Judges {
    bool mo = true, openvino = false;
};

struct Tolerance {
    double rtol = 1e-3, atol = 1e-5;
};

// The files of `dir` whose names start with `prefix`, sorted (input_0.pb, input_1.pb, ...).
std::vector<fs::path> sorted_files(const fs::path& dir, const std::string& prefix);

// The OpenVINO judge (openvino_judge.cpp).
// Writes one test data set as .npy files + manifest.json for the OpenVINO checker; returns the
// checker's case for it.
nlohmann::json write_ov_case(const std::string& id, const Graph& graph, const fs::path& xml,
                             const fs::path& set_dir, const fs::path& case_dir);
// Runs the OpenVINO checker on every case of `rows` (one Python process; after a crash of the
// runtime the crashing case is blamed and the rest run in a new process). Fills rows[*].ov.
void judge_with_openvino(std::vector<Row>& rows, const fs::path& work, const std::string& checker,
                         const std::map<std::string, std::string>& known);

} // namespace mo::conformance
