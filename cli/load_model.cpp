#include "cli/commands.hpp"
#include "engine/core/error.hpp"
#include "frontends/onnx/onnx_frontend.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace mo::cli {
namespace {

// File endings of each framework's model files.
constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kEndings{{
    {".onnx", "onnx"},
    {".pb", "tf"},
    {".pbtxt", "tf"},
    {".caffemodel", "caffe"},
    {".params", "mxnet"},
    {".nnet", "kaldi"},
    {".mdl", "kaldi"},
    {".raw", "kaldi"},
}};

std::string detect_framework(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    for (const auto& [ending, fw] : kEndings)
        if (ext == ending) return std::string(fw);
    return "onnx"; // ONNX files often have other endings; the reader rejects what is not ONNX
}

} // namespace

std::unique_ptr<Graph> load_model(const std::filesystem::path& path, const std::string& framework) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw Error("input model file '" + path.string() + "' does not exist");
    if (std::filesystem::is_directory(path, ec))
        throw Error("input model '" + path.string() + "' is a directory, not a model file");
    const std::string fw = framework.empty() ? detect_framework(path) : framework;
    if (fw == "onnx") return onnx_fe::load_model(path);
    if (fw == "tf" || fw == "caffe" || fw == "mxnet" || fw == "kaldi")
        throw Error("'" + path.string() + "': the " + fw + " front-end is not available yet");
    throw Error("unknown framework '" + fw + "' (expected onnx, tf, caffe, mxnet or kaldi)");
}

} // namespace mo::cli
