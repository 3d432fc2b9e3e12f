// MatMul-1: batched matrix product with transposes, 1-D operands and batch broadcasting.
#include "engine/ops/nn/nn_common.hpp"

#include <Eigen/Core>

namespace mo::ops::nn {
namespace {

// Shapes of both operands after the spec's alignment steps (transpose, 1-D unsqueeze), the
// broadcast batch and the final output shape.
struct MatMulPlan {
    std::int64_t m = kDyn, k = kDyn, n = kDyn;
    PartialShape batch;  // broadcast batch dims
    PartialShape output; // with the temporary 1-D axes removed
};

MatMulPlan plan_matmul(const PartialShape& a, const PartialShape& b, bool ta, bool tb) {
    MatMulPlan p;
    require(!a.rank_known() || a.rank() >= 1, "first input must have rank >= 1, got a scalar");
    require(!b.rank_known() || b.rank() >= 1, "second input must have rank >= 1, got a scalar");
    if (!a.rank_known() || !b.rank_known()) {
        p.output = PartialShape::dynamic();
        return p;
    }
    const bool a_vec = a.rank() == 1, b_vec = b.rank() == 1;
    // Rows/columns of A and B as they take part in the product.
    const std::int64_t a_rows = a_vec ? 1 : (ta ? a[a.rank() - 1] : a[a.rank() - 2]);
    const std::int64_t a_cols = a_vec ? a[0] : (ta ? a[a.rank() - 2] : a[a.rank() - 1]);
    const std::int64_t b_rows = b_vec ? b[0] : (tb ? b[b.rank() - 1] : b[b.rank() - 2]);
    const std::int64_t b_cols = b_vec ? 1 : (tb ? b[b.rank() - 2] : b[b.rank() - 1]);
    require(dims_compatible(a_cols, b_rows),
            "inner dimensions do not match: " + a.to_string() + (ta ? " (transposed)" : "") +
                " x " + b.to_string() + (tb ? " (transposed)" : "") + " multiplies " +
                dim_str(a_cols) + " columns by " + dim_str(b_rows) + " rows");
    p.m = a_rows;
    p.k = a_cols >= 0 ? a_cols : b_rows;
    p.n = b_cols;
    const Shape a_batch(a.dims().begin(), a.dims().end() - (a_vec ? 1 : 2));
    const Shape b_batch(b.dims().begin(), b.dims().end() - (b_vec ? 1 : 2));
    const auto batch = broadcast_numpy(PartialShape(a_batch), PartialShape(b_batch));
    require(batch.has_value(), "batch dimensions " + to_string(a_batch) + " and " +
                                   to_string(b_batch) + " do not broadcast");
    p.batch = *batch;
    Shape out = p.batch.dims();
    if (!a_vec) out.push_back(p.m);
    if (!b_vec) out.push_back(p.n);
    p.output = PartialShape(std::move(out));
    return p;
}

template <class T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Offset (in matrices) of the operand matrix used for output batch index `flat`.
std::int64_t batch_offset(std::int64_t flat, const Shape& out_batch, const Shape& in_batch) {
    std::int64_t offset = 0, in_stride = 1, rest = flat;
    const std::size_t skip = out_batch.size() - in_batch.size();
    for (std::size_t i = out_batch.size(); i-- > 0;) {
        const std::int64_t coord = rest % out_batch[i];
        rest /= out_batch[i];
        if (i < skip) continue;
        const std::int64_t d = in_batch[i - skip];
        if (d != 1) offset += coord * in_stride;
        in_stride *= d;
    }
    return offset;
}

template <class T>
Tensor multiply(const Tensor& a, const Tensor& b, const MatMulPlan& p, bool ta, bool tb) {
    const bool a_vec = a.shape().size() == 1, b_vec = b.shape().size() == 1;
    ta = ta && !a_vec;
    tb = tb && !b_vec;
    const Shape a_batch(a.shape().begin(), a.shape().end() - (a_vec ? 1 : 2));
    const Shape b_batch(b.shape().begin(), b.shape().end() - (b_vec ? 1 : 2));
    const Shape& out_batch = p.batch.to_shape();
    Tensor y(element_type_of<T>(), p.output.to_shape());
    const T* pa = a.data<T>().data();
    const T* pb = b.data<T>().data();
    T* py = y.mutable_data<T>().data();
    const std::int64_t m = p.m, k = p.k, n = p.n;
    using Map = Eigen::Map<const RowMatrix<T>>;
    for (std::int64_t i = 0, count = element_count(out_batch); i < count; ++i) {
        const T* ai = pa + batch_offset(i, out_batch, a_batch) * m * k;
        const T* bi = pb + batch_offset(i, out_batch, b_batch) * k * n;
        Eigen::Map<RowMatrix<T>> yi(py + i * m * n, m, n);
        // Stored layouts: A is [m,k] or [k,m] (transposed); B is [k,n] or [n,k].
        const Map am(ai, ta ? k : m, ta ? m : k);
        const Map bm(bi, tb ? n : k, tb ? k : n);
        if (!ta && !tb)
            yi.noalias() = am * bm;
        else if (ta && !tb)
            yi.noalias() = am.transpose() * bm;
        else if (!ta && tb)
            yi.noalias() = am * bm.transpose();
        else
            yi.noalias() = am.transpose() * bm.transpose();
    }
    return y;
}

} // namespace

void register_matmul_ops(OpRegistry& r) {
    r.add(make_op(
        "MatMul", 1, 2, 2, {"transpose_a", "transpose_b"},
        [](Node& n) {
            const ElementType t = same_type(n, 0, 1, "first input", "second input");
            const MatMulPlan p = plan_matmul(n.input_shape(0), n.input_shape(1),
                                             n.attrs.get_bool("transpose_a", false),
                                             n.attrs.get_bool("transpose_b", false));
            n.set_output(0, t, p.output);
        },
        [](const Node& n, std::span<const Tensor> in) {
            const bool ta = n.attrs.get_bool("transpose_a", false);
            const bool tb = n.attrs.get_bool("transpose_b", false);
            const MatMulPlan p =
                plan_matmul(PartialShape(in[0].shape()), PartialShape(in[1].shape()), ta, tb);
            const ElementType t = in[0].type();
            // Integers multiply exactly in i64; floating types in f32 (f64 stays f64).
            if (is_integral(t)) {
                const Tensor y = multiply<std::int64_t>(in[0].cast(ElementType::i64),
                                                        in[1].cast(ElementType::i64), p, ta, tb);
                return std::vector<Tensor>{y.cast(t)};
            }
            return with_float_type(t, [&](auto tag) {
                using T = decltype(tag);
                const ElementType ct = element_type_of<T>();
                const Tensor y = multiply<T>(in[0].cast(ct), in[1].cast(ct), p, ta, tb);
                return std::vector<Tensor>{y.cast(t)};
            });
        }));
}

} // namespace mo::ops::nn
