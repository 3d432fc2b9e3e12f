// Attributes: typed access and copies that share their map until one of them changes.
#include "engine/core/attribute.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace mo;

namespace {

Attributes convolution_attrs() {
    Attributes a;
    a.set("strides", AttrValue(std::vector<std::int64_t>{2, 2}));
    a.set("auto_pad", "explicit");
    a.set("group", 4);
    return a;
}

} // namespace

TEST_CASE("a changed copy leaves the original as it was") {
    const Attributes original = convolution_attrs();
    Attributes copy = original;
    CHECK(copy == original);

    copy.set("strides", AttrValue(std::vector<std::int64_t>{1, 1}));
    CHECK(copy.get_ints("strides") == std::vector<std::int64_t>{1, 1});
    CHECK(original.get_ints("strides") == std::vector<std::int64_t>{2, 2});
    CHECK_FALSE(copy == original);

    Attributes other = original;
    other.erase("group");
    CHECK_FALSE(other.has("group"));
    CHECK(original.get_int("group") == 4);
    CHECK(other.size() == 2);
    CHECK(original.size() == 3);

    // Erasing a name that is not there changes nothing (and unshares nothing).
    Attributes same = original;
    same.erase("dilations");
    CHECK(same == original);
}

TEST_CASE("the original changed after copying leaves the copy as it was") {
    Attributes original = convolution_attrs();
    const Attributes copy = original;
    original.set("auto_pad", "same_upper");
    CHECK(copy.get_string("auto_pad") == "explicit");
    CHECK(original.get_string("auto_pad") == "same_upper");
}

TEST_CASE("empty attributes: lookups, iteration and equality") {
    Attributes none;
    CHECK(none.empty());
    CHECK(none.size() == 0);
    CHECK(none.begin() == none.end());
    CHECK(none.find("strides") == nullptr);
    CHECK_THROWS_AS(none.get_int("group"), InferenceError);
    CHECK(none.get_int("group", 1) == 1);
    none.erase("group");
    CHECK(none == Attributes{});
    none.set("group", 2);
    CHECK_FALSE(none == Attributes{});
    // Equal maps held separately compare equal by content.
    Attributes a = convolution_attrs(), b = convolution_attrs();
    CHECK(a == b);
}
