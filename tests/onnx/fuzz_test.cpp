// Robustness of the ONNX reader on damaged files: every mutation of a real model must either load
// or fail with mo::Error (one clear message), never crash or leak another exception type.
#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"
#include "frontends/onnx/onnx_frontend.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

using namespace mo;

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// Loads `bytes` as a model file; returns what went wrong when it was not a mo::Error.
std::string load_outcome(const test::TempDir& dir, const std::string& bytes, int i) {
    const auto path = dir / ("m" + std::to_string(i) + ".onnx");
    test::write_file(path, bytes);
    try {
        auto g = onnx_fe::load_model(path);
        (void)g->node_count();
    } catch (const Error&) {
    } catch (const std::exception& e) {
        return std::string("non-mo exception: ") + e.what();
    }
    std::filesystem::remove(path);
    return {};
}

} // namespace

TEST_CASE("onnx reader: mutated and truncated models load or fail with mo::Error") {
    const std::string model =
        read_all(std::filesystem::path(MO_SOURCE_DIR) / "examples" / "tiny_cnn.onnx");
    REQUIRE(model.size() > 1000);
    test::TempDir dir;
    std::mt19937 rng(12345);
    int i = 0;
    for (; i < 400; ++i) {
        std::string bytes = model;
        const int flips = 1 + static_cast<int>(rng() % 8);
        for (int f = 0; f < flips; ++f) {
            const std::size_t at = rng() % bytes.size();
            bytes[at] =
                static_cast<char>(rng() % 3 == 0 ? bytes[at] ^ (1 << (rng() % 8)) : rng() % 256);
        }
        const std::string bad = load_outcome(dir, bytes, i);
        CHECK_MESSAGE(bad.empty(), "mutation " << i << ": " << bad);
    }
    for (std::size_t cut = 1; cut < model.size(); cut += 97, ++i) {
        const std::string bad = load_outcome(dir, model.substr(0, cut), i);
        CHECK_MESSAGE(bad.empty(), "truncated at " << cut << ": " << bad);
    }
}
