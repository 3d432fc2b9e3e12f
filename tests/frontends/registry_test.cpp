// The front-end registry: which front-end reads which file, and the errors for the others.
#include "engine/core/error.hpp"
#include "frontends/registry.hpp"

#include <doctest/doctest.h>

using namespace mo;
using frontends::select_frontend;

TEST_CASE("registry: the file ending picks the front-end, ONNX when none matches") {
    CHECK(select_frontend("", "net.onnx").name() == "onnx");
    CHECK(select_frontend("", "NET.ONNX").name() == "onnx");
    CHECK(select_frontend("", "ir/net.xml").name() == "ir");
    CHECK(select_frontend("", "model.bin.pt").name() == "onnx"); // ONNX files come with any ending
    CHECK(select_frontend("", "model").name() == "onnx");
}

TEST_CASE("registry: --framework overrides the ending") {
    CHECK(select_frontend("onnx", "net.xml").name() == "onnx");
    CHECK(select_frontend("ir", "net.onnx").name() == "ir");
}

TEST_CASE("registry: frameworks without a front-end yet are named, by ending or by flag") {
    CHECK_THROWS_WITH_AS(select_frontend("", "frozen.pb"),
                         "'frozen.pb': the tf front-end is not available yet", Error);
    CHECK_THROWS_WITH_AS(select_frontend("", "net.caffemodel"),
                         doctest::Contains("the caffe front-end"), Error);
    CHECK_THROWS_WITH_AS(select_frontend("", "net-0000.params"),
                         doctest::Contains("the mxnet front-end"), Error);
    CHECK_THROWS_WITH_AS(select_frontend("", "final.mdl"), doctest::Contains("the kaldi front-end"),
                         Error);
    CHECK_THROWS_WITH_AS(select_frontend("kaldi", "final.onnx"),
                         doctest::Contains("the kaldi front-end"), Error);
}

TEST_CASE("registry: an unknown framework lists the known ones") {
    CHECK_THROWS_WITH_AS(select_frontend("pytorch", "x.onnx"),
                         "unknown framework 'pytorch' (expected onnx, ir, tf, caffe, mxnet, kaldi)",
                         Error);
}

TEST_CASE("registry: every front-end has a unique name and endings that select it") {
    for (const frontends::FrontEnd* f : frontends::frontends()) {
        CHECK_FALSE(f->file_endings().empty());
        for (std::string_view ending : f->file_endings())
            CHECK(&select_frontend("", "model" + std::string(ending)) == f);
        for (const frontends::FrontEnd* g : frontends::frontends())
            CHECK((f == g || f->name() != g->name()));
    }
}

TEST_CASE("registry: read_model names a missing file and a directory") {
    CHECK_THROWS_WITH_AS(frontends::read_model({.model = "/no/such/net.onnx"}),
                         "input model file '/no/such/net.onnx' does not exist", Error);
    CHECK_THROWS_WITH_AS(frontends::read_model({.model = "/tmp"}),
                         "input model '/tmp' is a directory, not a model file", Error);
}
