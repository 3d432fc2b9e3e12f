#pragma once
#include "engine/rules/rules.hpp"
// Shared helpers of the emit tests: a scratch directory and file reading.
#include "engine/core/graph.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace mo::test {

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "mo_emit_XXXXXX").string();
        if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        path_ = tmpl;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    // Names of the entries directly inside the directory, sorted.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(path_))
            names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Live nodes per op type.
inline std::map<std::string, int> op_counts(const Graph& g) {
    std::map<std::string, int> counts;
    for (const Node* n : g.nodes()) ++counts[n->type()];
    return counts;
}

inline Attributes attrs(std::initializer_list<std::pair<const char*, AttrValue>> list) {
    Attributes a;
    for (const auto& [k, v] : list) a.set(k, v);
    return a;
}

using Ints = std::vector<std::int64_t>;

// The legacy phase of the shipped rules, which --ir_version 10 runs before writing
// (rules/legacy/).
inline const rules::RuleSet& legacy_rules() {
    static const rules::RuleSet set = rules::load_rule_files(
        std::vector<std::filesystem::path>{std::string(MO_SOURCE_DIR) + "/rules/legacy"});
    return set;
}

} // namespace mo::test
