#include "emit/legacy_ops.hpp"

#include "emit/ir_format.hpp"
#include "engine/core/error.hpp"
#include "engine/core/graph.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>
#include <optional>
#include <string_view>

namespace mo::ir {
namespace {

// Converts the node's attributes to the legacy op's, or returns nullopt when the legacy op would
// compute something else.
using Convert = std::function<std::optional<Attributes>(const Node&)>;

struct Downgrade {
    std::string_view type; // the newer op (compared case-insensitively: Softmax / SoftMax)
    int opset;
    std::string_view legacy_type;
    int legacy_opset;
    std::size_t legacy_outputs; // 0: as many as the node has
    std::string_view condition; // when the rewrite applies, for the error message
    Convert convert;
};

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Copies the listed attributes that the node has.
Attributes keep(const Node& n, std::initializer_list<std::string_view> names) {
    Attributes out;
    for (auto name : names)
        if (const AttrValue* v = n.attrs.find(name)) out.set(std::string(name), *v);
    return out;
}

bool input_is_const_non_negative(const Node& n, std::size_t i) {
    if (i >= n.input_count()) return false;
    auto v = n.graph().constant_value(n.input(i));
    if (!v) return false;
    const auto values = v->to_int64s();
    return std::all_of(values.begin(), values.end(), [](std::int64_t x) { return x >= 0; });
}

bool output_unused(const Node& n, std::size_t i) {
    return i >= n.output_count() || n.consumers(i).empty();
}

bool all_ones(const Node& n, std::string_view attr) {
    const auto v = n.attrs.get_ints(attr, {});
    return std::all_of(v.begin(), v.end(), [](std::int64_t x) { return x == 1; });
}

std::optional<Attributes> maxpool_to_v1(const Node& n) {
    if (!output_unused(n, 1) || !all_ones(n, "dilations")) return std::nullopt;
    if (n.attrs.get_string("rounding_type", "floor") == "ceil_torch") return std::nullopt;
    return keep(n, {"strides", "pads_begin", "pads_end", "kernel", "rounding_type", "auto_pad"});
}

const std::array<Downgrade, 11> kDowngrades{{
    {"Softmax", 8, "SoftMax", 1, 0, "axis >= 0 or an input of known rank",
     [](const Node& n) -> std::optional<Attributes> {
         std::int64_t axis = n.attrs.get_int("axis", 1);
         if (axis < 0) {
             const PartialShape& s = n.input_shape(0);
             if (!s.rank_known()) return std::nullopt;
             axis += static_cast<std::int64_t>(s.rank());
             if (axis < 0) return std::nullopt;
         }
         Attributes a;
         a.set("axis", AttrValue(axis));
         return a;
     }},
    {"MaxPool", 8, "MaxPool", 1, 1, "its indices output unused and dilations all 1", maxpool_to_v1},
    {"MaxPool", 14, "MaxPool", 1, 1,
     "its indices output unused, dilations all 1 and rounding_type not ceil_torch", maxpool_to_v1},
    {"AvgPool", 14, "AvgPool", 1, 0, "rounding_type not ceil_torch",
     [](const Node& n) -> std::optional<Attributes> {
         if (n.attrs.get_string("rounding_type", "floor") == "ceil_torch") return std::nullopt;
         return keep(n, {"strides", "pads_begin", "pads_end", "kernel", "exclude-pad",
                         "rounding_type", "auto_pad"});
     }},
    {"Gather", 8, "Gather", 7, 0, "constant non-negative indices",
     [](const Node& n) -> std::optional<Attributes> {
         if (!input_is_const_non_negative(n, 1)) return std::nullopt;
         return keep(n, {"batch_dims"});
     }},
    {"GatherND", 8, "GatherND", 5, 0, "batch_dims == 0",
     [](const Node& n) -> std::optional<Attributes> {
         if (n.attrs.get_int("batch_dims", 0) != 0) return std::nullopt;
         return keep(n, {"batch_dims"});
     }},
    {"TopK", 11, "TopK", 3, 0, "stable == false",
     [](const Node& n) -> std::optional<Attributes> {
         if (n.attrs.get_bool("stable", false)) return std::nullopt;
         return keep(n, {"axis", "mode", "sort", "index_element_type"});
     }},
    {"Pad", 12, "Pad", 1, 0, "constant non-negative pads",
     [](const Node& n) -> std::optional<Attributes> {
         if (!input_is_const_non_negative(n, 1) || !input_is_const_non_negative(n, 2))
             return std::nullopt;
         return keep(n, {"pad_mode"});
     }},
    {"ScatterElementsUpdate", 12, "ScatterElementsUpdate", 3, 0,
     "reduction == none and constant non-negative indices",
     [](const Node& n) -> std::optional<Attributes> {
         if (n.attrs.get_string("reduction", "none") != "none" ||
             !input_is_const_non_negative(n, 1))
             return std::nullopt;
         return Attributes{};
     }},
    {"ROIAlign", 9, "ROIAlign", 3, 0, "aligned_mode == asymmetric",
     [](const Node& n) -> std::optional<Attributes> {
         if (n.attrs.get_string("aligned_mode", "asymmetric") != "asymmetric") return std::nullopt;
         return keep(n, {"pooled_h", "pooled_w", "sampling_ratio", "spatial_scale", "mode"});
     }},
    {"DeformableConvolution", 8, "DeformableConvolution", 1, 0,
     "no mask input and bilinear_interpolation_pad == false",
     [](const Node& n) -> std::optional<Attributes> {
         if (n.input_count() > 3 || n.attrs.get_bool("bilinear_interpolation_pad", false))
             return std::nullopt;
         return keep(n, {"strides", "pads_begin", "pads_end", "dilations", "auto_pad", "group",
                         "deformable_group"});
     }},
}};

std::string versioned(const Node& n) {
    return n.type() + "-" + std::to_string(n.opset());
}

} // namespace

IrForm ir_form(const Node& node, int ir_version) {
    IrForm form{node.type(), node.opset(), node.attrs, node.output_count()};
    if (ir_version >= 11 || node.opset() <= kMaxOpsetV10) return form;

    for (const Downgrade& d : kDowngrades) {
        if (d.opset != node.opset() || !iequals(d.type, node.type())) continue;
        std::optional<Attributes> attrs;
        try {
            attrs = d.convert(node);
        } catch (const InferenceError&) {
            attrs.reset(); // an attribute of an unexpected type: no safe legacy form
        }
        if (!attrs)
            throw Error("cannot write node '" + node.name + "' in IR v10: " + versioned(node) +
                        " has an opset" + std::to_string(d.legacy_opset) + " form only with " +
                        std::string(d.condition));
        // Prefer the registry's spelling of the legacy type (SoftMax vs Softmax).
        const OpDef* legacy = find_op(d.legacy_type, d.legacy_opset);
        form.type = legacy ? legacy->type : std::string(d.legacy_type);
        form.opset = d.legacy_opset;
        form.attrs = std::move(*attrs);
        if (d.legacy_outputs) form.outputs = std::min(form.outputs, d.legacy_outputs);
        return form;
    }
    throw Error("cannot write node '" + node.name + "' in IR v10: " + versioned(node) +
                " is newer than opset" + std::to_string(kMaxOpsetV10) +
                " and has no older equivalent (use IR v11)");
}

} // namespace mo::ir
