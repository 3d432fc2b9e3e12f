#include "engine/core/tensor.hpp"

#include "engine/core/error.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <string>

namespace mo {

std::uint16_t float_to_half(float f) {
    const std::uint32_t x = std::bit_cast<std::uint32_t>(f);
    const std::uint32_t sign = (x >> 16) & 0x8000u;
    const std::uint32_t abs = x & 0x7fffffffu;
    if (abs >= 0x7f800000u) // inf or nan
        return static_cast<std::uint16_t>(sign | 0x7c00u | (abs > 0x7f800000u ? 0x200u : 0u));
    if (abs >= 0x477ff000u) return static_cast<std::uint16_t>(sign | 0x7c00u); // overflow
    if (abs < 0x38800000u) {                                                   // subnormal / zero
        if (abs < 0x33000000u) return static_cast<std::uint16_t>(sign);
        const std::uint32_t exp = abs >> 23;
        const std::uint32_t mant = (abs & 0x7fffffu) | 0x800000u;
        const std::uint32_t shift = 126u - exp; // 14..24
        std::uint32_t h = mant >> shift;
        const std::uint32_t rem = mant & ((1u << shift) - 1u);
        const std::uint32_t half = 1u << (shift - 1u);
        if (rem > half || (rem == half && (h & 1u))) ++h;
        return static_cast<std::uint16_t>(sign | h);
    }
    std::uint32_t h = ((abs - 0x38000000u) >> 13);
    const std::uint32_t rem = abs & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u))) ++h;
    return static_cast<std::uint16_t>(sign | h);
}

float half_to_float(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
    const std::uint32_t exp = (h >> 10) & 0x1fu;
    const std::uint32_t mant = h & 0x3ffu;
    std::uint32_t bits;
    if (exp == 0) {
        if (mant == 0)
            bits = sign;
        else { // subnormal: value = mant * 2^-24
            const float v = std::ldexp(static_cast<float>(mant), -24);
            return sign ? -v : v;
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 112u) << 23) | (mant << 13);
    }
    return std::bit_cast<float>(bits);
}

std::uint16_t float_to_bfloat16(float f) {
    std::uint32_t x = std::bit_cast<std::uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u) return static_cast<std::uint16_t>((x >> 16) | 0x40u);
    x += 0x7fffu + ((x >> 16) & 1u);
    return static_cast<std::uint16_t>(x >> 16);
}

float bfloat16_to_float(std::uint16_t b) {
    return std::bit_cast<float>(static_cast<std::uint32_t>(b) << 16);
}

Tensor::Tensor(ElementType type, Shape shape) : shape_(std::move(shape)), type_(type) {
    for (auto d : shape_)
        if (d < 0) throw Error("tensor shape " + mo::to_string(shape_) + " has a negative dim");
    const std::size_t n = std::max<std::size_t>(byte_size(), 1);
    // One allocation for the bytes and the reference count (the rule engine makes several small
    // tensors per rewrite), in 8-byte words so that every element type is aligned.
    auto words = std::make_shared<std::uint64_t[]>((n + 7) / 8);
    const auto* bytes = reinterpret_cast<const std::byte*>(words.get());
    data_ = std::shared_ptr<const std::byte>(std::move(words), bytes);
    writable_ = true;
}

Tensor Tensor::borrowed(ElementType type, Shape shape, std::shared_ptr<const void> owner,
                        const void* data) {
    Tensor t;
    t.type_ = type;
    t.shape_ = std::move(shape);
    t.data_ =
        std::shared_ptr<const std::byte>(std::move(owner), static_cast<const std::byte*>(data));
    t.writable_ = false;
    return t;
}

const std::byte* Tensor::raw() const {
    const std::byte* p = data_.get();
    const std::size_t align = std::max<std::size_t>(mo::byte_size(type_), 1);
    if (reinterpret_cast<std::uintptr_t>(p) % align == 0) return p;
    std::shared_ptr<std::byte[]> buf(new std::byte[byte_size()]);
    std::memcpy(buf.get(), p, byte_size());
    data_ = std::shared_ptr<const std::byte>(buf, buf.get()); // this copy only; still read-only
    return data_.get();
}

std::byte* Tensor::mutable_raw() {
    if (!writable_) throw Error("internal: attempt to write a read-only (borrowed) tensor");
    return const_cast<std::byte*>(data_.get());
}

void Tensor::check_type(ElementType requested) const {
    if (requested != type_)
        throw Error("internal: tensor of type " + std::string(to_string(type_)) + " accessed as " +
                    std::string(to_string(requested)));
}

namespace {
template <class T> T load(const std::byte* p, std::int64_t i) {
    T v;
    std::memcpy(&v, p + i * static_cast<std::int64_t>(sizeof(T)), sizeof(T));
    return v;
}
} // namespace

double Tensor::value_as_double(std::int64_t i) const {
    const std::byte* p = raw();
    switch (type_) {
    case ElementType::boolean:
        return load<std::uint8_t>(p, i) != 0 ? 1.0 : 0.0;
    case ElementType::f16:
        return half_to_float(load<std::uint16_t>(p, i));
    case ElementType::bf16:
        return bfloat16_to_float(load<std::uint16_t>(p, i));
    case ElementType::f32:
        return load<float>(p, i);
    case ElementType::f64:
        return load<double>(p, i);
    case ElementType::i8:
        return load<std::int8_t>(p, i);
    case ElementType::i16:
        return load<std::int16_t>(p, i);
    case ElementType::i32:
        return load<std::int32_t>(p, i);
    case ElementType::i64:
        return static_cast<double>(load<std::int64_t>(p, i));
    case ElementType::u8:
        return load<std::uint8_t>(p, i);
    case ElementType::u16:
        return load<std::uint16_t>(p, i);
    case ElementType::u32:
        return load<std::uint32_t>(p, i);
    case ElementType::u64:
        return static_cast<double>(load<std::uint64_t>(p, i));
    default:
        throw Error("tensor of type " + std::string(to_string(type_)) + " is not numeric");
    }
}

std::int64_t Tensor::value_as_int64(std::int64_t i) const {
    const std::byte* p = raw();
    switch (type_) {
    case ElementType::i64:
        return load<std::int64_t>(p, i);
    case ElementType::u64:
        return static_cast<std::int64_t>(load<std::uint64_t>(p, i));
    case ElementType::i32:
        return load<std::int32_t>(p, i);
    case ElementType::u32:
        return load<std::uint32_t>(p, i);
    default: {
        const double d = value_as_double(i);
        if (std::isnan(d)) return 0;
        if (d >= 9.2e18) return INT64_MAX;
        if (d <= -9.2e18) return INT64_MIN;
        return static_cast<std::int64_t>(d);
    }
    }
}

std::vector<double> Tensor::to_doubles() const {
    std::vector<double> out(static_cast<std::size_t>(size()));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = value_as_double(static_cast<std::int64_t>(i));
    return out;
}

std::vector<std::int64_t> Tensor::to_int64s() const {
    std::vector<std::int64_t> out(static_cast<std::size_t>(size()));
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = value_as_int64(static_cast<std::int64_t>(i));
    return out;
}

namespace {
template <class T> void store(std::byte* p, std::int64_t i, T v) {
    std::memcpy(p + i * static_cast<std::int64_t>(sizeof(T)), &v, sizeof(T));
}

void store_int64(Tensor& t, std::int64_t i, std::int64_t v) {
    std::byte* p = t.mutable_raw();
    switch (t.type()) {
    case ElementType::i64:
        store<std::int64_t>(p, i, v);
        break;
    case ElementType::u64:
        store<std::uint64_t>(p, i, static_cast<std::uint64_t>(v));
        break;
    case ElementType::i32:
        store<std::int32_t>(p, i, static_cast<std::int32_t>(v));
        break;
    case ElementType::u32:
        store<std::uint32_t>(p, i, static_cast<std::uint32_t>(v));
        break;
    default:
        set_value_from_double(t, i, static_cast<double>(v));
    }
}
} // namespace

void set_value_from_double(Tensor& t, std::int64_t i, double v) {
    std::byte* p = t.mutable_raw();
    switch (t.type()) {
    case ElementType::boolean:
        store<std::uint8_t>(p, i, v != 0.0 ? 1 : 0);
        break;
    case ElementType::f16:
        store<std::uint16_t>(p, i, float_to_half(static_cast<float>(v)));
        break;
    case ElementType::bf16:
        store<std::uint16_t>(p, i, float_to_bfloat16(static_cast<float>(v)));
        break;
    case ElementType::f32:
        store<float>(p, i, static_cast<float>(v));
        break;
    case ElementType::f64:
        store<double>(p, i, v);
        break;
    case ElementType::i8:
        store<std::int8_t>(p, i, static_cast<std::int8_t>(v));
        break;
    case ElementType::i16:
        store<std::int16_t>(p, i, static_cast<std::int16_t>(v));
        break;
    case ElementType::i32:
        store<std::int32_t>(p, i, static_cast<std::int32_t>(v));
        break;
    case ElementType::i64:
        store<std::int64_t>(p, i, static_cast<std::int64_t>(v));
        break;
    case ElementType::u8:
        store<std::uint8_t>(p, i, static_cast<std::uint8_t>(v));
        break;
    case ElementType::u16:
        store<std::uint16_t>(p, i, static_cast<std::uint16_t>(v));
        break;
    case ElementType::u32:
        store<std::uint32_t>(p, i, static_cast<std::uint32_t>(v));
        break;
    case ElementType::u64:
        store<std::uint64_t>(p, i, static_cast<std::uint64_t>(v));
        break;
    default:
        throw Error("cannot store into tensor of type " + std::string(to_string(t.type())));
    }
}

Tensor Tensor::cast(ElementType to) const {
    if (to == type_) return *this;
    Tensor out(to, shape_);
    const std::int64_t n = size();
    const bool integer_path = (is_integral(type_) || type_ == ElementType::boolean) &&
                              (is_integral(to) || to == ElementType::boolean);
    for (std::int64_t i = 0; i < n; ++i) {
        if (to == ElementType::boolean)
            set_value_from_double(out, i, value_as_double(i) != 0.0);
        else if (integer_path)
            store_int64(out, i, value_as_int64(i));
        else if (is_integral(to)) {
            // float -> int truncates toward zero, as Convert does.
            const double d = value_as_double(i);
            store_int64(out, i, std::isfinite(d) ? static_cast<std::int64_t>(std::trunc(d)) : 0);
        } else
            set_value_from_double(out, i, value_as_double(i));
    }
    return out;
}

Tensor Tensor::reshaped(Shape shape) const {
    if (element_count(shape) != size())
        throw Error("cannot reshape tensor " + mo::to_string(shape_) + " to " +
                    mo::to_string(shape));
    Tensor t = *this;
    t.shape_ = std::move(shape);
    return t;
}

Tensor Tensor::clone() const {
    Tensor t(type_, shape_);
    if (byte_size()) std::memcpy(t.mutable_raw(), raw(), byte_size());
    return t;
}

bool Tensor::equals(const Tensor& o) const {
    return type_ == o.type_ && shape_ == o.shape_ &&
           (byte_size() == 0 || std::memcmp(raw(), o.raw(), byte_size()) == 0);
}

} // namespace mo
