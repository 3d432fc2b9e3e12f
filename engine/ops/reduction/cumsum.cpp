// CumSum-3: cumulative sum along an axis (second input, default 0), optionally exclusive
// (the element itself is left out) and/or reverse (summing from the end).
#include "engine/ops/elementwise/common.hpp"
#include "engine/ops/reduction/reduction.hpp"

namespace mo::ops::red {
namespace {

using namespace mo::ops::ew;

void infer_cumsum(Node& n) {
    require_numeric(n.input_type(0), "data");
    if (n.input_count() > 1) {
        const ElementType t = n.input_type(1);
        require(t == ElementType::dynamic || is_integral(t), "axis has element type " +
                                                                 std::string(to_string(t)) +
                                                                 ", expected an integer type");
        const PartialShape& s = n.input_shape(1);
        require(!s.is_static() || element_count(s.to_shape()) == 1,
                "axis must be a scalar, got shape " + s.to_string());
        const PartialShape& data = n.input_shape(0);
        if (auto axis = const_ints(n, 1); axis && data.rank_known())
            normalize_axis(axis->at(0), static_cast<std::int64_t>(data.rank()));
    }
    n.set_output(0, n.input_type(0), n.input_shape(0));
}

template <class T>
void cumsum(const T* in, T* out, std::int64_t outer, std::int64_t length, std::int64_t inner,
            bool exclusive, bool reverse) {
    for (std::int64_t o = 0; o < outer; ++o) {
        const std::int64_t base = o * length * inner;
        for (std::int64_t step = 0; step < length; ++step) {
            const std::int64_t k = reverse ? length - 1 - step : step;
            T* row = out + base + k * inner;
            const T* x = in + base + k * inner;
            if (step == 0) {
                for (std::int64_t j = 0; j < inner; ++j) row[j] = exclusive ? T{0} : x[j];
                continue;
            }
            const std::int64_t prev = reverse ? k + 1 : k - 1;
            const T* prev_row = out + base + prev * inner;
            // Exclusive: the running sum up to the previous element.
            const T* add = exclusive ? in + base + prev * inner : x;
            for (std::int64_t j = 0; j < inner; ++j) row[j] = add_wrap(prev_row[j], add[j]);
        }
    }
}

std::vector<Tensor> eval_cumsum(const Node& n, std::span<const Tensor> in) {
    require_input_count(in, 1, 2);
    const Shape& shape = in[0].shape();
    const auto rank = static_cast<std::int64_t>(shape.size());
    std::int64_t axis = 0;
    if (in.size() > 1) {
        if (in[1].size() != 1)
            throw Error("axis must be a scalar, got shape " + to_string(in[1].shape()));
        axis = in[1].value_as_int64(0);
    }
    axis = rank == 0 ? 0 : normalize_axis(axis, rank);
    std::int64_t outer = 1, inner = 1;
    for (std::int64_t i = 0; i < axis; ++i) outer *= shape[i];
    for (std::int64_t i = axis + 1; i < rank; ++i) inner *= shape[i];
    const std::int64_t length = rank == 0 ? 1 : shape[axis];

    const bool exclusive = n.attrs.get_bool("exclusive", false);
    const bool reverse = n.attrs.get_bool("reverse", false);
    const ElementType type = in[0].type();
    const ElementType ct = compute_type(type);
    const Tensor data = prepared(in[0], ct);
    Tensor out(ct, shape);
    visit_numeric(ct, [&](auto tag) {
        using T = typename decltype(tag)::type;
        cumsum(typed<T>(data), typed_mut<T>(out), outer, length, inner, exclusive, reverse);
    });
    return {converted(out, type)};
}

} // namespace

void register_cumsum_op(OpRegistry& r) {
    r.add(make_op("CumSum", 3, 1, 2, {"exclusive", "reverse"}, infer_cumsum, eval_cumsum));
}

} // namespace mo::ops::red
