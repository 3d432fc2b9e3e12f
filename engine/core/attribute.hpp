#pragma once
#include "engine/core/error.hpp"
#include "engine/core/tensor.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace mo {

// A typed attribute value. Opset operations use the spec's attribute names and the
// natural type (strides: ints, epsilon: float, auto_pad: string, ...). The IR writer renders
// them as the spec spells them (lists comma-separated, booleans "true"/"false").
using AttrValue = std::variant<bool, std::int64_t, double, std::string, std::vector<std::int64_t>,
                               std::vector<double>, std::vector<std::string>, Tensor>;

// Deterministically ordered (by name) attribute map. Copies share the map until one of them is
// changed (copy on write): a rewrite that rebuilds a node with the attributes of the old one, or a
// model with thousands of alike convolutions, keeps one map instead of copying every value.
class Attributes {
    using Map = std::map<std::string, AttrValue, std::less<>>;

public:
    bool has(std::string_view name) const { return map().find(name) != map().end(); }
    const AttrValue* find(std::string_view name) const {
        auto it = map().find(name);
        return it == map().end() ? nullptr : &it->second;
    }

    // Typed access; throws InferenceError naming the attribute when missing or of another type.
    // Integer and floating values convert to each other; int lists read as double lists.
    std::int64_t get_int(std::string_view name) const;
    double get_float(std::string_view name) const;
    bool get_bool(std::string_view name) const;
    const std::string& get_string(std::string_view name) const;
    std::vector<std::int64_t> get_ints(std::string_view name) const;
    std::vector<double> get_floats(std::string_view name) const;
    const std::vector<std::string>& get_strings(std::string_view name) const;
    const Tensor& get_tensor(std::string_view name) const;

    std::int64_t get_int(std::string_view name, std::int64_t fallback) const {
        return has(name) ? get_int(name) : fallback;
    }
    double get_float(std::string_view name, double fallback) const {
        return has(name) ? get_float(name) : fallback;
    }
    bool get_bool(std::string_view name, bool fallback) const {
        return has(name) ? get_bool(name) : fallback;
    }
    std::string get_string(std::string_view name, std::string_view fallback) const {
        return has(name) ? get_string(name) : std::string(fallback);
    }
    std::vector<std::int64_t> get_ints(std::string_view name,
                                       std::vector<std::int64_t> fallback) const {
        return has(name) ? get_ints(name) : fallback;
    }

    void set(std::string name, AttrValue v) {
        mutable_map().insert_or_assign(std::move(name), std::move(v));
    }
    // Convenience overloads that avoid variant ambiguities with literals.
    void set(std::string name, int v) { set(std::move(name), AttrValue(std::int64_t{v})); }
    void set(std::string name, const char* v) { set(std::move(name), AttrValue(std::string(v))); }
    void set(std::string name, float v) { set(std::move(name), AttrValue(double{v})); }
    void erase(std::string_view name) {
        if (!has(name)) return;
        Map& m = mutable_map();
        m.erase(m.find(name));
    }

    auto begin() const { return map().begin(); }
    auto end() const { return map().end(); }
    std::size_t size() const { return map().size(); }
    bool empty() const { return map().empty(); }
    bool operator==(const Attributes& other) const;

private:
    const Map& map() const {
        static const Map kEmpty;
        return values_ ? *values_ : kEmpty;
    }
    // The map, unshared first when another copy holds it too.
    Map& mutable_map() {
        if (!values_)
            values_ = std::make_shared<Map>();
        else if (values_.use_count() > 1)
            values_ = std::make_shared<Map>(*values_);
        return *values_;
    }

    std::shared_ptr<Map> values_; // null: no attributes
};

// Renders a value as the IR spells it: "1,2,3", "true", "0.0001", "explicit".
std::string format_attribute(const AttrValue& v);
// A short human-readable description of the held type ("int", "ints", "tensor", ...).
std::string_view attribute_kind(const AttrValue& v);

} // namespace mo
