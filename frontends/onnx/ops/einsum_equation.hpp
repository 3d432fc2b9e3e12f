#pragma once
// ONNX Einsum equations in the form OpenVINO's Einsum-7 reads: no spaces, and always explicit
// ("->" followed by the output subscript). ONNX also allows spaces ("...ii ->...i") and the
// implicit form ("i,i"), whose output is the ellipsis (when an input has one) then the labels used
// exactly once, in alphabetical order (upper case first); OpenVINO's reader rejects the spaces
// and gives the implicit form a different output there.
#include <string>
#include <string_view>

namespace mo::onnx_fe::ops {

// "...ii ->...i" -> "...ii->...i"; "i,i" -> "i,i->"; "ij,jk" -> "ij,jk->ik";
// "b...i,b...j" -> "b...i,b...j->...ij". Labels are not checked here (Einsum's inference does).
std::string canonical_einsum_equation(std::string_view equation);

} // namespace mo::onnx_fe::ops
