#pragma once
// Spellings shared by the IR writer and reader: port precisions, tensor-name lists, shape
// attributes and the typing of attribute strings read back from <data>.
#include "engine/core/attribute.hpp"
#include "engine/core/element_type.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/core/shape.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mo::ir {

// "FP32", "I64", "BOOL", ... (the precision attribute of a port); nullopt for dynamic/string.
std::optional<std::string_view> precision_name(ElementType t);
// Inverse of precision_name; also accepts element type spellings ("f32"), case-insensitively.
std::optional<ElementType> element_type_from_precision(std::string_view precision);

// The `names` attribute of an output port: names sorted, ',' inside a name escaped as "\,".
std::string join_tensor_names(std::vector<std::string> names);
// Splits a `names` attribute back (unescaping "\,"; spaces around names are dropped).
std::vector<std::string> split_tensor_names(std::string_view text);

// The `shape` attribute of a Parameter: "1,3,224,224"; dynamic dims as "?" (IR v11) or "-1"
// (IR v10); "..." for a dynamic rank (v11 only; nullopt for v10).
std::optional<std::string> format_shape_attribute(const PartialShape& shape, int ir_version);
// Parses "1,3,?,224", "-1,3", "1..10,3" (a bounded dim reads as dynamic), "..." or "" (scalar).
// nullopt when the text is not a shape.
std::optional<PartialShape> parse_shape_attribute(std::string_view text);

// The registry's definition of an IR layer type: exact name first, then case-insensitively (the
// runtime reads "SoftMax" and "Softmax" alike). nullptr when unknown.
const OpDef* find_op(std::string_view type, int opset);

// Types an attribute string heuristically: int, list of ints, float, list of floats,
// "true"/"false" as bool, anything else as string.
AttrValue parse_attribute_value(std::string_view text);

} // namespace mo::ir
