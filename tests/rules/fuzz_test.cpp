// Robustness of the rules compiler on damaged rule files: every mutation of a shipped rule file
// must either load or fail with mo::Error (file:line:column), never crash or leak another
// exception type.
#include "engine/core/error.hpp"
#include "engine/rules/rules.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

using namespace mo;

TEST_CASE("rules: mutated rule files load or fail with mo::Error") {
    std::ifstream in(std::filesystem::path(MO_SOURCE_DIR) / "rules" / "fusion" / "linear.rules");
    const std::string good{std::istreambuf_iterator<char>(in), {}};
    REQUIRE(good.size() > 1000);
    std::mt19937 rng(7);
    const std::string alphabet = "()[]{},.:=|*+-/<>\" \nabcxyz019_";
    int errors = 0;
    for (int i = 0; i < 200; ++i) {
        std::string text = good;
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 3) {
            case 0:
                text[at] = alphabet[rng() % alphabet.size()];
                break;
            case 1:
                text.erase(at, 1 + rng() % 12);
                break;
            default:
                text.insert(at, 1, alphabet[rng() % alphabet.size()]);
            }
        }
        try {
            (void)rules::load_rule_text(text, "mutated.rules");
        } catch (const Error& e) {
            ++errors;
            CHECK_MESSAGE(std::string(e.what()).rfind("mutated.rules:", 0) == 0, e.what());
        } catch (const std::exception& e) {
            FAIL_CHECK("mutation " << i << ": non-mo exception: " << e.what());
        }
    }
    CHECK(errors > 100); // most damage is detected, and reported with the file name and position
}
