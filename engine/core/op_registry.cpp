#include "engine/core/op_registry.hpp"

#include "engine/core/error.hpp"

namespace mo {

void OpRegistry::add(OpDef def) {
    auto& versions = defs_[def.type];
    const int opset = def.opset;
    if (versions.count(opset))
        throw Error("internal: operation " + def.type + "-" + std::to_string(opset) +
                    " registered twice");
    versions.emplace(opset, std::move(def));
}

const OpDef* OpRegistry::find(std::string_view type, int opset) const {
    auto it = defs_.find(type);
    if (it == defs_.end()) return nullptr;
    auto v = it->second.find(opset);
    return v == it->second.end() ? nullptr : &v->second;
}

const OpDef* OpRegistry::latest(std::string_view type) const {
    auto it = defs_.find(type);
    if (it == defs_.end() || it->second.empty()) return nullptr;
    return &it->second.rbegin()->second;
}

const OpDef* OpRegistry::latest_up_to(std::string_view type, int max_opset) const {
    auto it = defs_.find(type);
    if (it == defs_.end()) return nullptr;
    const OpDef* best = nullptr;
    for (const auto& [v, def] : it->second)
        if (v <= max_opset) best = &def;
    return best;
}

std::vector<const OpDef*> OpRegistry::all() const {
    std::vector<const OpDef*> out;
    for (const auto& [type, versions] : defs_)
        for (const auto& [v, def] : versions) out.push_back(&def);
    return out;
}

const OpRegistry& op_registry() {
    static const OpRegistry registry = [] {
        OpRegistry r;
        register_all_ops(r);
        return r;
    }();
    return registry;
}

} // namespace mo
