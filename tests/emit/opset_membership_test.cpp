// version="opsetN" names an opset that holds the layer's type and version: the membership table
// (engine/core/opset_membership) against every op the writer can emit, and the writer and reader.
#include "emit/ir_writer.hpp"
#include "emit/layer_opset.hpp"
#include "emit_test_utils.hpp"
#include "engine/core/op_registry.hpp"
#include "engine/core/opset_membership.hpp"
#include "frontends/ir/ir_reader.hpp"

#include <doctest/doctest.h>
#include <pugixml.hpp>

#include <cctype>
#include <string>
#include <utility>
#include <vector>

using namespace mo;
using mo::test::TempDir;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The forms emit/legacy_ops.cpp writes for IR v10 in place of ops newer than opset7.
const std::vector<std::pair<std::string, int>> kLegacyForms = {
    {"SoftMax", 1},  {"MaxPool", 1},
    {"AvgPool", 1},  {"Gather", 7},
    {"GatherND", 5}, {"TopK", 3},
    {"Pad", 1},      {"ScatterElementsUpdate", 3},
    {"ROIAlign", 3}, {"DeformableConvolution", 1},
};

// The opset the writer names for a layer of that type and version (the node only lends its name
// to messages).
int written_opset(const std::string& type, int version, int ir_version) {
    Graph g;
    const Node& n = g.add_parameter("n", ElementType::f32, PartialShape{1});
    const ir::IrForm form{type, version, {}, 1};
    return ir::layer_opset(n, form, ir_version);
}

} // namespace

TEST_CASE("membership table: rows are ordered, ranges valid, one version per type and opset") {
    const auto rows = opset_membership();
    REQUIRE(rows.size() > 200);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const OpsetMembership& m = rows[i];
        CAPTURE(std::string(m.type));
        CHECK(m.first_opset >= 1);
        CHECK(m.first_opset <= m.last_opset);
        CHECK(m.last_opset <= kNewestOpset);
        CHECK(m.version <= m.first_opset); // an op version never predates its number
        if (i == 0) continue;
        const OpsetMembership& prev = rows[i - 1];
        const auto key = std::make_pair(lower(m.type), m.version);
        const auto prev_key = std::make_pair(lower(prev.type), prev.version);
        CHECK(prev_key < key);
        if (lower(prev.type) == lower(m.type)) CHECK(prev.last_opset < m.first_opset);
    }
}

TEST_CASE("membership table: the facts the runtime's IR reader checks") {
    // Spec pages named *-3 whose ops first appear in opset4.
    for (const char* type : {"Acosh", "Asinh", "Atanh", "ScatterNDUpdate"}) {
        CAPTURE(type);
        CHECK_FALSE(opset_contains(3, type, 3));
        CHECK(opset_contains(4, type, 3));
        CHECK(first_opset_containing(type, 3) == 4);
    }
    // The runtime reads Reverse only as opset1 (its spec pages say opset3).
    CHECK(first_opset_containing("Reverse", 1) == 1);
    CHECK_FALSE(opset_contains(3, "Reverse", 1));
    CHECK(first_opset_containing("ShuffleChannels", 1) == 3);
    CHECK(first_opset_containing("MVN", 1) == 2);
    CHECK(first_opset_containing("Convolution", 1) == 1);
    CHECK(first_opset_containing("Softmax", 8) == 8); // the spec's SoftMax, any case
    CHECK(first_opset_containing("Const", 1) == 1);   // the IR's name for Constant
    CHECK(first_opset_containing("ScatterNDUpdate", 15) == 15);
    CHECK_FALSE(first_opset_containing("Acosh", 4));
    CHECK_FALSE(first_opset_containing("NoSuchOp", 1));

    CHECK(version_in_opset("Acosh", 4) == 3);
    CHECK_FALSE(version_in_opset("Acosh", 3));
    CHECK(version_in_opset("Gather", 6) == 1);
    CHECK(version_in_opset("Gather", 7) == 7);
    CHECK(version_in_opset("Gather", 8) == 8);
    CHECK(version_in_opset("ScatterNDUpdate", 14) == 3);
    CHECK(version_in_opset("ScatterNDUpdate", 15) == 15);
}

TEST_CASE("every op the writer can emit names an opset that holds it") {
    std::vector<std::pair<std::string, int>> forms = kLegacyForms;
    for (const OpDef* def : op_registry().all()) forms.emplace_back(def->type, def->opset);
    for (const auto& [type, version] : forms) {
        CAPTURE(type);
        CAPTURE(version);
        const auto first = first_opset_containing(type, version);
        REQUIRE(first.has_value());
        for (int ir_version : {10, 11}) {
            if (ir_version == 10 && *first > ir::kMaxOpsetV10) continue; // refused, tested below
            const int opset = written_opset(type, version, ir_version);
            CHECK(opset_contains(opset, type, version));
            // Unchanged where the op's own number already named a holding opset.
            if (opset_contains(version, type, version))
                CHECK(opset == version);
            else
                CHECK(opset == *first);
        }
    }
    // Every legacy (IR v10) form is itself in opset1..opset7.
    for (const auto& [type, version] : kLegacyForms) {
        CAPTURE(type);
        CHECK(written_opset(type, version, 10) <= ir::kMaxOpsetV10);
    }
}

TEST_CASE("IR v10 refuses an op whose first opset is newer than opset7") {
    CHECK_THROWS_WITH_AS(written_opset("Slice", 8, 10),
                         "cannot write node 'n' in IR v10: Slice-8 first appears in opset8, "
                         "newer than opset7 (use IR v11)",
                         Error);
    CHECK(written_opset("Slice", 8, 11) == 8);
    CHECK_THROWS_WITH_AS(written_opset("Foo", 3, 11),
                         "cannot write node 'n': Foo-3 is in no OpenVINO opset (opset1..opset15)",
                         Error);
}

TEST_CASE("Acosh-3 is written as opset4 and read back as Acosh-3") {
    Graph g;
    Node& x = g.add_parameter("x", ElementType::f32, PartialShape{2, 3});
    Node& a = g.add("Acosh", 3, {x.output(0)}, {}, "acosh");
    g.add_result(a.output(0), "y");
    TempDir dir;
    for (int ir_version : {10, 11}) {
        CAPTURE(ir_version);
        const auto xml = dir / ("m" + std::to_string(ir_version) + ".xml");
        ir::write_ir(g, xml, {.ir_version = ir_version});
        pugi::xml_document doc;
        REQUIRE(doc.load_file(xml.c_str()));
        pugi::xml_node layer =
            doc.child("net").child("layers").find_child_by_attribute("layer", "type", "Acosh");
        REQUIRE(layer);
        CHECK(std::string(layer.attribute("version").value()) == "opset4");

        const auto back = ir::read_ir(xml);
        const Node* read = nullptr;
        for (const Node* n : back->nodes())
            if (n->type() == "Acosh") read = n;
        REQUIRE(read != nullptr);
        CHECK(read->opset() == 3);
        CHECK(read->def() != nullptr);
        CHECK(read->output_shape(0) == PartialShape{2, 3});
    }
}
