#pragma once
// Values of rule expressions (conditions, `let` arithmetic, attributes of new nodes) and the
// constant arithmetic on tensors, computed with the engine's reference kernels.
#include "engine/core/attribute.hpp"
#include "engine/core/element_type.hpp"
#include "engine/core/tensor.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace mo::rules {

struct Value;
using ValueList = std::vector<Value>;

struct Value {
    std::variant<std::monostate, bool, std::int64_t, double, std::string, ElementType, Tensor,
                 ValueList>
        v;

    Value() = default;
    Value(bool b) : v(b) {}
    Value(std::int64_t i) : v(i) {}
    Value(double d) : v(d) {}
    Value(std::string s) : v(std::move(s)) {}
    Value(ElementType t) : v(t) {}
    Value(Tensor t) : v(std::move(t)) {}
    Value(ValueList l) : v(std::move(l)) {}

    bool is_none() const { return v.index() == 0; }
    bool is_bool() const { return std::holds_alternative<bool>(v); }
    bool is_int() const { return std::holds_alternative<std::int64_t>(v); }
    bool is_number() const { return is_int() || std::holds_alternative<double>(v); }
    bool is_string() const { return std::holds_alternative<std::string>(v); }
    bool is_dtype() const { return std::holds_alternative<ElementType>(v); }
    bool is_tensor() const { return std::holds_alternative<Tensor>(v); }
    bool is_list() const { return std::holds_alternative<ValueList>(v); }
    const Tensor& tensor() const { return std::get<Tensor>(v); }
    const ValueList& list() const { return std::get<ValueList>(v); }

    std::string describe() const; // a short rendering for messages
};

// Raised when a value cannot be used as required (the rule does not apply; the message says why).
struct ValueError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

bool truthy(const Value& v);
double as_double(const Value& v);
std::int64_t as_int(const Value& v);
std::vector<std::int64_t> as_ints(const Value& v); // list of ints or an integer tensor of rank <= 1
std::string as_string(const Value& v);
ElementType as_dtype(const Value& v);
// Numbers become scalar tensors of `hint` (f32 when dynamic), lists become 1-D tensors.
Tensor as_tensor(const Value& v, ElementType hint = ElementType::dynamic);

Value from_attribute(const AttrValue& a);
AttrValue to_attribute(const Value& v);

// Equality of two values (numbers compare across int/float; tensors by content).
bool values_equal(const Value& a, const Value& b);

// Evaluates one operation with its reference kernel on constant inputs (latest opset version).
Tensor run_kernel(const std::string& type, const std::vector<Tensor>& inputs,
                  Attributes attrs = {});

// Arithmetic on values: numbers stay numbers; anything with a tensor becomes a tensor op.
Value arithmetic(const std::string& op, const Value& a, const Value& b);

} // namespace mo::rules
