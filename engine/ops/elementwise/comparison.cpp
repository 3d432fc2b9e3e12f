// Comparisons (Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual: any type in, boolean out)
// and logical operations (LogicalAnd, LogicalOr, LogicalXor, LogicalNot: boolean in and out).
#include "engine/ops/elementwise/common.hpp"

namespace mo::ops::ew {
namespace {

void infer_comparison(Node& n) {
    const AutoBroadcast mode = auto_broadcast_of(n);
    merge_input_types(n, 0, 1);
    n.set_output(0, ElementType::boolean,
                 broadcast_shapes(n.input_shape(0), n.input_shape(1), mode));
}

void infer_logical(Node& n) {
    const AutoBroadcast mode = auto_broadcast_of(n);
    require_boolean(merge_input_types(n, 0, 1), "inputs");
    n.set_output(0, ElementType::boolean,
                 broadcast_shapes(n.input_shape(0), n.input_shape(1), mode));
}

// Op: template <class T> bool operator()(T, T) const. Booleans are compared as 0/1 bytes.
template <class Op> std::vector<Tensor> eval_comparison(std::span<const Tensor> in, Op op) {
    require_input_count(in, 2, 2);
    require_same_type(in[0], in[1]);
    const ElementType type = in[0].type();
    const ElementType ct = compute_type(type);
    const bool is_bool = type == ElementType::boolean;
    const Tensor a = is_bool ? normalized_bool(in[0]) : prepared(in[0], ct);
    const Tensor b = is_bool ? normalized_bool(in[1]) : prepared(in[1], ct);
    return {visit_numeric_or_bool(ct, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return binary_map<T, std::uint8_t>(a, b, ElementType::boolean,
                                           [op](T x, T y) -> std::uint8_t { return op(x, y); });
    })};
}

template <class Op> void add_comparison(OpRegistry& r, std::string type, Op op) {
    r.add(
        make_op(std::move(type), 1, 2, 2, {"auto_broadcast"}, infer_comparison,
                [op](const Node&, std::span<const Tensor> in) { return eval_comparison(in, op); }));
}

template <class Op> void add_logical(OpRegistry& r, std::string type, Op op) {
    r.add(make_op(std::move(type), 1, 2, 2, {"auto_broadcast"}, infer_logical,
                  [op](const Node&, std::span<const Tensor> in) {
                      require_input_count(in, 2, 2);
                      require_same_type(in[0], in[1]);
                      if (in[0].type() != ElementType::boolean) no_kernel_for(in[0].type());
                      const Tensor a = normalized_bool(in[0]);
                      const Tensor b = normalized_bool(in[1]);
                      return std::vector<Tensor>{
                          binary_map<std::uint8_t, std::uint8_t>(a, b, ElementType::boolean, op)};
                  }));
}

} // namespace

void register_comparison_ops(OpRegistry& r) {
    add_comparison(r, "Equal", [](auto a, auto b) { return a == b; });
    add_comparison(r, "NotEqual", [](auto a, auto b) { return a != b; });
    add_comparison(r, "Less", [](auto a, auto b) { return a < b; });
    add_comparison(r, "LessEqual", [](auto a, auto b) { return a <= b; });
    add_comparison(r, "Greater", [](auto a, auto b) { return a > b; });
    add_comparison(r, "GreaterEqual", [](auto a, auto b) { return a >= b; });

    // Inputs are normalized to 0/1 bytes, so bitwise operators are the logical ones.
    add_logical(r, "LogicalAnd",
                [](std::uint8_t a, std::uint8_t b) -> std::uint8_t { return a & b; });
    add_logical(r, "LogicalOr",
                [](std::uint8_t a, std::uint8_t b) -> std::uint8_t { return a | b; });
    add_logical(r, "LogicalXor",
                [](std::uint8_t a, std::uint8_t b) -> std::uint8_t { return a ^ b; });
    r.add(make_op(
        "LogicalNot", 1, 1, 1, {},
        [](Node& n) {
            require_boolean(n.input_type(0));
            n.set_output(0, ElementType::boolean, n.input_shape(0));
        },
        [](const Node&, std::span<const Tensor> in) {
            require_input_count(in, 1, 1);
            if (in[0].type() != ElementType::boolean) no_kernel_for(in[0].type());
            return std::vector<Tensor>{unary_map<std::uint8_t, std::uint8_t>(
                in[0], ElementType::boolean,
                [](std::uint8_t v) -> std::uint8_t { return v == 0 ? 1 : 0; })};
        }));
}

} // namespace mo::ops::ew
