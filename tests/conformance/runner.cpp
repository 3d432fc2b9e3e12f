// ONNX conformance through the IR: for each test of libonnx-testdata, convert model.onnx to IR
// exactly as `mo` does, read the IR back, evaluate it with the reference evaluator on every
// test_data_set_*, and compare with the expected outputs.
//
// usage: mo_conformance [--data DIR] [--groups node,simple,...] [--filter SUBSTR] [--list FILE]
//                       [--markdown OUT.md] [--require-pass] [--ir_version 10|11] [--help]
#include "cli/commands.hpp"
#include "cli/optimize.hpp"
#include "emit/ir_reader.hpp"
#include "emit/ir_writer.hpp"
#include "emit/legacy_ops.hpp"
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"
#include "frontends/onnx/onnx_frontend.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
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

namespace fs = std::filesystem;
using namespace mo;

namespace {

enum class Verdict { pass, fail, unsupported, conversion_error };

struct Row {
    std::string group, name;
    Verdict verdict = Verdict::fail;
    std::string detail;
};

struct Tolerance {
    double rtol = 1e-3, atol = 1e-5;
};

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

std::vector<fs::path> sorted_files(const fs::path& dir, const std::string& prefix) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path());
    // input_10 after input_9: order by the number.
    std::sort(out.begin(), out.end(), [&](const fs::path& a, const fs::path& b) {
        auto num = [&](const fs::path& p) {
            return std::stoi(p.stem().string().substr(prefix.size()));
        };
        return num(a) < num(b);
    });
    return out;
}

Row run_test(const std::string& group, const fs::path& dir, const fs::path& work,
             const rules::RuleSet& rule_set, int ir_version) {
    Row row{group, dir.filename().string()};
    std::unique_ptr<Graph> graph;
    try {
        graph = cli::load_model(dir / "model.onnx", "onnx");
        std::ostringstream quiet;
        cli::optimize(*graph, rule_set, cli::ParsedArgs{},
                      cli::Log(quiet, cli::LogLevel::error, true));
        // IR v10 as --ir_version 10 writes it: the legacy rules first.
        if (ir_version == 10) ir::apply_legacy_forms(*graph, rule_set);
        ir::WriteOptions options;
        options.ir_version = ir_version;
        ir::write_ir(*graph, work / "model.xml", options);
        graph = ir::read_ir(work / "model.xml");
    } catch (const std::exception& e) {
        std::string what = e.what();
        // Errors start with the model's path; the table names the test already.
        const std::string prefix = (dir / "model.onnx").string() + ": ";
        if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
        const bool unsupported = what.find("unsupported") != std::string::npos ||
                                 what.find("not supported") != std::string::npos;
        row.verdict = unsupported ? Verdict::unsupported : Verdict::conversion_error;
        row.detail = what;
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
    int ir_version = 11;
    bool list_given = false;
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
                             "  --ir_version N    write IR version N (10 or 11, default 11)\n";
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
            else if (a == "--ir_version") {
                ir_version = std::stoi(value());
                if (ir_version != 10 && ir_version != 11) throw Error("--ir_version is 10 or 11");
            } else if (a == "--list") {
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
        rule_set = cli::load_conversion_rules(cli::ParsedArgs{});
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
            Row row = run_test(group, t, work, rule_set, ir_version);
            std::cout << verdict_name(row.verdict) << "\t" << id << "\t" << one_line(row.detail)
                      << std::endl;
            rows.push_back(std::move(row));
        }
    }
    fs::remove_all(work);
    // A listed test that does not exist fails: a stale CI list must not pass silently.
    std::set<std::string> seen;
    for (const auto& r : rows) seen.insert(r.group + "/" + r.name);
    for (const auto& id : only)
        if (!seen.count(id)) {
            const auto slash = id.find('/');
            Row row{id.substr(0, slash), slash == std::string::npos ? "" : id.substr(slash + 1)};
            row.detail = "listed test not found under " + data.string();
            std::cout << verdict_name(row.verdict) << "\t" << id << "\t" << row.detail << std::endl;
            rows.push_back(std::move(row));
        }

    std::size_t passed = 0, failed = 0, skipped = 0;
    for (const auto& r : rows) {
        if (r.verdict == Verdict::pass)
            ++passed;
        else if (r.verdict == Verdict::unsupported)
            ++skipped;
        else
            ++failed;
    }
    if (!markdown.empty()) {
        std::ofstream md(markdown);
        md << "# ONNX conformance through the IR\n\n"
           << "Generated by `build/bin/mo_conformance --markdown tests/conformance/STATUS.md` on "
              "Debian's libonnx-testdata. Each model is converted to IR as `mo` does, read back, "
              "evaluated with the reference evaluator and compared with ONNX's expected outputs "
              "(rtol 1e-3, atol 1e-5).\n\n"
           << "**" << passed << " passed, " << failed << " failed, " << skipped << " skipped**\n\n"
           << "| test | result | detail |\n|---|---|---|\n";
        for (const auto& r : rows)
            md << "| " << r.group << "/" << r.name << " | " << verdict_name(r.verdict) << " | "
               << one_line(r.detail) << " |\n";
        md << "\n" << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "conformance: " << rows.size() << " tests in " << static_cast<int>(seconds)
              << " s\n";
    std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
    if (require_pass && (failed || skipped)) return 1;
    return 0;
}
