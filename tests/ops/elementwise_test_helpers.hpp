#pragma once
// Helpers of the element-wise and reduction tests: build one op over constants or parameters,
// run inference and its reference kernel, compare numbers, and read ONNX test tensors.
#include "engine/core/graph.hpp"
#include "engine/eval/evaluator.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace mo::test {

// One op in its own graph.
struct OpUnderTest {
    std::unique_ptr<Graph> graph = std::make_unique<Graph>();
    Node* node = nullptr;
    ElementType type() const { return node->output_type(0); }
    const PartialShape& shape() const { return node->output_shape(0); }
};

// Builds `type` over Const inputs and runs inference.
inline OpUnderTest make_over_consts(const std::string& type, int opset,
                                    const std::vector<Tensor>& inputs, Attributes attrs = {}) {
    OpUnderTest t;
    std::vector<Output> outs;
    for (const Tensor& v : inputs) outs.push_back(t.graph->add_const(v).output(0));
    t.node = &t.graph->add(type, opset, outs, std::move(attrs));
    return t;
}

// Builds `type` over Parameters of the given descriptions (shape inference only).
struct ParamDesc {
    ElementType type;
    PartialShape shape;
};
inline OpUnderTest make_over_params(const std::string& type, int opset,
                                    const std::vector<ParamDesc>& inputs, Attributes attrs = {}) {
    OpUnderTest t;
    std::vector<Output> outs;
    int i = 0;
    for (const auto& d : inputs)
        outs.push_back(
            t.graph->add_parameter("in" + std::to_string(i++), d.type, d.shape).output(0));
    t.node = &t.graph->add(type, opset, outs, std::move(attrs));
    return t;
}

// Runs inference and the reference kernel of `type` on the given values; checks that the
// kernel's result agrees with the inferred type and shape.
inline Tensor run_op(const std::string& type, int opset, const std::vector<Tensor>& inputs,
                     Attributes attrs = {}) {
    OpUnderTest t = make_over_consts(type, opset, inputs, std::move(attrs));
    auto results = evaluate_node(*t.node, inputs);
    REQUIRE(results.size() == 1);
    CHECK(results[0].type() == t.type());
    CHECK(PartialShape(results[0].shape()) == t.shape());
    return results[0];
}

inline Attributes attrs_of(std::initializer_list<std::pair<std::string, AttrValue>> list) {
    Attributes a;
    for (const auto& [k, v] : list) a.set(k, v);
    return a;
}

template <class T> Tensor tensor(Shape shape, std::vector<T> values) {
    REQUIRE(static_cast<std::int64_t>(values.size()) == element_count(shape));
    return Tensor::from_vector<T>(std::move(shape), values);
}
inline Tensor f32(Shape shape, std::vector<float> v) {
    return tensor<float>(std::move(shape), v);
}
inline Tensor i32(Shape shape, std::vector<std::int32_t> v) {
    return tensor<std::int32_t>(std::move(shape), v);
}
inline Tensor i64(Shape shape, std::vector<std::int64_t> v) {
    return tensor<std::int64_t>(std::move(shape), v);
}
inline Tensor boolean(Shape shape, std::vector<bool> v) {
    return tensor<bool>(std::move(shape), std::move(v));
}

// Element-wise comparison with |a - e| <= atol + rtol * |e| (NaNs must match).
inline void check_close(const Tensor& actual, const std::vector<double>& expected,
                        double atol = 1e-5, double rtol = 1e-5) {
    REQUIRE(actual.size() == static_cast<std::int64_t>(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const double a = actual.value_as_double(static_cast<std::int64_t>(i));
        const double e = expected[i];
        INFO("element " << i << ": got " << a << ", expected " << e);
        if (std::isnan(e))
            CHECK(std::isnan(a));
        else if (std::isinf(e))
            CHECK(a == e);
        else
            CHECK(std::abs(a - e) <= atol + rtol * std::abs(e));
    }
}
inline void check_close(const Tensor& actual, const Tensor& expected, double atol = 1e-5,
                        double rtol = 1e-5) {
    CHECK(actual.shape() == expected.shape());
    check_close(actual, expected.to_doubles(), atol, rtol);
}
// Exact comparison of integer / boolean results.
inline void check_ints(const Tensor& actual, const std::vector<std::int64_t>& expected) {
    CHECK(actual.to_int64s() == expected);
}

// ---- ONNX test data (TensorProto .pb files), read with a minimal protobuf wire decoder ----
namespace onnx_pb {

class Reader {
public:
    Reader(const std::uint8_t* p, const std::uint8_t* end) : p_(p), end_(end) {}
    bool done() const { return p_ >= end_; }
    std::uint64_t varint() {
        std::uint64_t v = 0;
        for (int shift = 0; p_ < end_ && shift < 64; shift += 7) {
            const std::uint8_t b = *p_++;
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        FAIL("truncated varint");
        return v;
    }
    template <class T> T fixed() {
        T v;
        REQUIRE(end_ - p_ >= static_cast<std::ptrdiff_t>(sizeof(T)));
        std::memcpy(&v, p_, sizeof(T));
        p_ += sizeof(T);
        return v;
    }
    Reader bytes() {
        const auto n = static_cast<std::ptrdiff_t>(varint());
        REQUIRE(end_ - p_ >= n);
        Reader r(p_, p_ + n);
        p_ += n;
        return r;
    }
    void skip(int wire) {
        if (wire == 0)
            varint();
        else if (wire == 1)
            p_ += 8;
        else if (wire == 2)
            bytes();
        else if (wire == 5)
            p_ += 4;
        else
            FAIL("unsupported wire type");
    }
    const std::uint8_t* begin() const { return p_; }
    std::size_t size() const { return static_cast<std::size_t>(end_ - p_); }

private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
};

inline ElementType element_type(int onnx_type) {
    switch (onnx_type) {
    case 1:
        return ElementType::f32;
    case 2:
        return ElementType::u8;
    case 3:
        return ElementType::i8;
    case 4:
        return ElementType::u16;
    case 5:
        return ElementType::i16;
    case 6:
        return ElementType::i32;
    case 7:
        return ElementType::i64;
    case 9:
        return ElementType::boolean;
    case 10:
        return ElementType::f16;
    case 11:
        return ElementType::f64;
    case 12:
        return ElementType::u32;
    case 13:
        return ElementType::u64;
    default:
        FAIL("unsupported ONNX data type " << onnx_type);
        return ElementType::dynamic;
    }
}

// Reads a TensorProto (dims, data_type, and raw_data or the typed repeated fields).
inline Tensor read_tensor(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    const std::vector<std::uint8_t> buf((std::istreambuf_iterator<char>(in)),
                                        std::istreambuf_iterator<char>());
    Reader r(buf.data(), buf.data() + buf.size());
    Shape dims;
    int data_type = 0;
    std::vector<std::uint8_t> raw;
    std::vector<double> values; // from typed fields
    while (!r.done()) {
        const std::uint64_t key = r.varint();
        const int field = static_cast<int>(key >> 3);
        const int wire = static_cast<int>(key & 7);
        if (field == 1 && wire == 0)
            dims.push_back(static_cast<std::int64_t>(r.varint()));
        else if (field == 1 && wire == 2) {
            Reader p = r.bytes();
            while (!p.done()) dims.push_back(static_cast<std::int64_t>(p.varint()));
        } else if (field == 2 && wire == 0)
            data_type = static_cast<int>(r.varint());
        else if (field == 9 && wire == 2) {
            Reader p = r.bytes();
            raw.assign(p.begin(), p.begin() + p.size());
        } else if (field == 4 && wire == 2) {
            Reader p = r.bytes();
            while (!p.done()) values.push_back(p.fixed<float>());
        } else if (field == 10 && wire == 2) {
            Reader p = r.bytes();
            while (!p.done()) values.push_back(p.fixed<double>());
        } else if ((field == 5 || field == 7) && wire == 2) {
            Reader p = r.bytes();
            while (!p.done())
                values.push_back(static_cast<double>(static_cast<std::int64_t>(p.varint())));
        } else if (field == 11 && wire == 2) {
            Reader p = r.bytes();
            while (!p.done()) values.push_back(static_cast<double>(p.varint()));
        } else
            r.skip(wire);
    }
    const ElementType type = element_type(data_type);
    Tensor t(type, dims);
    if (!raw.empty()) {
        REQUIRE(raw.size() == t.byte_size());
        std::memcpy(t.mutable_raw(), raw.data(), raw.size());
    } else if (type == ElementType::f16) { // int32_data holds the half bits
        REQUIRE(static_cast<std::int64_t>(values.size()) == t.size());
        auto* p = reinterpret_cast<std::uint16_t*>(t.mutable_raw());
        for (std::size_t i = 0; i < values.size(); ++i)
            p[i] = static_cast<std::uint16_t>(values[i]);
    } else {
        REQUIRE(static_cast<std::int64_t>(values.size()) == t.size());
        for (std::size_t i = 0; i < values.size(); ++i)
            set_value_from_double(t, static_cast<std::int64_t>(i), values[i]);
    }
    return t;
}

inline std::string node_case(const std::string& name) {
    return "/usr/share/libonnx-testdata/data/node/" + name + "/test_data_set_0/";
}
inline Tensor input(const std::string& test, int i) {
    return read_tensor(node_case(test) + "input_" + std::to_string(i) + ".pb");
}
inline Tensor output(const std::string& test, int i = 0) {
    return read_tensor(node_case(test) + "output_" + std::to_string(i) + ".pb");
}

} // namespace onnx_pb
} // namespace mo::test
