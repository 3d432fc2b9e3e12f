#include "frontends/registry.hpp"

#include "engine/core/error.hpp"
#include "frontends/ir/ir_frontend.hpp"
#include "frontends/onnx/onnx_frontend.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace mo::frontends {
namespace {

// Frameworks of the Model Optimizer whose front-ends are not written yet, with their model files'
// endings: such a model gets a clear message instead of an ONNX parse error.
constexpr std::array<std::string_view, 4> kPlanned{"tf", "caffe", "mxnet", "kaldi"};
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kPlannedEndings{{
    {".pb", "tf"},
    {".pbtxt", "tf"},
    {".caffemodel", "caffe"},
    {".params", "mxnet"},
    {".nnet", "kaldi"},
    {".mdl", "kaldi"},
    {".raw", "kaldi"},
}};

std::string lower_ending(const std::filesystem::path& path) {
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

[[noreturn]] void not_available(std::string_view framework, const std::filesystem::path& model) {
    throw Error("'" + model.string() + "': the " + std::string(framework) +
                " front-end is not available yet");
}

std::string framework_names() {
    std::string names;
    for (const FrontEnd* f : frontends()) names += std::string(f->name()) + ", ";
    for (std::string_view p : kPlanned) names += std::string(p) + ", ";
    return names.substr(0, names.size() - 2);
}

} // namespace

std::span<const FrontEnd* const> frontends() {
    static const std::array<const FrontEnd*, 2> all{&onnx_fe::frontend(), &ir::frontend()};
    return all;
}

const FrontEnd& select_frontend(std::string_view framework, const std::filesystem::path& model) {
    if (!framework.empty()) {
        for (const FrontEnd* f : frontends())
            if (f->name() == framework) return *f;
        if (std::find(kPlanned.begin(), kPlanned.end(), framework) != kPlanned.end())
            not_available(framework, model);
        throw Error("unknown framework '" + std::string(framework) + "' (expected " +
                    framework_names() + ")");
    }
    const std::string ending = lower_ending(model);
    for (const FrontEnd* f : frontends()) {
        const auto endings = f->file_endings();
        if (std::find(endings.begin(), endings.end(), ending) != endings.end()) return *f;
    }
    for (const auto& [planned_ending, planned] : kPlannedEndings)
        if (ending == planned_ending) not_available(planned, model);
    return onnx_fe::frontend();
}

std::unique_ptr<Graph> read_model(const ModelFiles& files, std::string_view framework) {
    const FrontEnd& frontend = select_frontend(framework, files.main());
    std::error_code ec;
    if (!files.model.empty() && !std::filesystem::exists(files.model, ec))
        throw Error("input model file '" + files.model.string() + "' does not exist");
    if (!files.model.empty() && std::filesystem::is_directory(files.model, ec))
        throw Error("input model '" + files.model.string() + "' is a directory, not a model file");
    return frontend.read(files);
}

} // namespace mo::frontends
