#include "frontends/onnx/onnx_frontend.hpp"

namespace mo::onnx_fe {
std::unique_ptr<Graph> load_model(const std::filesystem::path& path) {
    throw Error(path.string() + ": ONNX reader not implemented yet");
}
std::pair<std::string, Tensor> load_tensor_file(const std::filesystem::path& path) {
    throw Error(path.string() + ": ONNX reader not implemented yet");
}
} // namespace mo::onnx_fe
