// ONNX conformance through the IR: for each test of libonnx-testdata, convert model.onnx to IR
// exactly as `mo` does, read the IR back, evaluate it with the reference evaluator on every
// test_data_set_*, and compare with the expected outputs.
//
// usage: mo_conformance [--data DIR] [--groups node,simple,...] [--filter SUBSTR] [--list FILE]
//                       [--markdown OUT.md] [--require-pass] [--runtime mo|openvino|both]
//                       [--ov-check SCRIPT] [--ov-known FILE] [--ir_version 10|11] [--help]
//
// --runtime openvino: the second judge. Each IR is evaluated by the real OpenVINO runtime instead
// of (both: as well as) the reference evaluator: the runner writes every test's inputs and
// expected outputs as .npy (+ manifest.json, by tensor name) and calls the Python checker
// (tests/runtime/ov_check.sh --batch) once for all tests; a crash of the runtime is reported for
// the test that caused it and the batch resumes after it. Tests listed in --ov-known (default
// tests/conformance/openvino_known.txt: "GROUP/TEST<TAB>reason") whose OpenVINO check fails are
// reported as "known" with the reason (an OpenVINO limitation, shown there with a minimal IR).
#include "cli/commands.hpp"
#include "cli/optimize.hpp"
#include "conformance.hpp"
#include "emit/ir_writer.hpp"
#include "emit/legacy_ops.hpp"
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"
#include "frontends/ir/ir_reader.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "frontends/registry.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#ifndef MO_SOURCE_DIR
#define MO_SOURCE_DIR "."
#endif

using namespace mo;
using namespace mo::conformance;

namespace {

// Numeric comparison in the style of numpy.allclose (NaN equals NaN); integers must be equal.
std::string compare(const Tensor& expected, const Tensor& actual, Tolerance tol, double& max_err) {
    if (expected.shape() != actual.shape())
        return "shape " + to_string(actual.shape()) + " != expected " + to_string(expected.shape());
    const bool exact = !is_floating(expected.type());
    if (expected.type() != actual.type() &&
        !(is_floating(expected.type()) && is_floating(actual.type())))
        return "type " + std::string(to_string(actual.type())) + " != expected " +
               std::string(to_string(expected.type()));
    std::size_t bad = 0;
    for (std::int64_t i = 0; i < expected.size(); ++i) {
        const double e = expected.value_as_double(i), a = actual.value_as_double(i);
        if ((std::isnan(e) && std::isnan(a)) || e == a) continue; // e == a: also equal infinities
        const double err = std::abs(a - e);
        if (std::isnan(err) || std::isinf(e) != std::isinf(a) || (std::isinf(e) && e != a)) {
            ++bad;
            max_err = INFINITY;
            continue;
        }
        if (std::isinf(e)) continue;
        max_err = std::max(max_err, err);
        if (exact ? err != 0 : err > tol.atol + tol.rtol * std::abs(e)) ++bad;
    }
    if (bad) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "%zu of %lld values differ (max error %.3g)", bad,
                      static_cast<long long>(expected.size()), max_err);
        return buf;
    }
    return {};
}

// ONNX's test data stores bfloat16 tensors as their uint16 bit patterns: reinterpret them when
// the model declares bf16.
Tensor as_bfloat16_if_expected(const Tensor& t, ElementType wanted) {
    if (wanted != ElementType::bf16 || t.type() != ElementType::u16) return t;
    Tensor out(ElementType::bf16, t.shape());
    std::memcpy(out.mutable_raw(), t.raw(), static_cast<std::size_t>(t.size()) * 2);
    return out;
}

Row run_test(const std::string& group, const fs::path& dir, const fs::path& work,
             const rules::RuleSet& rule_set, Judges judges, std::size_t index, int ir_version) {
    Row row{group, dir.filename().string()};
    std::unique_ptr<Graph> graph;
    // With the OpenVINO judge the IR stays on disk until the checker has run.
    const fs::path ir_dir = judges.openvino ? work / "ov" / std::to_string(index) : work;
    fs::create_directories(ir_dir);
    try {
        graph = frontends::read_model({.model = dir / "model.onnx"}, "onnx");
        std::ostringstream quiet;
        cli::optimize(*graph, rule_set, cli::ConversionPlan{},
                      cli::Log(quiet, cli::LogLevel::error, true));
        // IR v10 as --ir_version 10 writes it: the legacy rules first.
        if (ir_version == 10) ir::apply_legacy_forms(*graph, rule_set);
        ir::WriteOptions options;
        options.ir_version = ir_version;
        ir::write_ir(*graph, ir_dir / "model.xml", options);
        graph = ir::read_ir(ir_dir / "model.xml");
    } catch (const std::exception& e) {
        std::string what = e.what();
        // Errors start with the model's path; the table names the test already.
        const std::string prefix = (dir / "model.onnx").string() + ": ";
        if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
        const bool unsupported = what.find("unsupported") != std::string::npos ||
                                 what.find("not supported") != std::string::npos;
        row.verdict = unsupported ? Verdict::unsupported : Verdict::conversion_error;
        row.detail = what;
        row.ov = row.verdict;
        row.ov_detail = "(not converted)";
        return row;
    }
    if (judges.openvino) {
        try {
            for (const auto& set_dir : fs::directory_iterator(dir))
                if (set_dir.is_directory() &&
                    set_dir.path().filename().string().rfind("test_data_set_", 0) == 0)
                    row.ov_cases.push_back(write_ov_case(group + "/" + row.name, *graph,
                                                         ir_dir / "model.xml", set_dir.path(),
                                                         ir_dir / set_dir.path().filename()));
        } catch (const std::exception& e) {
            row.ov = Verdict::fail;
            row.ov_detail = std::string("writing the .npy files: ") + e.what();
            row.ov_cases.clear();
        }
        if (row.ov_cases.empty() && row.ov == Verdict::not_run) {
            row.ov = Verdict::unsupported;
            row.ov_detail = "no test data sets";
        }
    }
    if (!judges.mo) {
        row.verdict = Verdict::not_run;
        return row;
    }
    double max_err = 0;
    std::size_t sets = 0;
    for (const auto& set_dir : fs::directory_iterator(dir)) {
        if (!set_dir.is_directory() ||
            set_dir.path().filename().string().rfind("test_data_set_", 0))
            continue;
        ++sets;
        try {
            std::map<std::string, Tensor> inputs;
            const auto input_files = sorted_files(set_dir.path(), "input_");
            for (std::size_t i = 0; i < input_files.size(); ++i) {
                auto [name, value] = onnx_fe::load_tensor_file(input_files[i]);
                // Inputs are given in the model's input order; names are often empty.
                if (i < graph->parameters().size()) {
                    name = graph->parameters()[i]->name;
                    value = as_bfloat16_if_expected(value, graph->parameters()[i]->output_type(0));
                }
                inputs[name] = value;
            }
            const auto outputs = evaluate(*graph, inputs);
            const auto expected_files = sorted_files(set_dir.path(), "output_");
            if (expected_files.size() != outputs.size()) {
                row.detail = "model has " + std::to_string(outputs.size()) + " outputs, expected " +
                             std::to_string(expected_files.size());
                return row;
            }
            for (std::size_t i = 0; i < expected_files.size(); ++i) {
                auto [name, expected] = onnx_fe::load_tensor_file(expected_files[i]);
                expected = as_bfloat16_if_expected(expected, outputs[i].value.type());
                const std::string diff = compare(expected, outputs[i].value, {}, max_err);
                if (!diff.empty()) {
                    row.detail =
                        "output " + (name.empty() ? std::to_string(i) : name) + ": " + diff;
                    return row;
                }
            }
        } catch (const std::exception& e) {
            row.detail = std::string("evaluation: ") + e.what();
            return row;
        }
    }
    if (sets == 0) {
        row.verdict = Verdict::unsupported;
        row.detail = "no test data sets";
        return row;
    }
    row.verdict = Verdict::pass;
    char buf[48];
    std::snprintf(buf, sizeof buf, "max error %.3g", max_err);
    row.detail = buf;
    return row;
}

std::string_view verdict_name(Verdict v) {
    switch (v) {
    case Verdict::pass:
        return "pass";
    case Verdict::fail:
        return "FAIL";
    case Verdict::unsupported:
        return "unsupported";
    case Verdict::conversion_error:
        return "conversion error";
    case Verdict::known:
        return "known";
    case Verdict::not_run:
        return "-";
    }
    return "";
}

std::string one_line(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '|', '/');
    if (s.size() > 160) s = s.substr(0, 157) + "...";
    return s;
}

} // namespace

int main(int argc, char** argv) {
    fs::path data = "/usr/share/libonnx-testdata/data";
    std::vector<std::string> groups = {"node", "pytorch-converted", "pytorch-operator", "simple"};
    std::string filter, markdown;
    std::set<std::string> only;
    bool require_pass = false;
    bool list_given = false;
    Judges judges;
    int ir_version = 11;
    std::string checker = std::string(MO_SOURCE_DIR) + "/tests/runtime/ov_check.sh";
    std::string known_file = std::string(MO_SOURCE_DIR) + "/tests/conformance/openvino_known.txt";
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc) throw Error("option " + a + " needs a value");
                return argv[++i];
            };
            if (a == "--help" || a == "-h") {
                std::cout << "usage: mo_conformance [options]\n"
                             "Converts each ONNX backend test (DIR/GROUP/*/model.onnx) to IR as mo "
                             "does, reads the IR back,\nevaluates it on every test_data_set_* and "
                             "compares with the expected outputs (rtol 1e-3, atol 1e-5).\n"
                             "  --data DIR        test data root (default "
                             "/usr/share/libonnx-testdata/data)\n"
                             "  --groups A,B      groups to run (default "
                             "node,pytorch-converted,pytorch-operator,simple)\n"
                             "  --filter SUBSTR   only tests whose GROUP/NAME contains SUBSTR\n"
                             "  --list FILE       only the tests listed in FILE (one GROUP/NAME a "
                             "line, # comments)\n"
                             "  --markdown OUT    also write the results as a markdown table\n"
                             "  --require-pass    exit 1 unless every selected test passes\n"
                             "  --runtime J       the judge: mo (reference evaluator, default), "
                             "openvino (the real\n"
                             "                    OpenVINO runtime through tests/runtime/ov_check.sh) "
                             "or both (a test\n"
                             "                    passes when both judges pass it)\n"
                             "  --ir_version N    write IR version 10 or 11 (default 11)\n"
                             "  --ov-check SCRIPT the OpenVINO checker (default "
                             "tests/runtime/ov_check.sh of the source tree)\n"
                             "  --ov-known FILE   known OpenVINO limitations, GROUP/TEST<TAB>reason "
                             "(default\n"
                             "                    tests/conformance/openvino_known.txt)\n";
                return 0;
            }
            if (a == "--data")
                data = value();
            else if (a == "--groups") {
                groups.clear();
                std::stringstream ss(value());
                for (std::string g; std::getline(ss, g, ',');) groups.push_back(g);
            } else if (a == "--filter")
                filter = value();
            else if (a == "--markdown")
                markdown = value();
            else if (a == "--require-pass")
                require_pass = true;
            else if (a == "--runtime") {
                const std::string j = value();
                if (j == "mo")
                    judges = {true, false};
                else if (j == "openvino")
                    judges = {false, true};
                else if (j == "both")
                    judges = {true, true};
                else
                    throw Error("--runtime: expected mo, openvino or both, got '" + j + "'");
            } else if (a == "--ir_version") {
                const std::string v = value();
                if (v != "10" && v != "11") throw Error("--ir_version: expected 10 or 11");
                ir_version = std::stoi(v);
            } else if (a == "--ov-check")
                checker = value();
            else if (a == "--ov-known")
                known_file = value();
            else if (a == "--list") {
                std::ifstream in(value());
                if (!in) throw Error("cannot read the list file");
                list_given = true;
                for (std::string line; std::getline(in, line);)
                    if (!line.empty() && line[0] != '#') only.insert(line);
            } else
                throw Error("unknown option " + a);
        }
    } catch (const Error& e) {
        std::cerr << "mo_conformance: " << e.what() << "\n";
        return 2;
    }

    const fs::path work =
        fs::temp_directory_path() / ("mo_conformance_" + std::to_string(getpid()));
    fs::create_directories(work);
    rules::RuleSet rule_set;
    try {
        cli::ConversionPlan plan; // the library as a conversion to this IR version loads it
        plan.ir_version = ir_version;
        rule_set = cli::load_conversion_rules(plan);
    } catch (const Error& e) {
        std::cerr << "mo_conformance: " << e.what() << "\n";
        return 2;
    }
    std::vector<Row> rows;
    const auto start = std::chrono::steady_clock::now();
    for (const auto& group : groups) {
        const fs::path gdir = data / group;
        if (!fs::is_directory(gdir)) continue;
        std::vector<fs::path> tests;
        for (const auto& e : fs::directory_iterator(gdir))
            if (e.is_directory()) tests.push_back(e.path());
        std::sort(tests.begin(), tests.end());
        for (const auto& t : tests) {
            const std::string id = group + "/" + t.filename().string();
            if (!filter.empty() && id.find(filter) == std::string::npos) continue;
            if (list_given && !only.count(id)) continue;
            Row row = run_test(group, t, work, rule_set, judges, rows.size(), ir_version);
            if (!judges.openvino)
                std::cout << verdict_name(row.verdict) << "\t" << id << "\t"
                          << one_line(row.detail) << std::endl;
            rows.push_back(std::move(row));
        }
    }
    if (judges.openvino) {
        std::map<std::string, std::string> known;
        if (std::ifstream kin(known_file); kin)
            for (std::string line; std::getline(kin, line);) {
                if (line.empty() || line[0] == '#') continue;
                const auto tab = line.find('\t');
                if (tab != std::string::npos) known[line.substr(0, tab)] = line.substr(tab + 1);
            }
        try {
            judge_with_openvino(rows, work, checker, known);
        } catch (const std::exception& e) {
            std::cerr << "mo_conformance: " << e.what() << "\n";
            fs::remove_all(work);
            return 2;
        }
        for (auto& r : rows) {
            std::cout << (judges.mo ? std::string(verdict_name(r.verdict)) + "\t" : "")
                      << verdict_name(r.ov) << "\t" << r.group << "/" << r.name << "\t"
                      << one_line(judges.mo && r.verdict != Verdict::pass ? r.detail : r.ov_detail)
                      << std::endl;
        }
    }
    fs::remove_all(work);
    // The verdict that counts: the chosen judge's, or with both judges a pass only when both pass.
    auto final_verdict = [&](const Row& r) {
        if (!judges.openvino) return r.verdict;
        if (!judges.mo) return r.ov == Verdict::known ? Verdict::unsupported : r.ov;
        if (r.verdict != Verdict::pass) return r.verdict;
        return r.ov == Verdict::known ? Verdict::unsupported : r.ov;
    };
    // A listed test that does not exist fails: a stale CI list must not pass silently.
    std::set<std::string> seen;
    for (const auto& r : rows) seen.insert(r.group + "/" + r.name);
    for (const auto& id : only)
        if (!seen.count(id)) {
            const auto slash = id.find('/');
            Row row{id.substr(0, slash), slash == std::string::npos ? "" : id.substr(slash + 1)};
            row.detail = "listed test not found under " + data.string();
            row.ov = Verdict::fail;
            row.ov_detail = row.detail;
            std::cout << verdict_name(row.verdict) << "\t" << id << "\t" << row.detail << std::endl;
            rows.push_back(std::move(row));
        }

    std::size_t passed = 0, failed = 0, skipped = 0;
    for (const auto& r : rows) {
        const Verdict v = final_verdict(r);
        if (v == Verdict::pass)
            ++passed;
        else if (v == Verdict::unsupported)
            ++skipped;
        else
            ++failed;
    }
    // Per judge, when both ran.
    std::string per_judge;
    if (judges.mo && judges.openvino) {
        std::size_t both = 0, mo_only = 0, ov_only = 0, known = 0;
        for (const auto& r : rows) {
            both += r.verdict == Verdict::pass && r.ov == Verdict::pass;
            mo_only += r.verdict == Verdict::pass && r.ov != Verdict::pass && r.ov != Verdict::known;
            ov_only += r.verdict != Verdict::pass && r.ov == Verdict::pass;
            known += r.ov == Verdict::known;
        }
        per_judge = std::to_string(both) + " pass in both judges, " + std::to_string(mo_only) +
                    " only in the evaluator, " + std::to_string(ov_only) +
                    " only in OpenVINO, " + std::to_string(known) +
                    " known OpenVINO limitations (tests/conformance/openvino_known.txt)";
    }
    if (!markdown.empty()) {
        std::ofstream md(markdown);
        md << "# ONNX conformance through the IR\n\n"
           << "Generated by `build/bin/mo_conformance"
           << (judges.openvino ? (judges.mo ? " --runtime both" : " --runtime openvino") : "")
           << " --markdown tests/conformance/STATUS.md` on "
              "Debian's libonnx-testdata. Each model is converted to IR as `mo` does, read back, "
              "evaluated with the reference evaluator and compared with ONNX's expected outputs "
              "(rtol 1e-3, atol 1e-5).\n\n"
           << (judges.openvino
                   ? "With `--runtime both` the IR is also judged by the real OpenVINO runtime "
                     "(`openvino` wheel, CPU, f32 inference precision; tests/runtime/ov_check.py): "
                     "column OpenVINO. A test passes when both judges pass it; `known` is an "
                     "OpenVINO limitation listed with its reason in "
                     "tests/conformance/openvino_known.txt.\n\n"
                   : "")
           << "**" << passed << " passed, " << failed << " failed, " << skipped << " skipped**"
           << (per_judge.empty() ? "" : "; " + per_judge) << "\n\n";
        if (judges.mo && judges.openvino) {
            md << "| test | evaluator | OpenVINO | detail |\n|---|---|---|---|\n";
            for (const auto& r : rows) {
                std::string detail = one_line(r.detail);
                if (r.verdict == Verdict::pass && r.ov != Verdict::pass)
                    detail = "OpenVINO: " + one_line(r.ov_detail);
                else if (r.verdict == Verdict::pass)
                    detail += "; OpenVINO " + one_line(r.ov_detail);
                md << "| " << r.group << "/" << r.name << " | " << verdict_name(r.verdict)
                   << " | " << verdict_name(r.ov) << " | " << detail << " |\n";
            }
        } else {
            md << "| test | result | detail |\n|---|---|---|\n";
            for (const auto& r : rows)
                md << "| " << r.group << "/" << r.name << " | " << verdict_name(final_verdict(r))
                   << " | " << one_line(judges.mo ? r.detail : r.ov_detail) << " |\n";
        }
        md << "\n" << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "conformance: " << rows.size() << " tests in " << static_cast<int>(seconds)
              << " s\n";
    if (!per_judge.empty()) std::cout << per_judge << "\n";
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    if (require_pass && (failed || skipped)) return 1;
    return 0;
}
