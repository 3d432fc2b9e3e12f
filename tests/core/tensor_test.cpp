#include "engine/core/shape.hpp"
#include "engine/core/tensor.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

using namespace mo;

TEST_CASE("half precision conversion rounds to nearest even and saturates to inf") {
    CHECK(float_to_half(1.0f) == 0x3c00);
    CHECK(float_to_half(-2.0f) == 0xc000);
    CHECK(float_to_half(65504.0f) == 0x7bff);
    CHECK(float_to_half(70000.0f) == 0x7c00);
    CHECK(half_to_float(0x3555) == doctest::Approx(0.33325195f));
    CHECK(half_to_float(float_to_half(5.96046448e-08f)) == 5.96046448e-08f); // smallest subnormal
    // 1 + 2^-11 is exactly between two halves: ties to even (1.0).
    CHECK(float_to_half(1.0f + 1.0f / 2048.0f) == 0x3c00);
}

TEST_CASE("cast converts between element types with truncation toward zero") {
    Tensor f = Tensor::from_vector<float>({3}, {1.7f, -1.7f, 0.f});
    auto i = f.cast(ElementType::i32).to_int64s();
    CHECK(i == std::vector<std::int64_t>{1, -1, 0});
    auto b = f.cast(ElementType::boolean).to_int64s();
    CHECK(b == std::vector<std::int64_t>{1, 1, 0});
}

TEST_CASE("borrowed tensors share memory and refuse writes") {
    auto owner = std::make_shared<std::vector<float>>(std::vector<float>{1, 2, 3, 4});
    Tensor t = Tensor::borrowed(ElementType::f32, {2, 2}, owner, owner->data());
    CHECK(t.raw() == reinterpret_cast<const std::byte*>(owner->data()));
    CHECK_THROWS(t.mutable_raw());
    CHECK(t.to_doubles()[3] == 4.0);
}

TEST_CASE("numpy broadcasting of partial shapes") {
    auto s = broadcast_numpy(PartialShape{8, 1, 3}, PartialShape{4, 1});
    REQUIRE(s);
    CHECK(*s == PartialShape{8, 4, 3});
    CHECK_FALSE(broadcast_numpy(PartialShape{2, 3}, PartialShape{4}));
    auto d = broadcast_numpy(PartialShape{-1, 3}, PartialShape{5, 1});
    REQUIRE(d);
    CHECK(*d == PartialShape{5, 3});
}

TEST_CASE("borrowed tensors at unaligned addresses realign on typed access only") {
    // Floats stored one byte into a buffer, as weights sit inside a protobuf file.
    auto buffer = std::make_shared<std::vector<std::byte>>(1 + 3 * sizeof(float));
    const float values[3] = {1.5f, -2.0f, 3.25f};
    std::memcpy(buffer->data() + 1, values, sizeof(values));
    const std::byte* stored = buffer->data() + 1;
    Tensor t = Tensor::borrowed(ElementType::f32, {3}, buffer, stored);
    CHECK(t.bytes().data() == stored); // byte-wise view: no copy
    const Tensor copy = t;
    const auto data = t.data<float>();
    CHECK(reinterpret_cast<std::uintptr_t>(data.data()) % alignof(float) == 0);
    CHECK(data[0] == 1.5f);
    CHECK(data[1] == -2.0f);
    CHECK(data[2] == 3.25f);
    CHECK_FALSE(t.writable());
    CHECK(copy.bytes().data() == stored); // other copies keep the original storage
    CHECK(copy.equals(t));
}
