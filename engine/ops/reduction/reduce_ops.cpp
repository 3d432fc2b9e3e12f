// ReduceSum, ReduceMean, ReduceProd, ReduceMax, ReduceMin (opset 1), ReduceL1, ReduceL2
// (opset 4), ReduceLogicalAnd, ReduceLogicalOr (opset 1): data + axes input, keep_dims attribute.
// Sums and products accumulate in double (floating types) or 64-bit integers (wrapping).
#include "engine/ops/elementwise/common.hpp"
#include "engine/ops/reduction/axes.hpp"
#include "engine/ops/reduction/reduce_walker.hpp"
#include "engine/ops/reduction/reduction.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

namespace mo::ops::red {
namespace {

using namespace mo::ops::ew;

enum class Kind { sum, mean, prod, max, min, l1, l2, logical_and, logical_or };

bool is_logical(Kind k) {
    return k == Kind::logical_and || k == Kind::logical_or;
}

void infer_reduce(Node& n, Kind kind) {
    const bool keep = n.attrs.get_bool("keep_dims", false);
    if (is_logical(kind))
        require_boolean(n.input_type(0), "data");
    else
        require_numeric(n.input_type(0), "data");
    const ElementType axes_type = n.input_type(1);
    require(axes_type == ElementType::dynamic || is_integral(axes_type),
            "axes have element type " + std::string(to_string(axes_type)) +
                ", expected an integer type");
    const PartialShape& axes_shape = n.input_shape(1);
    require(!axes_shape.rank_known() || axes_shape.rank() <= 1,
            "axes must be a scalar or 1-D, got shape " + axes_shape.to_string());

    const PartialShape& data = n.input_shape(0);
    PartialShape out = PartialShape::dynamic();
    if (data.rank_known()) {
        if (auto axes = const_ints(n, 1)) {
            out = reduced_shape(data, reduced_axes(*axes, data.rank()), keep);
        } else if (keep) {
            out = PartialShape::dynamic_of_rank(data.rank());
        } else if (axes_shape.is_static()) { // unique axes: the rank drops by their count
            const std::int64_t count = element_count(axes_shape.to_shape());
            require(count <= static_cast<std::int64_t>(data.rank()),
                    "more axes than the rank of data");
            out = PartialShape::dynamic_of_rank(data.rank() - static_cast<std::size_t>(count));
        }
    }
    n.set_output(0, n.input_type(0), out);
}

// Accumulator of sums and products: double for floating types, 64-bit integers otherwise.
template <class T>
using wide_t =
    std::conditional_t<std::is_floating_point_v<T>, double,
                       std::conditional_t<std::is_signed_v<T>, std::int64_t, std::uint64_t>>;

template <class T, class Acc, class Combine, class Finish>
Tensor reduce_with(const Tensor& data, const std::vector<bool>& reduced, const Shape& out_shape,
                   ElementType type, Acc init, Combine combine, Finish finish) {
    std::vector<Acc> acc(static_cast<std::size_t>(element_count(out_shape)), init);
    ReduceWalker(data.shape(), reduced).fold(typed<T>(data), acc.data(), combine);
    Tensor out(type, out_shape);
    T* o = typed_mut<T>(out);
    for (std::size_t i = 0; i < acc.size(); ++i) o[i] = finish(acc[i]);
    return out;
}

template <class T>
Tensor reduce_numeric(Kind kind, const Tensor& data, const std::vector<bool>& reduced,
                      const Shape& out_shape, ElementType type) {
    using W = wide_t<T>;
    auto narrow = [](W v) { return static_cast<T>(v); };
    auto add = [](W acc, T x) { return add_wrap(acc, static_cast<W>(x)); };
    switch (kind) {
    case Kind::sum:
        return reduce_with<T>(data, reduced, out_shape, type, W{0}, add, narrow);
    case Kind::mean: {
        const std::int64_t out_count = element_count(out_shape);
        const std::int64_t count = out_count ? data.size() / out_count : 0;
        return reduce_with<T>(data, reduced, out_shape, type, W{0}, add, [count](W v) {
            if constexpr (std::is_floating_point_v<T>)
                return static_cast<T>(v / count);
            else
                return count ? static_cast<T>(v / static_cast<W>(count)) : T{0};
        });
    }
    case Kind::prod:
        return reduce_with<T>(
            data, reduced, out_shape, type, W{1},
            [](W acc, T x) { return mul_wrap(acc, static_cast<W>(x)); }, narrow);
    case Kind::l1:
        return reduce_with<T>(
            data, reduced, out_shape, type, W{0},
            [](W acc, T x) { return add_wrap(acc, static_cast<W>(abs_wrap(x))); }, narrow);
    case Kind::l2:
        return reduce_with<T>(
            data, reduced, out_shape, type, W{0},
            [](W acc, T x) {
                const W w = static_cast<W>(x);
                return add_wrap(acc, mul_wrap(w, w));
            },
            [](W v) { return round_to<T>(std::sqrt(static_cast<double>(v))); });
    case Kind::max:
    case Kind::min: {
        const bool is_max = kind == Kind::max;
        T init;
        if constexpr (std::numeric_limits<T>::has_infinity)
            init =
                is_max ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
        else
            init = is_max ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
        auto keep = [](T v) { return v; };
        if (is_max)
            return reduce_with<T>(
                data, reduced, out_shape, type, init, [](T acc, T x) { return acc < x ? x : acc; },
                keep);
        return reduce_with<T>(
            data, reduced, out_shape, type, init, [](T acc, T x) { return x < acc ? x : acc; },
            keep);
    }
    default:
        break;
    }
    throw Error("internal: not a numeric reduction");
}

std::vector<Tensor> eval_reduce(const Node& n, std::span<const Tensor> in, Kind kind) {
    require_input_count(in, 2, 2);
    const Tensor& data_in = in[0];
    const auto reduced = reduced_axes(in[1].to_int64s(), data_in.shape().size());
    const Shape out_shape =
        reduced_shape(data_in.shape(), reduced, n.attrs.get_bool("keep_dims", false));
    const ElementType type = data_in.type();

    if (is_logical(kind)) {
        if (type != ElementType::boolean) no_kernel_for(type);
        const Tensor data = normalized_bool(data_in);
        auto same = [](std::uint8_t v) { return v; };
        if (kind == Kind::logical_and)
            return {reduce_with<std::uint8_t>(
                data, reduced, out_shape, type, std::uint8_t{1},
                [](std::uint8_t a, std::uint8_t x) -> std::uint8_t { return a & x; }, same)};
        return {reduce_with<std::uint8_t>(
            data, reduced, out_shape, type, std::uint8_t{0},
            [](std::uint8_t a, std::uint8_t x) -> std::uint8_t { return a | x; }, same)};
    }
    const ElementType ct = compute_type(type);
    const Tensor data = prepared(data_in, ct);
    Tensor out = visit_numeric(ct, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return reduce_numeric<T>(kind, data, reduced, out_shape, ct);
    });
    return {converted(out, type)};
}

void add_reduce(OpRegistry& r, std::string type, int opset, Kind kind) {
    r.add(make_op(
        std::move(type), opset, 2, 2, {"keep_dims"}, [kind](Node& n) { infer_reduce(n, kind); },
        [kind](const Node& n, std::span<const Tensor> in) { return eval_reduce(n, in, kind); }));
}

} // namespace

void register_reduce_ops(OpRegistry& r) {
    add_reduce(r, "ReduceSum", 1, Kind::sum);
    add_reduce(r, "ReduceMean", 1, Kind::mean);
    add_reduce(r, "ReduceProd", 1, Kind::prod);
    add_reduce(r, "ReduceMax", 1, Kind::max);
    add_reduce(r, "ReduceMin", 1, Kind::min);
    add_reduce(r, "ReduceL1", 4, Kind::l1);
    add_reduce(r, "ReduceL2", 4, Kind::l2);
    add_reduce(r, "ReduceLogicalAnd", 1, Kind::logical_and);
    add_reduce(r, "ReduceLogicalOr", 1, Kind::logical_or);
}

} // namespace mo::ops::red
