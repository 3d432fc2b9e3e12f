// Robustness of the IR reader on damaged files: every mutation of a written IR must either load or
// fail with mo::Error, never crash or leak another exception type.
#include "frontends/ir/ir_reader.hpp"
#include "emit/ir_writer.hpp"
#include "emit_test_utils.hpp"

#include <doctest/doctest.h>

#include <random>

using namespace mo;
using mo::test::attrs;
using mo::test::Ints;
using mo::test::TempDir;

namespace {

void write_small_model(const std::filesystem::path& xml) {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{1, 2, 6, 6});
    std::vector<float> w(4 * 2 * 3 * 3, 0.5f);
    Node& wc = g.add_const(Tensor::from_vector<float>({4, 2, 3, 3}, w), "w");
    Node& conv = g.add("Convolution", 1, {x.output(0), wc.output(0)},
                       attrs({{"strides", Ints{1, 1}},
                              {"dilations", Ints{1, 1}},
                              {"pads_begin", Ints{1, 1}},
                              {"pads_end", Ints{1, 1}},
                              {"auto_pad", std::string("explicit")}}),
                       "conv");
    Node& shape = g.add_const(Tensor::from_vector<std::int64_t>({2}, {1, -1}), "shape");
    Node& flat = g.add("Reshape", 1, {conv.output(0), shape.output(0)},
                       attrs({{"special_zero", false}}), "flat");
    g.add_result(g.add("Relu", 1, {flat.output(0)}, {}, "relu").output(0), "out");
    ir::write_ir(g, xml, ir::WriteOptions{});
}

std::string outcome(const std::filesystem::path& xml) {
    try {
        auto g = ir::read_ir(xml);
        (void)g->node_count();
    } catch (const Error&) {
    } catch (const std::exception& e) {
        return std::string("non-mo exception: ") + e.what();
    }
    return {};
}

} // namespace

TEST_CASE("IR reader: mutated .xml and truncated .bin load or fail with mo::Error") {
    TempDir dir;
    const auto xml = dir / "m.xml";
    const auto bin = dir / "m.bin";
    write_small_model(xml);
    const std::string good_xml = test::read_file(xml);
    const std::string good_bin = test::read_file(bin);
    REQUIRE(outcome(xml).empty());

    std::mt19937 rng(2024);
    const std::string alphabet = "<>/=\" -019?abcdefxyz,.[]";
    for (int i = 0; i < 300; ++i) {
        std::string bytes = good_xml;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % bytes.size();
            switch (rng() % 3) {
            case 0:
                bytes[at] = alphabet[rng() % alphabet.size()];
                break;
            case 1:
                bytes.erase(at, 1 + rng() % 20);
                break;
            default:
                bytes.insert(at, 1, alphabet[rng() % alphabet.size()]);
            }
        }
        test::write_file(xml, bytes);
        const std::string bad = outcome(xml);
        CHECK_MESSAGE(bad.empty(), "xml mutation " << i << ": " << bad);
    }
    test::write_file(xml, good_xml);
    for (std::size_t cut = 0; cut < good_bin.size(); cut += 37) {
        test::write_file(bin, good_bin.substr(0, cut));
        const std::string bad = outcome(xml);
        CHECK_MESSAGE(bad.empty(), "bin truncated at " << cut << ": " << bad);
    }
}
