#include "engine/rules/op_catalog.hpp"

#include <algorithm>
#include <map>

namespace mo::rules {

bool is_framework_op(std::string_view type) {
    static const std::set<std::string, std::less<>> kNamespaces = {"onnx", "tf", "caffe", "mxnet",
                                                                   "kaldi"};
    const auto dot = type.find('.');
    return dot != std::string_view::npos && dot + 1 < type.size() &&
           kNamespaces.count(type.substr(0, dot));
}

const OpDef* latest_def(const std::string& type) {
    return op_registry().latest(type);
}

static const std::map<std::string, OpSummary>& summaries() {
    static const std::map<std::string, OpSummary> s = [] {
        std::map<std::string, OpSummary> m;
        for (const OpDef* d : op_registry().all()) {
            auto& e = m[d->type];
            e.attributes.insert(d->attributes.begin(), d->attributes.end());
            e.min_inputs = std::min(e.min_inputs, d->min_inputs);
            e.max_inputs = std::max(e.max_inputs, d->max_inputs);
        }
        return m;
    }();
    return s;
}
const OpSummary* summary(const std::string& type) {
    auto it = summaries().find(type);
    return it == summaries().end() ? nullptr : &it->second;
}

bool is_commutative(const std::string& type) {
    static const std::set<std::string> kOps = {"Add",        "Multiply",  "Maximum",
                                               "Minimum",    "Equal",     "NotEqual",
                                               "LogicalAnd", "LogicalOr", "LogicalXor"};
    return kOps.count(type) > 0;
}

void check_op_type(const std::string& type, const Loc& loc) {
    if (is_framework_op(type)) return;
    if (!summary(type)) fail_at(loc, "unknown operation '" + type + "'");
}

bool op_has_attribute(const std::string& type, const std::string& attribute) {
    if (is_framework_op(type)) return true;
    const OpSummary* s = summary(type);
    return s && s->attributes.count(attribute) > 0;
}

} // namespace mo::rules
