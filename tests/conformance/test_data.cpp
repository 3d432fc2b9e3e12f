// The files of a conformance test's data sets.
#include "conformance.hpp"

#include <algorithm>
#include <string>

namespace mo::conformance {

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

} // namespace mo::conformance
