#include "engine/core/op_type.hpp"

#include <deque>
#include <mutex>
#include <unordered_map>

namespace mo {
namespace {

struct Table {
    std::mutex mutex;
    std::deque<std::string> names; // a deque keeps the addresses of its elements
    std::unordered_map<std::string_view, OpTypeId> ids;

    Table() {
        // The order gives the fixed ids of op_type.hpp.
        for (const char* n : {"Const", "Parameter", "Result"}) add(n);
    }
    InternedOpType add(std::string_view name) {
        const auto id = static_cast<OpTypeId>(names.size());
        const std::string& stored = names.emplace_back(name);
        ids.emplace(stored, id);
        return {id, &stored};
    }
};

Table& table() {
    static Table t;
    return t;
}

} // namespace

InternedOpType intern_op_type(std::string_view name) {
    Table& t = table();
    std::lock_guard lock(t.mutex);
    if (auto it = t.ids.find(name); it != t.ids.end()) return {it->second, &t.names[it->second]};
    return t.add(name);
}

OpTypeId op_type_count() {
    Table& t = table();
    std::lock_guard lock(t.mutex);
    return static_cast<OpTypeId>(t.names.size());
}

} // namespace mo
