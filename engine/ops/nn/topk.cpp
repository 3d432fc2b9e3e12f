// TopK-1 and TopK-3: the k largest/smallest values along an axis, and their indices.
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <numeric>

namespace mo::ops::nn {
namespace {

enum class SortBy { value, index, none };

struct TopKAttrs {
    bool largest = true;
    SortBy sort = SortBy::value;
    ElementType index_type = ElementType::i32;
};

TopKAttrs read_attrs(const Attributes& a) {
    TopKAttrs t;
    const std::string& mode = a.get_string("mode");
    require(mode == "max" || mode == "min", "unknown mode '" + mode + "' (expected max or min)");
    t.largest = mode == "max";
    const std::string& sort = a.get_string("sort");
    if (sort == "value")
        t.sort = SortBy::value;
    else if (sort == "index")
        t.sort = SortBy::index;
    else if (sort == "none")
        t.sort = SortBy::none;
    else
        throw InferenceError("unknown sort '" + sort + "' (expected value, index or none)");
    t.index_type = index_type_attr(a, "index_element_type", "i32");
    return t;
}

std::int64_t checked_k(const Ints& k) {
    require(k.size() == 1, "k must be a single value, got " + std::to_string(k.size()));
    require(k[0] >= 0, "k must not be negative, got " + std::to_string(k[0]));
    return k[0];
}

// Values and indices of the top k of each slice along `axis` (ties keep the lower index first).
template <class T>
void top_k(std::span<const T> x, const Shape& shape, std::size_t axis, std::int64_t k,
           const TopKAttrs& a, std::span<T> values, std::vector<std::int64_t>& indices) {
    const std::int64_t dim = shape[axis];
    const std::int64_t inner = element_count(dims_from(shape, axis + 1));
    const std::int64_t outer = dim * inner == 0 ? 0 : element_count(shape) / (dim * inner);
    std::vector<std::int64_t> order(static_cast<std::size_t>(dim));
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t i = 0; i < inner; ++i) {
            const T* line = x.data() + o * dim * inner + i;
            auto better = [&](std::int64_t p, std::int64_t q) {
                const T vp = line[p * inner], vq = line[q * inner];
                if (vp != vq) return a.largest ? vq < vp : vp < vq;
                return p < q;
            };
            std::iota(order.begin(), order.end(), 0);
            std::partial_sort(order.begin(), order.begin() + k, order.end(), better);
            if (a.sort == SortBy::index) std::sort(order.begin(), order.begin() + k);
            for (std::int64_t j = 0; j < k; ++j) {
                const std::int64_t out = (o * k + j) * inner + i;
                values[out] = line[order[j] * inner];
                indices[out] = order[j];
            }
        }
}

OpDef topk_op(int opset) {
    return make_op(
        "TopK", opset, 2, 2, {"axis", "mode", "sort", "index_element_type"},
        [](Node& n) {
            const TopKAttrs a = read_attrs(n.attrs);
            require_integral(n.input_type(1), "k");
            require_rank(n.input_shape(1), 0, 1, "k");
            const PartialShape& x = n.input_shape(0);
            PartialShape out = x;
            if (x.rank_known()) {
                const auto axis = static_cast<std::size_t>(
                    normalize_axis(n.attrs.get_int("axis"), static_cast<std::int64_t>(x.rank())));
                if (auto k = const_ints(n, 1)) {
                    const std::int64_t kv = checked_k(*k);
                    out[axis] = x[axis] >= 0 ? std::min(kv, x[axis]) : kv;
                } else {
                    out[axis] = kDyn;
                }
            }
            n.set_output(0, n.input_type(0), out);
            n.set_output(1, a.index_type, out);
        },
        [](const Node& n, std::span<const Tensor> in) {
            const TopKAttrs a = read_attrs(n.attrs);
            const Tensor& x = in[0];
            require(!x.shape().empty(), "data must not be a scalar");
            const auto axis = static_cast<std::size_t>(normalize_axis(
                n.attrs.get_int("axis"), static_cast<std::int64_t>(x.shape().size())));
            const std::int64_t k = std::min(checked_k(in[1].to_int64s()), x.shape()[axis]);
            Shape out_shape = x.shape();
            out_shape[axis] = k;
            const ElementType ct = compute_type(x.type());
            return dispatch_numeric(ct, [&](auto tag) {
                using T = decltype(tag);
                const Tensor xc = x.cast(ct);
                Tensor values(ct, out_shape);
                std::vector<std::int64_t> idx(static_cast<std::size_t>(values.size()));
                top_k<T>(xc.data<T>(), x.shape(), axis, k, a, values.mutable_data<T>(), idx);
                Tensor indices(ElementType::i64, out_shape);
                std::copy(idx.begin(), idx.end(), indices.mutable_data<std::int64_t>().begin());
                return std::vector<Tensor>{values.cast(x.type()), indices.cast(a.index_type)};
            });
        },
        2);
}

} // namespace

void register_topk_ops(OpRegistry& r) {
    r.add(topk_op(1));
    r.add(topk_op(3));
}

} // namespace mo::ops::nn
