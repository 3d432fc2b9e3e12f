// The shipped rule library: it loads, every rule has tests, and they all pass and verify.
#include "engine/rules/rule.hpp"
#include "engine/rules/rules.hpp"

#include <doctest/doctest.h>

#include <iostream>
#include <sstream>

using namespace mo::rules;

namespace {
RuleSet library() {
    const std::filesystem::path dir = std::filesystem::path(MO_SOURCE_DIR) / "rules";
    return load_rule_files(std::span<const std::filesystem::path>(&dir, 1));
}
} // namespace

TEST_CASE("the shipped rule library passes its embedded tests") {
    const RuleSet rules = library();
    CHECK(rules.size() >= 10);
    std::ostringstream out;
    const int failures = run_rule_tests(rules, out);
    if (failures) std::cerr << out.str();
    CHECK(failures == 0);
}

TEST_CASE("every shipped rule preserves results on random inputs") {
    const RuleSet rules = library();
    std::ostringstream out;
    const int failures = verify_rules(rules, out);
    if (failures) std::cerr << out.str();
    CHECK(failures == 0);
}

TEST_CASE("the JSON form of the library loads back to the same rules") {
    const RuleSet rules = library();
    const RuleSet again = load_rule_text(rules_to_json(rules), "library.rules.json");
    REQUIRE(again.size() == rules.size());
    for (std::size_t i = 0; i < rules.size(); ++i) CHECK(again.rules[i]->name == rules.rules[i]->name);
    std::ostringstream out;
    CHECK(run_rule_tests(again, out) == 0);
}
