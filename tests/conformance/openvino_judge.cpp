// The OpenVINO judge of the conformance runner: each test's data as .npy files, one Python
// process (tests/runtime/ov_check.sh --batch) for every case, restarted after a runtime crash.
#include "conformance.hpp"
#include "engine/core/error.hpp"
#include "engine/eval/evaluator.hpp"
#include "engine/io/npy.hpp"
#include "frontends/onnx/onnx_frontend.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/wait.h>

namespace mo::conformance {
namespace {

// The name the OpenVINO checker finds a tensor by: the first tensor name of the port.
std::string port_tensor_name(const Node& node, std::size_t port) {
    const auto& names = node.port(port).names;
    return names.empty() ? node.name : names.front();
}

} // namespace

nlohmann::json write_ov_case(const std::string& id, const Graph& graph, const fs::path& xml,
                             const fs::path& set_dir, const fs::path& case_dir) {
    const auto in_dir = case_dir / "inputs", out_dir = case_dir / "outputs";
    fs::create_directories(in_dir);
    fs::create_directories(out_dir);
    nlohmann::ordered_json in_man = nlohmann::ordered_json::object(),
                           out_man = nlohmann::ordered_json::object();
    const auto input_files = sorted_files(set_dir, "input_");
    for (std::size_t i = 0; i < input_files.size() && i < graph.parameters().size(); ++i) {
        auto [name, value] = onnx_fe::load_tensor_file(input_files[i]);
        const std::string file = "input_" + std::to_string(i) + ".npy";
        io::write_npy(in_dir / file, value);
        in_man[port_tensor_name(*graph.parameters()[i], 0)] = file;
    }
    const auto expected_files = sorted_files(set_dir, "output_");
    for (std::size_t i = 0; i < expected_files.size() && i < graph.results().size(); ++i) {
        auto [name, value] = onnx_fe::load_tensor_file(expected_files[i]);
        const std::string file = "output_" + std::to_string(i) + ".npy";
        io::write_npy(out_dir / file, value);
        out_man[result_name(*graph.results()[i])] = file;
    }
    std::ofstream(in_dir / "manifest.json") << in_man.dump(1) << "\n";
    std::ofstream(out_dir / "manifest.json") << out_man.dump(1) << "\n";
    return {{"name", id + "#" + set_dir.filename().string()},
            {"xml", xml.string()},
            {"inputs", in_dir.string()},
            {"ref", out_dir.string()}};
}

void judge_with_openvino(std::vector<Row>& rows, const fs::path& work, const std::string& checker,
                         const std::map<std::string, std::string>& known) {
    std::map<std::string, std::pair<std::string, std::string>> results; // case -> verdict, detail
    std::vector<nlohmann::json> pending;
    for (const auto& r : rows)
        for (const auto& c : r.ov_cases) pending.push_back(c);
    const fs::path results_file = work / "ov_results.jsonl", log = work / "ov_check.log";
    fs::remove(results_file);
    while (!pending.empty()) {
        const fs::path cases_file = work / "ov_cases.json";
        std::ofstream(cases_file) << nlohmann::json(pending).dump(1);
        const std::string cmd = "bash '" + checker + "' --batch '" + cases_file.string() +
                                "' --atol 1e-5 --rtol 1e-3 --results '" + results_file.string() +
                                "' >> '" + log.string() + "' 2>&1";
        std::cerr << "mo_conformance: OpenVINO checks " << pending.size() << " cases (" << checker
                  << ")" << std::endl;
        const int status = std::system(cmd.c_str());
        const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::ifstream in(results_file);
        for (std::string line; std::getline(in, line);) {
            try {
                const auto j = nlohmann::json::parse(line);
                results[j.at(0).get<std::string>()] = {j.at(1).get<std::string>(),
                                                       j.at(2).get<std::string>()};
            } catch (const std::exception&) {
            }
        }
        std::vector<nlohmann::json> left;
        for (const auto& c : pending)
            if (!results.count(c["name"].get<std::string>())) left.push_back(c);
        if (left.empty()) break;
        if (code == 2 || (left.size() == pending.size() && code >= 0 && code <= 1)) {
            std::ifstream l(log);
            std::stringstream ss;
            ss << l.rdbuf();
            throw Error("the OpenVINO checker could not run (exit " + std::to_string(code) + "): " +
                        ss.str().substr(ss.str().size() > 2000 ? ss.str().size() - 2000 : 0));
        }
        // The runtime died on the first case without a result.
        results[left.front()["name"].get<std::string>()] = {
            "CRASH", "the OpenVINO process died (status " + std::to_string(status) + ")"};
        left.erase(left.begin());
        pending = std::move(left);
    }
    for (auto& r : rows) {
        if (r.ov_cases.empty()) continue;
        r.ov = Verdict::pass;
        std::string worst;
        for (const auto& c : r.ov_cases) {
            const auto& [verdict, detail] = results[c["name"].get<std::string>()];
            if (verdict != "OK") {
                r.ov = Verdict::fail;
                r.ov_detail = verdict + ": " + detail;
                break;
            }
            if (worst.empty()) worst = detail;
        }
        if (r.ov == Verdict::pass) r.ov_detail = worst;
        const auto k = known.find(r.group + "/" + r.name);
        if (k != known.end() && r.ov == Verdict::fail) {
            r.ov = Verdict::known;
            r.ov_detail = k->second + " (" + r.ov_detail + ")";
        }
    }
}

} // namespace mo::conformance
