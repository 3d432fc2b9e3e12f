#pragma once
// What a framework front-end provides (frontends/registry.hpp picks one for a model file).
//
// A front-end reads its format into a graph of framework-namespace nodes ("onnx.Dropout",
// "tf.Identity", ...) and opset nodes, one framework node at a time (a table where the mapping is
// one-to-one, a small function where it needs code). Multi-node patterns are left to the rules in
// rules/lower/<framework>/. Weights borrow the memory-mapped model file instead of being copied.
#include "engine/core/graph.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace mo::frontends {

// The files of one model, as the user named them (--input_model plus the framework-specific flags).
struct ModelFiles {
    std::filesystem::path model{};                 // --input_model
    std::optional<std::filesystem::path> proto{};  // --input_proto: Caffe's .prototxt
    std::optional<std::filesystem::path> symbol{}; // --input_symbol: MXNet's symbol .json
    std::optional<std::filesystem::path>
        meta_graph{}; // --input_meta_graph: TensorFlow 1 checkpoints
    std::optional<std::filesystem::path> saved_model{}; // --saved_model_dir: TensorFlow SavedModel

    // The file or directory that stands for the model (names the IR by default): --input_model,
    // else a TensorFlow SavedModel directory or meta graph, which need no --input_model.
    std::filesystem::path main() const {
        if (!model.empty()) return model;
        if (saved_model) return *saved_model;
        return meta_graph.value_or(std::filesystem::path());
    }
};

class FrontEnd {
public:
    virtual ~FrontEnd() = default;
    // The --framework value and the namespace of the framework's own nodes ("onnx").
    virtual std::string_view name() const = 0;
    // File endings (lower case, with the dot) that select this front-end when --framework is not
    // given.
    virtual std::span<const std::string_view> file_endings() const = 0;
    // Reads the model; throws mo::Error with one line naming the file and, where it applies, the
    // node and attribute.
    virtual std::unique_ptr<Graph> read(const ModelFiles& files) const = 0;
};

} // namespace mo::frontends
