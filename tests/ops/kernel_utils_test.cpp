// require(): a failed check throws InferenceError with its message; a lazy message is built only
// when the check fails.
#include "engine/ops/kernel_utils.hpp"

#include <doctest/doctest.h>

using mo::InferenceError;
using mo::ops::require;

TEST_CASE("require builds a lazy message only when the check fails") {
    int built = 0;
    auto message = [&] {
        ++built;
        return std::string("rank ") + std::to_string(3) + " is not 4";
    };
    CHECK_NOTHROW(require(true, message));
    CHECK(built == 0);
    CHECK_THROWS_WITH_AS(require(false, message), "rank 3 is not 4", InferenceError);
    CHECK(built == 1);
    CHECK_THROWS_WITH_AS(require(false, "plain message"), "plain message", InferenceError);
}
