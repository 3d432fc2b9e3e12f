// One-to-one op mappings as data: renamed, defaulted, converted and fixed attributes.
#include "engine/core/error.hpp"
#include "frontends/common/op_mapping.hpp"

#include <doctest/doctest.h>

#include <map>

using namespace mo;
using frontends::AttributeSource;
using frontends::OpMapping;

namespace {

// A node's attributes held in a map; value_as converts int <-> bool and int -> double, as a
// front-end's attribute reader does.
class MapSource final : public AttributeSource {
public:
    explicit MapSource(std::map<std::string, AttrValue, std::less<>> values)
        : values_(std::move(values)) {}
    bool has(std::string_view name) const override { return values_.find(name) != values_.end(); }
    AttrValue value(std::string_view name) const override { return values_.find(name)->second; }
    AttrValue value_as(std::string_view name, const AttrValue& like) const override {
        const AttrValue& v = values_.find(name)->second;
        const auto* i = std::get_if<std::int64_t>(&v);
        if (i && std::holds_alternative<bool>(like)) return *i != 0;
        if (i && std::holds_alternative<double>(like)) return static_cast<double>(*i);
        return v;
    }
    [[noreturn]] void fail(const std::string& message) const override {
        throw Error("node 'n': " + message);
    }

private:
    std::map<std::string, AttrValue, std::less<>> values_;
};

const OpMapping kCumSum{
    "CumSum", "CumSum", 3, {{"exclusive", "exclusive", false}, {"reverse", "reverse", false}}};
const OpMapping kReverseSequence{
    "ReverseSequence",
    "ReverseSequence",
    1,
    {{"batch_axis", "batch_axis", std::int64_t{1}}, {"time_axis", "seq_axis", std::int64_t{0}}}};
const OpMapping kEinsum{"Einsum", "Einsum", 7, {{"equation", "equation", std::nullopt}}};
const OpMapping kNonZero{"NonZero", "NonZero", 3, {}, {{"output_type", std::string("i64")}}};

} // namespace

TEST_CASE("op mapping: a given attribute is converted to the fallback's type") {
    const Attributes a =
        frontends::mapped_attributes(kCumSum, MapSource({{"exclusive", std::int64_t{1}}}));
    CHECK(a.get_bool("exclusive") == true);
    CHECK(a.get_bool("reverse") == false); // the default fills what the node omits
}

TEST_CASE("op mapping: attributes are renamed") {
    const Attributes a = frontends::mapped_attributes(
        kReverseSequence,
        MapSource({{"time_axis", std::int64_t{1}}, {"batch_axis", std::int64_t{0}}}));
    CHECK(a.get_int("seq_axis") == 1);
    CHECK(a.get_int("batch_axis") == 0);
    CHECK(a.find("time_axis") == nullptr);
}

TEST_CASE("op mapping: fixed attributes are set whatever the node says") {
    const Attributes a = frontends::mapped_attributes(kNonZero, MapSource({}));
    CHECK(a.get_string("output_type") == "i64");
}

TEST_CASE("op mapping: a required attribute that is missing names the node and attribute") {
    CHECK_THROWS_WITH_AS(frontends::mapped_attributes(kEinsum, MapSource({})),
                         "node 'n': required attribute 'equation' is missing", Error);
    const Attributes a =
        frontends::mapped_attributes(kEinsum, MapSource({{"equation", std::string("ij,jk->ik")}}));
    CHECK(a.get_string("equation") == "ij,jk->ik");
}
