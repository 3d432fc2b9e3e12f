#pragma once
// The front-ends built into mo, and the choice of one for a model file.
#include "frontends/common/frontend.hpp"

namespace mo::frontends {

// Every available front-end, in --help order.
std::span<const FrontEnd* const> frontends();

// The front-end of `framework` (a --framework value), or, when it is empty, the one whose file
// ending matches the model (ONNX when none does: ONNX files come with many endings). Throws
// mo::Error for an unknown framework or one whose front-end is not available yet.
const FrontEnd& select_frontend(std::string_view framework, const std::filesystem::path& model);

// Checks that the model file exists and is not a directory, then reads it with the front-end
// that select_frontend picks.
std::unique_ptr<Graph> read_model(const ModelFiles& files, std::string_view framework = {});

} // namespace mo::frontends
