#include "frontends/onnx/onnx_frontend.hpp"

#include "engine/core/error.hpp"
#include "frontends/onnx/external_data.hpp"
#include "frontends/onnx/graph_builder.hpp"
#include "frontends/onnx/model_reader.hpp"
#include "frontends/onnx/tensor_reader.hpp"

namespace mo::onnx_fe {
namespace {

// Prefixes errors with the file name (once), keeping the exception's kind.
template <class F> auto naming_file(const std::filesystem::path& path, F&& f) {
    const std::string prefix = path.string() + ": ";
    try {
        return f();
    } catch (const InferenceError& e) {
        const std::string what = e.what();
        if (what.rfind(prefix, 0) == 0) throw;
        throw InferenceError(prefix + what);
    } catch (const Error& e) {
        const std::string what = e.what();
        if (what.rfind(prefix, 0) == 0) throw;
        throw Error(prefix + what);
    }
}

class OnnxFrontEnd final : public frontends::FrontEnd {
public:
    std::string_view name() const override { return "onnx"; }
    std::span<const std::string_view> file_endings() const override {
        static constexpr std::string_view endings[] = {".onnx"};
        return endings;
    }
    std::unique_ptr<Graph> read(const frontends::ModelFiles& files) const override {
        return load_model(files.model);
    }
};

} // namespace

const frontends::FrontEnd& frontend() {
    static const OnnxFrontEnd instance;
    return instance;
}

std::unique_ptr<Graph> load_model(const std::filesystem::path& path) {
    return naming_file(path, [&] {
        auto model = read_model_file(path);
        return build_graph(std::move(model.proto), path.parent_path(), std::move(model.weights));
    });
}

std::pair<std::string, Tensor> load_tensor_file(const std::filesystem::path& path) {
    return naming_file(path, [&] {
        const onnx::TensorProto proto = read_tensor_proto(path);
        ExternalData external(path.parent_path());
        // No owner: the proto is local, so the values are copied.
        Tensor t = tensor_from_proto(proto, TensorSource{nullptr, &external, nullptr});
        return std::pair<std::string, Tensor>(proto.name(), std::move(t));
    });
}

} // namespace mo::onnx_fe
