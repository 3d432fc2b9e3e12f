// The CLI's contract for bad input: one line "[ ERROR ] ...", exit code 1, no output files.
#include "cli/app.hpp"
#include "cli_test_utils.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

using mo::test::CliRun;
using mo::test::mo_cli;

namespace {

// A fresh empty directory under the system temp dir, removed at scope exit.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& tag) {
        path =
            fs::temp_directory_path() / ("mo_cli_test_" + tag + "_" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    fs::path write(const std::string& name, const std::string& bytes) const {
        std::ofstream(path / name, std::ios::binary) << bytes;
        return path / name;
    }
};

void check_one_line_error(const CliRun& r, const std::string& must_contain) {
    CHECK(r.code == 1);
    CHECK(r.err.rfind("[ ERROR ] ", 0) == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_MESSAGE(r.err.find(must_contain) != std::string::npos, r.err);
}

std::string example_model() {
    return std::string(MO_SOURCE_DIR) + "/examples/tiny_cnn.onnx";
}

} // namespace

TEST_CASE("an unknown flag is named, with the closest known flag") {
    auto r = mo_cli({"--input_modle", "x.onnx"});
    check_one_line_error(r, "'--input_modle'");
    CHECK(r.err.find("--input_model") != std::string::npos);
}

TEST_CASE("a flag without its value is an error") {
    check_one_line_error(mo_cli({"--input_model"}), "needs a value");
}

TEST_CASE("a bad --ir_version is rejected before any work") {
    TempDir dir("irv");
    auto r = mo_cli({"-m", example_model(), "-o", dir.path.string(), "--ir_version", "9"});
    check_one_line_error(r, "--ir_version");
    CHECK(fs::is_empty(dir.path));
}

TEST_CASE("a missing model file is named") {
    check_one_line_error(mo_cli({"--input_model", "/no/such/model.onnx"}), "/no/such/model.onnx");
}

TEST_CASE("a file that is not ONNX gives one line and leaves no files") {
    TempDir dir("garbage");
    const fs::path model =
        dir.write("garbage.onnx", std::string("\xff\xff\xff\xff this is not protobuf", 26));
    const fs::path out = dir.path / "out";
    auto r = mo_cli({"--input_model", model.string(), "--output_dir", out.string()});
    check_one_line_error(r, "garbage.onnx");
    CHECK_FALSE(fs::exists(out / "garbage.xml"));
    CHECK_FALSE(fs::exists(out / "garbage.bin"));
}

TEST_CASE("a truncated model gives one line and leaves no files") {
    TempDir dir("truncated");
    std::ifstream in(example_model(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), {});
    REQUIRE(bytes.size() > 1000);
    const fs::path model = dir.write("cut.onnx", bytes.substr(0, bytes.size() / 2));
    auto r = mo_cli({"-m", model.string(), "-o", dir.path.string()});
    check_one_line_error(r, "cut.onnx");
    CHECK_FALSE(fs::exists(dir.path / "cut.xml"));
    CHECK_FALSE(fs::exists(dir.path / "cut.bin"));
}

TEST_CASE("a frontend that does not exist yet is reported, not crashed on") {
    TempDir dir("tf");
    const fs::path model = dir.write("frozen.pb", "x");
    check_one_line_error(mo_cli({"-m", model.string()}), "tf");
}

TEST_CASE("--help and --version succeed and print to stdout") {
    auto h = mo_cli({"--help"});
    CHECK(h.code == 0);
    CHECK(h.out.find("--input_model") != std::string::npos);
    auto v = mo_cli({"--version"});
    CHECK(v.code == 0);
    CHECK(v.out.find("version") != std::string::npos);
}
