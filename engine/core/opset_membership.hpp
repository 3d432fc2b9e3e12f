#pragma once
// Which OpenVINO opsets hold which operation versions, as listed by the opset pages of the
// OpenVINO operation specifications (opset1 ... opset15). An op version is not always in the
// opset of its number: Acosh-3 and ScatterNDUpdate-3 first appear in opset4, Reverse-1 and
// ShuffleChannels-1 in opset3, MVN-1 in opset2. The IR's version="opsetN" must name an opset that
// holds the layer's type and version, so the IR writer and reader go through this table.
#include <optional>
#include <span>
#include <string_view>

namespace mo {

// The newest opset the table covers.
inline constexpr int kNewestOpset = 15;

// One operation version and the contiguous range of opsets that hold it.
struct OpsetMembership {
    std::string_view type; // as the specification spells it ("SoftMax", "ReLU", "Constant")
    int version;           // the N of the spec page Type-N
    int first_opset;
    int last_opset;
};

// Every row of the table, sorted by type (case-insensitively) then version.
std::span<const OpsetMembership> opset_membership();

// True when `opset` holds `type` at `version`. Types compare case-insensitively ("Softmax" is
// the spec's "SoftMax"), and "Const" is the IR's name for Constant.
bool opset_contains(int opset, std::string_view type, int version);

// The smallest opset that holds `type` at `version`; nullopt when none does.
std::optional<int> first_opset_containing(std::string_view type, int version);

// The version of `type` that `opset` holds; nullopt when it holds none.
std::optional<int> version_in_opset(std::string_view type, int opset);

} // namespace mo
