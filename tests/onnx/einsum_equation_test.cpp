// Einsum equations reach the IR in the explicit, space-free form OpenVINO's Einsum-7 reads.
#include "frontends/onnx/onnx_frontend.hpp"
#include "frontends/onnx/ops/einsum_equation.hpp"
#include "onnx_model_builder.hpp"

#include <doctest/doctest.h>

using namespace mo;
using namespace mo::test;
using mo::onnx_fe::ops::canonical_einsum_equation;

TEST_CASE("einsum equation: spaces removed, explicit output kept as written") {
    CHECK(canonical_einsum_equation("...ii ->...i") == "...ii->...i");
    CHECK(canonical_einsum_equation(" ij , jk -> ik ") == "ij,jk->ik");
    CHECK(canonical_einsum_equation("ij->ji") == "ij->ji");
    CHECK(canonical_einsum_equation("ii->") == "ii->");
}

TEST_CASE("einsum equation: implicit output is the labels used once, alphabetically") {
    CHECK(canonical_einsum_equation("i,i") == "i,i->"); // inner product: a scalar
    CHECK(canonical_einsum_equation("ii") == "ii->");   // trace
    CHECK(canonical_einsum_equation("ij,jk") == "ij,jk->ik");
    CHECK(canonical_einsum_equation("ba") == "ba->ab"); // implicit mode sorts: a transpose
    CHECK(canonical_einsum_equation("bB") == "bB->Bb"); // upper case first
    CHECK(canonical_einsum_equation("ij") == "ij->ij");
    CHECK(canonical_einsum_equation("i,j") == "i,j->ij"); // outer product
    // The ellipsis leads the output whenever an input has one.
    CHECK(canonical_einsum_equation("...ij,...jk") == "...ij,...jk->...ik");
    CHECK(canonical_einsum_equation("b...i, b...j") == "b...i,b...j->...ij"); // b summed
}

TEST_CASE("einsum equation: the ONNX front-end writes the canonical form, same shapes") {
    ModelBuilder m(12);
    m.input("a", {3, 3}).input("v", {4}).input("w", {4});
    m.node("Einsum", {"a"}, {"diag"}, {attr_string("equation", "ii ->i")}, "diag");
    m.node("Einsum", {"v", "w"}, {"dot"}, {attr_string("equation", "i,i")}, "dot");
    m.node("Einsum", {"a"}, {"t"}, {attr_string("equation", "ji")}, "t");
    m.output("diag").output("dot").output("t");
    TempDir dir;
    const auto g = onnx_fe::load_model(m.save(dir));
    std::map<std::string, const Node*> by_name;
    for (const Node* n : g->nodes())
        if (n->type() == "Einsum") by_name[n->name] = n;
    REQUIRE(by_name.size() == 3);
    CHECK(by_name["diag"]->attrs.get_string("equation") == "ii->i");
    CHECK(by_name["diag"]->output_shape(0) == PartialShape{3});
    CHECK(by_name["dot"]->attrs.get_string("equation") == "i,i->");
    CHECK(by_name["dot"]->output_shape(0) == PartialShape(Shape{}));
    CHECK(by_name["t"]->attrs.get_string("equation") == "ji->ij");
    CHECK(by_name["t"]->opset() == 7);
}
