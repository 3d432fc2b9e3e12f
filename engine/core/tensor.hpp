#pragma once
#include "engine/core/element_type.hpp"
#include "engine/core/shape.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace mo {

// IEEE half precision conversion (round to nearest even; overflow gives infinity).
std::uint16_t float_to_half(float f);
float half_to_float(std::uint16_t h);
// bfloat16 (upper half of a float, rounded to nearest even).
std::uint16_t float_to_bfloat16(float f);
float bfloat16_to_float(std::uint16_t b);

// A dense, row-major tensor. Copies share the same storage (cheap); storage is either owned
// (allocated here, writable) or borrowed from a larger buffer such as a parsed model file or a
// memory-mapped weights file, which the tensor keeps alive and never copies.
class Tensor {
public:
    Tensor() = default;
    // Zero-filled, owned, writable.
    Tensor(ElementType type, Shape shape);
    // Borrows `data` (which must hold shape's element count * byte_size(type) bytes, at any
    // address) and keeps `owner` alive as long as any copy of this tensor exists. Read-only.
    static Tensor borrowed(ElementType type, Shape shape, std::shared_ptr<const void> owner,
                           const void* data);
    template <class T> static Tensor from_vector(Shape shape, const std::vector<T>& values);
    template <class T> static Tensor scalar(T value) { return from_vector<T>({}, {value}); }

    bool valid() const { return type_ != ElementType::dynamic; }
    ElementType type() const { return type_; }
    const Shape& shape() const { return shape_; }
    std::int64_t size() const { return element_count(shape_); } // element count
    std::size_t byte_size() const {
        return static_cast<std::size_t>(size()) * mo::byte_size(type_);
    }
    bool writable() const { return writable_; }

    // The data, aligned for the element type. Borrowed bytes may sit at an unaligned address
    // (weights inside a protobuf file): they are then copied once, on first access through
    // raw()/data().
    const std::byte* raw() const;
    // The bytes where they are stored, without realignment: for byte-wise use (writing, hashing).
    std::span<const std::byte> bytes() const { return {data_.get(), byte_size()}; }
    std::byte* mutable_raw(); // throws Error on a borrowed tensor

    template <class T> std::span<const T> data() const {
        check_type(element_type_of<T>());
        return {reinterpret_cast<const T*>(raw()), static_cast<std::size_t>(size())};
    }
    template <class T> std::span<T> mutable_data() {
        check_type(element_type_of<T>());
        return {reinterpret_cast<T*>(mutable_raw()), static_cast<std::size_t>(size())};
    }

    // Values converted to double / int64 from any numeric element type (f16/bf16 included).
    double value_as_double(std::int64_t index) const;
    std::int64_t value_as_int64(std::int64_t index) const;
    std::vector<double> to_doubles() const;
    std::vector<std::int64_t> to_int64s() const;
    // Element type conversion (a new owned tensor); same-type cast returns *this.
    Tensor cast(ElementType to) const;
    // Same storage, new shape with the same element count.
    Tensor reshaped(Shape shape) const;
    // A writable deep copy.
    Tensor clone() const;
    // Element-wise equality of type, shape and bytes.
    bool equals(const Tensor& other) const;

private:
    void check_type(ElementType requested) const;

    // In this order, 48 bytes (every graph node holds one).
    Shape shape_;
    mutable std::shared_ptr<const std::byte> data_; // mutable: raw() may realign a borrowed buffer
    ElementType type_ = ElementType::dynamic;
    bool writable_ = false;
};

template <class T> Tensor Tensor::from_vector(Shape shape, const std::vector<T>& values) {
    Tensor t(element_type_of<T>(), std::move(shape));
    auto out = t.mutable_data<T>();
    for (std::size_t i = 0; i < out.size() && i < values.size(); ++i) out[i] = values[i];
    return t;
}

// Writes a scalar value (given as double) into element `index` of a numeric tensor.
void set_value_from_double(Tensor& t, std::int64_t index, double value);

} // namespace mo
