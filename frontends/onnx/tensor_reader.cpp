#include "frontends/onnx/tensor_reader.hpp"

#include "engine/core/error.hpp"
#include "frontends/onnx/external_data.hpp"

#include <cstring>
#include <string>
#include <string_view>

namespace mo::onnx_fe {
namespace {

using DT = onnx::TensorProto_DataType;

[[noreturn]] void fail(const onnx::TensorProto& proto, const std::string& message) {
    throw Error("tensor '" + proto.name() + "': " + message);
}

Shape shape_of(const onnx::TensorProto& proto) {
    Shape shape;
    shape.reserve(static_cast<std::size_t>(proto.dims_size()));
    std::int64_t count = 1;
    for (std::int64_t d : proto.dims()) {
        if (d < 0) fail(proto, "negative dimension " + std::to_string(d));
        if (d > 0 && count > (std::int64_t{1} << 40) / d) fail(proto, "too many elements");
        count *= d;
        shape.push_back(d);
    }
    return shape;
}

// Copies `values` (a repeated typed field) into a new tensor, converting each value with `convert`.
template <class Dst, class Field, class Convert>
Tensor from_field(const onnx::TensorProto& proto, ElementType type, const Shape& shape,
                  const Field& values, Convert convert) {
    const std::int64_t count = element_count(shape);
    if (values.size() != count)
        fail(proto, "holds " + std::to_string(values.size()) + " values for shape " +
                        to_string(shape) + " (" + std::to_string(count) + " elements)");
    Tensor t(type, shape);
    auto* out = reinterpret_cast<Dst*>(t.mutable_raw());
    for (int i = 0; i < values.size(); ++i) out[i] = convert(values.Get(i));
    return t;
}

template <class Dst, class Field>
Tensor from_field(const onnx::TensorProto& proto, ElementType type, const Shape& shape,
                  const Field& values) {
    return from_field<Dst>(proto, type, shape, values, [](auto v) { return static_cast<Dst>(v); });
}

Tensor from_typed_fields(const onnx::TensorProto& proto, ElementType type, const Shape& shape) {
    switch (proto.data_type()) {
    case DT::TensorProto_DataType_FLOAT:
        return from_field<float>(proto, type, shape, proto.float_data());
    case DT::TensorProto_DataType_DOUBLE:
        return from_field<double>(proto, type, shape, proto.double_data());
    case DT::TensorProto_DataType_INT64:
        return from_field<std::int64_t>(proto, type, shape, proto.int64_data());
    case DT::TensorProto_DataType_UINT64:
        return from_field<std::uint64_t>(proto, type, shape, proto.uint64_data());
    case DT::TensorProto_DataType_UINT32:
        return from_field<std::uint32_t>(proto, type, shape, proto.uint64_data());
    case DT::TensorProto_DataType_INT32:
        return from_field<std::int32_t>(proto, type, shape, proto.int32_data());
    case DT::TensorProto_DataType_INT16:
        return from_field<std::int16_t>(proto, type, shape, proto.int32_data());
    case DT::TensorProto_DataType_INT8:
        return from_field<std::int8_t>(proto, type, shape, proto.int32_data());
    case DT::TensorProto_DataType_UINT16:
        return from_field<std::uint16_t>(proto, type, shape, proto.int32_data());
    case DT::TensorProto_DataType_UINT8:
        return from_field<std::uint8_t>(proto, type, shape, proto.int32_data());
    case DT::TensorProto_DataType_BOOL:
        return from_field<bool>(proto, type, shape, proto.int32_data(),
                                [](std::int32_t v) { return v != 0; });
    case DT::TensorProto_DataType_FLOAT16:
    case DT::TensorProto_DataType_BFLOAT16: // int32_data holds the 16-bit patterns
        return from_field<std::uint16_t>(
            proto, type, shape, proto.int32_data(),
            [](std::int32_t v) { return static_cast<std::uint16_t>(v & 0xFFFF); });
    default:
        fail(proto, "unsupported data type " + onnx_type_name(proto.data_type()));
    }
}

Tensor from_raw_data(const onnx::TensorProto& proto, std::string_view raw, ElementType type,
                     const Shape& shape, const std::shared_ptr<const void>& owner) {
    const std::size_t expected = static_cast<std::size_t>(element_count(shape)) * byte_size(type);
    if (raw.size() != expected)
        fail(proto, "raw_data holds " + std::to_string(raw.size()) + " bytes, its shape " +
                        to_string(shape) + " of " + std::string(to_string(type)) + " needs " +
                        std::to_string(expected));
    // Borrowed even when unaligned: the writer copies bytes as they are, and the tensor realigns
    // itself only if a kernel reads it.
    if (owner && expected > 0 && type != ElementType::boolean)
        return Tensor::borrowed(type, shape, owner, raw.data());
    Tensor t(type, shape);
    if (expected > 0) std::memcpy(t.mutable_raw(), raw.data(), expected);
    if (type == ElementType::boolean) { // normalise stray non-0/1 bytes
        auto* p = reinterpret_cast<std::uint8_t*>(t.mutable_raw());
        for (std::size_t i = 0; i < expected; ++i) p[i] = p[i] != 0;
    }
    return t;
}

} // namespace

std::optional<ElementType> element_type_from_onnx(std::int32_t data_type) {
    switch (data_type) {
    case DT::TensorProto_DataType_FLOAT:
        return ElementType::f32;
    case DT::TensorProto_DataType_UINT8:
        return ElementType::u8;
    case DT::TensorProto_DataType_INT8:
        return ElementType::i8;
    case DT::TensorProto_DataType_UINT16:
        return ElementType::u16;
    case DT::TensorProto_DataType_INT16:
        return ElementType::i16;
    case DT::TensorProto_DataType_INT32:
        return ElementType::i32;
    case DT::TensorProto_DataType_INT64:
        return ElementType::i64;
    case DT::TensorProto_DataType_BOOL:
        return ElementType::boolean;
    case DT::TensorProto_DataType_FLOAT16:
        return ElementType::f16;
    case DT::TensorProto_DataType_DOUBLE:
        return ElementType::f64;
    case DT::TensorProto_DataType_UINT32:
        return ElementType::u32;
    case DT::TensorProto_DataType_UINT64:
        return ElementType::u64;
    case DT::TensorProto_DataType_BFLOAT16:
        return ElementType::bf16;
    default:
        return std::nullopt;
    }
}

std::string onnx_type_name(std::int32_t data_type) {
    if (onnx::TensorProto_DataType_IsValid(data_type))
        return onnx::TensorProto_DataType_Name(static_cast<DT>(data_type));
    return "#" + std::to_string(data_type);
}

Tensor tensor_from_proto(const onnx::TensorProto& proto, const TensorSource& source) {
    if (proto.has_segment()) fail(proto, "segmented tensors are not supported");
    const auto type = element_type_from_onnx(proto.data_type());
    if (!type) fail(proto, "unsupported data type " + onnx_type_name(proto.data_type()));
    const Shape shape = shape_of(proto);
    if (proto.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
        if (!source.external) fail(proto, "external data is not available here");
        return source.external->load(proto, *type, shape);
    }
    if (source.split) {
        if (auto it = source.split->raw_data.find(&proto); it != source.split->raw_data.end()) {
            const std::string_view raw(reinterpret_cast<const char*>(it->second.data()),
                                       it->second.size());
            return from_raw_data(proto, raw, *type, shape, source.split);
        }
    }
    if (proto.has_raw_data())
        return from_raw_data(proto, proto.raw_data(), *type, shape, source.owner);
    return from_typed_fields(proto, *type, shape);
}

} // namespace mo::onnx_fe
