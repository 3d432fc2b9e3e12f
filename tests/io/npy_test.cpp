#include "engine/io/npy.hpp"
#include "../emit/emit_test_utils.hpp"

#include <doctest/doctest.h>

#include <cstring>

using namespace mo;
using namespace mo::io;
using mo::test::TempDir;

namespace {

// A .npy file as numpy writes it: magic, version, little-endian header length, the dict padded
// with spaces to a 64-byte boundary and ended by '\n', then raw data.
std::string npy_bytes(int major, const std::string& dict, const std::string& data) {
    const std::size_t prefix = major == 1 ? 10 : 12;
    std::string header = dict;
    const std::size_t total = (prefix + header.size() + 1 + 63) / 64 * 64;
    header.append(total - prefix - header.size() - 1, ' ');
    header += '\n';
    std::string out = "\x93NUMPY";
    out += static_cast<char>(major);
    out += '\0';
    const std::size_t len = header.size();
    out += static_cast<char>(len & 0xff);
    out += static_cast<char>((len >> 8) & 0xff);
    if (major != 1) out += std::string(2, '\0');
    return out + header + data;
}

template <class T> std::string raw(const std::vector<T>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

template <class T> void check_round_trip(std::vector<T> values, Shape shape) {
    TempDir dir;
    const Tensor t = Tensor::from_vector<T>(shape, values);
    write_npy(dir / "t.npy", t);
    const Tensor back = read_npy(dir / "t.npy");
    CHECK(back.type() == element_type_of<T>());
    CHECK(back.shape() == shape);
    const auto got = back.data<T>();
    REQUIRE(got.size() == values.size());
    for (std::size_t i = 0; i < values.size(); ++i) CHECK(got[i] == values[i]);
    // numpy aligns the data to 64 bytes.
    CHECK(test::read_file(dir / "t.npy").size() % 64 == (values.size() * sizeof(T)) % 64);
}

} // namespace

TEST_CASE("npy round trip of every supported dtype") {
    check_round_trip<float>({1.5f, -2.25f, 3e-8f, 1e30f, 0.f, -0.f}, {2, 3});
    check_round_trip<double>({1.0 / 3, -1e300}, {2});
    check_round_trip<std::int8_t>({-128, 127, 0}, {3});
    check_round_trip<std::int16_t>({-32768, 32767}, {1, 2});
    check_round_trip<std::int32_t>({-2147483647 - 1, 2147483647, 5}, {3, 1});
    check_round_trip<std::int64_t>({INT64_MIN, INT64_MAX}, {2, 1, 1});
    check_round_trip<std::uint8_t>({0, 255, 7}, {3});
    check_round_trip<std::uint16_t>({0, 65535}, {2});
    check_round_trip<std::uint32_t>({4294967295u, 1}, {2});
    check_round_trip<std::uint64_t>({UINT64_MAX, 0}, {2});
    check_round_trip<bool>({true, false, true, true}, {2, 2});
    check_round_trip<float>({42.f}, {});        // scalar
    check_round_trip<std::int32_t>({}, {0, 3}); // empty
}

TEST_CASE("npy f16 round trip keeps the half bits") {
    TempDir dir;
    Tensor t(ElementType::f16, {3});
    auto* p = reinterpret_cast<std::uint16_t*>(t.mutable_raw());
    p[0] = 0x3C00; // 1.0
    p[1] = 0xC000; // -2.0
    p[2] = 0x7BFF; // 65504
    write_npy(dir / "h.npy", t);
    const std::string file = test::read_file(dir / "h.npy");
    CHECK(file.find("'descr': '<f2'") != std::string::npos);
    const Tensor back = read_npy(dir / "h.npy");
    CHECK(back.type() == ElementType::f16);
    CHECK(back.value_as_double(0) == 1.0);
    CHECK(back.value_as_double(1) == -2.0);
    CHECK(back.value_as_double(2) == 65504.0);
}

TEST_CASE("npy header written exactly as numpy writes it") {
    TempDir dir;
    write_npy(dir / "a.npy", Tensor(ElementType::f32, {2, 3}));
    const std::string file = test::read_file(dir / "a.npy");
    // numpy.save(np.zeros((2, 3), np.float32)): version 1.0, header length 118 (0x76).
    const std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    REQUIRE(file.size() == 128 + 24);
    CHECK(file.substr(0, 10) == std::string("\x93NUMPY\x01\x00\x76\x00", 10));
    CHECK(file.substr(10, dict.size()) == dict);
    CHECK(file[127] == '\n');
    CHECK(file.substr(10 + dict.size(), 127 - 10 - dict.size()) ==
          std::string(127 - 10 - dict.size(), ' '));

    write_npy(dir / "b.npy", Tensor::from_vector<std::uint8_t>({4}, {1, 2, 3, 4}));
    CHECK(test::read_file(dir / "b.npy")
              .substr(10)
              .starts_with("{'descr': '|u1', 'fortran_order': False, 'shape': (4,), }  "));
    write_npy(dir / "c.npy", Tensor::scalar<bool>(true));
    CHECK(test::read_file(dir / "c.npy")
              .substr(10)
              .starts_with("{'descr': '|b1', 'fortran_order': False, 'shape': (), }  "));
}

TEST_CASE("npy files in numpy's layout are read: versions 1.0 and 2.0, key order, bool") {
    TempDir dir;
    const std::vector<float> f{1.f, 2.f, 3.f, 4.f, 5.f, 6.f};
    test::write_file(
        dir / "v1.npy",
        npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", raw(f)));
    Tensor t = read_npy(dir / "v1.npy");
    CHECK(t.type() == ElementType::f32);
    CHECK(t.shape() == Shape{3, 2});
    CHECK(t.data<float>()[5] == 6.f);

    const std::vector<std::int64_t> i{-5, 9};
    test::write_file(
        dir / "v2.npy",
        npy_bytes(2, "{'shape': (2,), 'fortran_order': False, 'descr': '<i8'}", raw(i)));
    t = read_npy(dir / "v2.npy");
    CHECK(t.type() == ElementType::i64);
    CHECK(t.shape() == Shape{2});
    CHECK(t.data<std::int64_t>()[0] == -5);
    CHECK(t.data<std::int64_t>()[1] == 9);

    test::write_file(dir / "b.npy",
                     npy_bytes(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }",
                               std::string("\x01\x00\x01", 3)));
    t = read_npy(dir / "b.npy");
    CHECK(t.type() == ElementType::boolean);
    CHECK(t.data<bool>()[0]);
    CHECK_FALSE(t.data<bool>()[1]);
    CHECK(t.data<bool>()[2]);

    // Byte order does not matter for one-byte types.
    test::write_file(dir / "i1.npy",
                     npy_bytes(1, "{'descr': '>i1', 'fortran_order': False, 'shape': (2,), }",
                               std::string("\xff\x02", 2)));
    t = read_npy(dir / "i1.npy");
    CHECK(t.type() == ElementType::i8);
    CHECK(t.data<std::int8_t>()[0] == -1);
}

TEST_CASE("npy errors are clear and name the file") {
    TempDir dir;
    const auto expect_error = [&](const std::string& name, const std::string& bytes,
                                  const std::string& fragment) {
        test::write_file(dir / name, bytes);
        try {
            read_npy(dir / name);
            FAIL("no error for " << name);
        } catch (const Error& e) {
            const std::string what = e.what();
            CHECK_MESSAGE(what.find(fragment) != std::string::npos, what);
            CHECK_MESSAGE(what.find(name) != std::string::npos, what);
        }
    };
    const std::string four_floats(16, '\0');
    expect_error(
        "fortran.npy",
        npy_bytes(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", four_floats),
        "Fortran");
    expect_error(
        "big.npy",
        npy_bytes(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2), }", four_floats),
        "big-endian");
    expect_error(
        "complex.npy",
        npy_bytes(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", four_floats),
        "unsupported dtype");
    expect_error(
        "short.npy",
        npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", four_floats),
        "truncated data");
    expect_error("magic.npy", "PK\x03\x04 not numpy at all", "bad magic");
    expect_error("version.npy",
                 npy_bytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", "abcd")
                     .replace(6, 1, "\x07"),
                 "format version 7.0");
    expect_error("nokey.npy", npy_bytes(1, "{'descr': '<f4', 'shape': (1,), }", "abcd"),
                 "fortran_order");
    expect_error("header.npy", std::string("\x93NUMPY\x01\x00\xff\x00{'descr'", 18),
                 "truncated header");
    CHECK_THROWS_AS(read_npy(dir / "missing.npy"), Error);
    CHECK_THROWS_WITH_AS(write_npy(dir / "s.npy", Tensor(ElementType::bf16, {2})),
                         doctest::Contains("bf16"), Error);
    CHECK_THROWS_AS(write_npy(dir / "no_such_dir" / "x.npy", Tensor(ElementType::f32, {1})), Error);
}
