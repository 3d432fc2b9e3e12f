// Activations whose parameters are inputs: PRelu-1 (slope tensor), Selu-1 (alpha, lambda),
// HardSigmoid-1 (alpha, beta), Swish-4 (optional beta). All floating-point.
#include "engine/ops/elementwise/unary.hpp"

#include <algorithm>
#include <cmath>

namespace mo::ops::ew {
namespace {

// Data is input 0; inputs 1.. are one-element parameters of the same type.
void infer_with_scalar_params(Node& n, std::initializer_list<std::string_view> names) {
    require_floating(n.input_type(0));
    std::size_t i = 1;
    for (std::string_view name : names) {
        if (i >= n.input_count()) break;
        merge_input_types(n, 0, i);
        require_single_element(n, i, name);
        ++i;
    }
    n.set_output(0, n.input_type(0), n.input_shape(0));
}

// ---- PRelu ----
// The spec's channel rule: a 1-D slope whose length equals data's dim 1 applies per channel;
// any other slope broadcasts with NumPy rules.
bool is_per_channel(const PartialShape& data, const PartialShape& slope) {
    return data.rank_known() && slope.rank_known() && data.rank() >= 2 && slope.rank() == 1 &&
           slope[0] >= 0 && slope[0] == data[1];
}

// Slope shape aligned for NumPy broadcasting against data.
Shape aligned_slope_shape(const Shape& data, const Shape& slope) {
    if (!is_per_channel(PartialShape(data), PartialShape(slope))) return slope;
    Shape s(data.size() - 1, 1);
    s[0] = slope[0];
    return s;
}

void infer_prelu(Node& n) {
    const ElementType t = merge_input_types(n, 0, 1);
    require_floating(t, "inputs");
    const PartialShape& data = n.input_shape(0);
    const PartialShape& slope = n.input_shape(1);
    if (data.is_static() && slope.is_static()) {
        const Shape aligned = aligned_slope_shape(data.to_shape(), slope.to_shape());
        auto b = broadcast_numpy(data, PartialShape(aligned));
        require(b && *b == data, "slope shape " + slope.to_string() +
                                     " does not broadcast to data shape " + data.to_string());
    }
    n.set_output(0, t, data);
}

std::vector<Tensor> eval_prelu(std::span<const Tensor> in) {
    require_input_count(in, 2, 2);
    require_same_type(in[0], in[1]);
    const ElementType type = in[0].type();
    const ElementType ct = compute_type(type);
    const Tensor data = prepared(in[0], ct);
    const Tensor slope =
        prepared(in[1], ct).reshaped(aligned_slope_shape(in[0].shape(), in[1].shape()));
    if (broadcast_static(data.shape(), slope.shape()) != data.shape())
        throw Error("slope shape " + to_string(in[1].shape()) +
                    " does not broadcast to data shape " + to_string(in[0].shape()));
    Tensor out = visit_floating(ct, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return binary_map<T, T>(data, slope, ct, [](T x, T s) -> T { return x < 0 ? x * s : x; });
    });
    return {converted(out, type)};
}

// Reads parameter input i (a one-element tensor) of a kernel.
double param(std::span<const Tensor> in, std::size_t i, std::string_view name) {
    require_same_type(in[0], in[i]);
    return scalar_value(in[i], name);
}

} // namespace

void register_parametric_activation_ops(OpRegistry& r) {
    r.add(make_op("PRelu", 1, 2, 2, {}, infer_prelu,
                  [](const Node&, std::span<const Tensor> in) { return eval_prelu(in); }));

    r.add(make_op(
        "Selu", 1, 3, 3, {},
        [](Node& n) {
            infer_with_scalar_params(n, {"alpha", "lambda"});
        },
        [](const Node&, std::span<const Tensor> in) {
            require_input_count(in, 3, 3);
            const double alpha = param(in, 1, "alpha");
            const double lambda = param(in, 2, "lambda");
            return eval_unary(
                in.first(1),
                [=](auto x) {
                    using T = decltype(x);
                    return static_cast<T>(lambda) *
                           (x > 0 ? x : static_cast<T>(alpha) * std::expm1(x));
                },
                FloatingOnly{});
        }));

    r.add(make_op(
        "HardSigmoid", 1, 3, 3, {},
        [](Node& n) {
            infer_with_scalar_params(n, {"alpha", "beta"});
        },
        [](const Node&, std::span<const Tensor> in) {
            require_input_count(in, 3, 3);
            const double alpha = param(in, 1, "alpha");
            const double beta = param(in, 2, "beta");
            return eval_unary(
                in.first(1),
                [=](auto x) {
                    using T = decltype(x);
                    const T y = static_cast<T>(alpha) * x + static_cast<T>(beta);
                    return std::max(T(0), std::min(T(1), y));
                },
                FloatingOnly{});
        }));

    r.add(make_op(
        "Swish", 4, 1, 2, {}, [](Node& n) { infer_with_scalar_params(n, {"beta"}); },
        [](const Node&, std::span<const Tensor> in) {
            require_input_count(in, 1, 2);
            const double beta = in.size() > 1 ? param(in, 1, "beta") : 1.0;
            return eval_unary(
                in.first(1),
                [=](auto x) {
                    using T = decltype(x);
                    return x / (T(1) + std::exp(-static_cast<T>(beta) * x));
                },
                FloatingOnly{});
        }));
}

} // namespace mo::ops::ew
