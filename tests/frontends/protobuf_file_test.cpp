// Protobuf loading shared by the front-ends: binary files with limits, text files with positions.
#include "../emit/emit_test_utils.hpp"
#include "engine/core/error.hpp"
#include "frontends/common/protobuf_file.hpp"

#include <onnx/onnx_pb.h>

#include <doctest/doctest.h>

using namespace mo;
using mo::test::TempDir;
using mo::test::write_file;

TEST_CASE("protobuf text: a message is read from its text form") {
    TempDir dir;
    write_file(dir / "t.pbtxt", "name: \"w\"\ndims: 2\ndims: 3\ndata_type: 1\n");
    onnx::TensorProto t;
    frontends::parse_text_protobuf(dir / "t.pbtxt", t);
    CHECK(t.name() == "w");
    REQUIRE(t.dims_size() == 2);
    CHECK(t.dims(1) == 3);
    CHECK(t.data_type() == 1);
}

TEST_CASE("protobuf text: an unknown field is an error with the file, line and column") {
    TempDir dir;
    write_file(dir / "bad.pbtxt", "name: \"w\"\n  dimz: 2\n");
    onnx::TensorProto t;
    const std::string where = (dir / "bad.pbtxt").string() + ":2:";
    CHECK_THROWS_WITH_AS(frontends::parse_text_protobuf(dir / "bad.pbtxt", t),
                         doctest::Contains(where.c_str()), Error);
    CHECK_THROWS_WITH_AS(frontends::parse_text_protobuf(dir / "bad.pbtxt", t),
                         doctest::Contains("dimz"), Error);
    CHECK_THROWS_WITH_AS(frontends::parse_text_protobuf(dir / "none.pbtxt", t),
                         doctest::Contains("no such file"), Error);
}

TEST_CASE("protobuf binary: whole messages parse, truncated ones and empty files are named") {
    TempDir dir;
    onnx::TensorProto t;
    t.set_name("weights");
    t.add_dims(4);
    t.set_raw_data(std::string(16, '\x01'));
    const std::string bytes = t.SerializeAsString();
    write_file(dir / "t.pb", bytes);
    const auto file = frontends::map_protobuf_file(dir / "t.pb", "a tensor");
    onnx::TensorProto back;
    frontends::parse_binary_protobuf(dir / "t.pb", file->bytes(), back, "a tensor");
    CHECK(back.name() == "weights");
    CHECK(back.raw_data().size() == 16);

    const auto cut = file->bytes().first(bytes.size() - 3);
    CHECK_THROWS_WITH_AS(
        frontends::parse_binary_protobuf(dir / "t.pb", cut, back, "a tensor"),
        doctest::Contains("t.pb: not a tensor (the protobuf is malformed or truncated)"), Error);

    write_file(dir / "empty.pb", "");
    CHECK_THROWS_WITH_AS(frontends::map_protobuf_file(dir / "empty.pb", "a tensor"),
                         doctest::Contains("empty.pb: empty file, not a tensor"), Error);
}
