// Gather-1/7/8, GatherElements-6, GatherND-5: reading slices or elements at given indices.
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

// ---- Gather --------------------------------------------------------------------------------

std::int64_t gather_batch_dims_attr(const Node& n) {
    return n.opset() >= 7 ? n.attrs.get_int("batch_dims", 0) : 0;
}

// batch_dims normalized against the indices rank and checked against both ranks and the axis.
std::size_t gather_batch_dims(std::int64_t batch_dims, std::size_t data_rank,
                              std::size_t indices_rank, std::optional<std::size_t> axis) {
    const auto q = static_cast<std::int64_t>(indices_rank);
    const std::int64_t b = batch_dims < 0 ? batch_dims + q : batch_dims;
    require(b >= 0 && b <= static_cast<std::int64_t>(std::min(data_rank, indices_rank)),
            "batch_dims " + std::to_string(batch_dims) + " is out of range for data rank " +
                std::to_string(data_rank) + " and indices rank " + std::to_string(indices_rank));
    require(!axis || static_cast<std::size_t>(b) <= *axis,
            "batch_dims " + std::to_string(batch_dims) + " must not exceed the axis " +
                (axis ? std::to_string(*axis) : std::string()));
    return static_cast<std::size_t>(b);
}

PartialShape gather_output(const PartialShape& data, const PartialShape& indices,
                           std::optional<std::int64_t> axis_value, std::int64_t batch_dims_value) {
    if (!data.rank_known() || !indices.rank_known()) return PartialShape::dynamic();
    const std::size_t r = data.rank(), q = indices.rank();
    require(r >= 1, "Gather data must not be a scalar");
    std::optional<std::size_t> axis;
    if (axis_value)
        axis = static_cast<std::size_t>(normalize_axis(*axis_value, static_cast<std::int64_t>(r)));
    const std::size_t b = gather_batch_dims(batch_dims_value, r, q, axis);
    if (!axis) return PartialShape::dynamic_of_rank(r + q - 1 - b);
    Shape out;
    for (std::size_t i = 0; i < *axis; ++i) {
        if (i < b) {
            require(dims_compatible(data[i], indices[i]),
                    "Gather batch dimension " + std::to_string(i) + " differs: data " +
                        data.to_string() + ", indices " + indices.to_string());
            out.push_back(dim_merge(data[i], indices[i]));
        } else {
            out.push_back(data[i]);
        }
    }
    for (std::size_t i = b; i < q; ++i) out.push_back(indices[i]);
    for (std::size_t i = *axis + 1; i < r; ++i) out.push_back(data[i]);
    return PartialShape(out);
}

void infer_gather(Node& n) {
    require_integer_input(n, 1, "Gather indices");
    require_integer_input(n, 2, "Gather axis");
    require_input_rank(n, 2, {0, 1}, "Gather axis");
    const auto axis = const_scalar(n, 2, "Gather axis");
    n.set_output(
        0, data_type(n),
        gather_output(n.input_shape(0), n.input_shape(1), axis, gather_batch_dims_attr(n)));
}

std::vector<Tensor> eval_gather(const Node& n, std::span<const Tensor> in) {
    const Tensor& data = in[0];
    const Shape& ds = data.shape();
    const Shape& is = in[1].shape();
    const std::int64_t axis_value = scalar_value(in[2], "Gather axis");
    const Shape out_shape =
        gather_output(PartialShape(ds), PartialShape(is), axis_value, gather_batch_dims_attr(n))
            .to_shape();
    const auto axis =
        static_cast<std::size_t>(normalize_axis(axis_value, static_cast<std::int64_t>(ds.size())));
    const std::size_t b = gather_batch_dims(gather_batch_dims_attr(n), ds.size(), is.size(), axis);
    const std::int64_t batches = product(ds, 0, b), outer = product(ds, b, axis);
    const std::int64_t axis_size = ds[axis], inner = product(ds, axis + 1, ds.size());
    const std::int64_t per_batch = product(is, b, is.size());
    const auto indices = in[1].to_int64s();
    const bool negative_ok = n.opset() >= 8;

    Tensor out(data.type(), out_shape);
    if (out.size() == 0) return {out};
    const auto elem = static_cast<std::int64_t>(element_bytes(data.type()));
    std::byte* dst = out.mutable_raw();
    for (std::int64_t bi = 0; bi < batches; ++bi) {
        for (std::int64_t p = 0; p < outer; ++p) {
            for (std::int64_t m = 0; m < per_batch; ++m) {
                std::int64_t idx = indices[static_cast<std::size_t>(bi * per_batch + m)];
                if (idx < 0 && negative_ok) idx += axis_size;
                // Out-of-range indices give zeros, as the OpenVINO runtime does.
                if (idx >= 0 && idx < axis_size)
                    copy_elements(dst,
                                  data.raw() + ((bi * outer + p) * axis_size + idx) * inner * elem,
                                  inner, static_cast<std::size_t>(elem));
                dst += inner * elem;
            }
        }
    }
    return {out};
}

// ---- GatherElements ------------------------------------------------------------------------

std::size_t gather_elements_axis(const Node& n, std::size_t rank) {
    return static_cast<std::size_t>(
        normalize_axis(n.attrs.get_int("axis"), static_cast<std::int64_t>(rank)));
}

PartialShape gather_elements_output(const Node& n, const PartialShape& data,
                                    const PartialShape& indices) {
    const std::optional<std::size_t> rank = rank_of(data) ? rank_of(data) : rank_of(indices);
    if (!rank) return PartialShape::dynamic();
    require(*rank >= 1, "GatherElements data must have rank >= 1");
    require(!data.rank_known() || !indices.rank_known() || data.rank() == indices.rank(),
            "GatherElements data " + data.to_string() + " and indices " + indices.to_string() +
                " must have the same rank");
    const std::size_t axis = gather_elements_axis(n, *rank);
    if (!indices.rank_known()) return PartialShape::dynamic_of_rank(*rank);
    Shape out = indices.dims();
    if (data.rank_known()) {
        for (std::size_t i = 0; i < *rank; ++i) {
            if (i == axis) continue;
            require(dims_compatible(data[i], indices[i]),
                    "GatherElements data " + data.to_string() + " and indices " +
                        indices.to_string() + " differ outside axis " + std::to_string(axis));
            out[i] = dim_merge(data[i], indices[i]);
        }
    }
    return PartialShape(out);
}

void infer_gather_elements(Node& n) {
    require_integer_input(n, 1, "GatherElements indices");
    n.set_output(0, data_type(n), gather_elements_output(n, n.input_shape(0), n.input_shape(1)));
}

std::vector<Tensor> eval_gather_elements(const Node& n, std::span<const Tensor> in) {
    const Tensor& data = in[0];
    const Shape& ds = data.shape();
    const Shape out_shape =
        gather_elements_output(n, PartialShape(ds), PartialShape(in[1].shape())).to_shape();
    const std::size_t axis = gather_elements_axis(n, ds.size());
    const std::int64_t outer = product(ds, 0, axis), inner = product(ds, axis + 1, ds.size());
    const std::int64_t data_axis = ds[axis], index_axis = out_shape[axis];
    const auto indices = in[1].to_int64s();
    Tensor out(data.type(), out_shape);
    const auto elem = element_bytes(data.type());
    std::byte* dst = out.mutable_raw();
    std::size_t flat = 0;
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t j = 0; j < index_axis; ++j)
            for (std::int64_t k = 0; k < inner; ++k, ++flat) {
                std::int64_t idx = indices[flat];
                if (idx < 0) idx += data_axis;
                require_index_in_range(idx, data_axis, "GatherElements index");
                copy_elements(dst + flat * elem,
                              data.raw() + ((o * data_axis + idx) * inner + k) * elem, 1, elem);
            }
    return {out};
}

// ---- GatherND ------------------------------------------------------------------------------

// GatherND-5 folds the batch dimensions of its output into one; GatherND-8 keeps them.
PartialShape gather_nd_output(const PartialShape& data, const PartialShape& indices,
                              std::int64_t batch_dims, bool fold_batch) {
    require(batch_dims >= 0, "batch_dims must be non-negative, got " + std::to_string(batch_dims));
    const auto b = static_cast<std::size_t>(batch_dims);
    if (data.rank_known()) require(data.rank() >= 1, "GatherND data must have rank >= 1");
    if (indices.rank_known()) require(indices.rank() >= 1, "GatherND indices must have rank >= 1");
    if (!data.rank_known() || !indices.rank_known()) return PartialShape::dynamic();
    const std::size_t r = data.rank(), q = indices.rank();
    require(b < std::min(r, q),
            "batch_dims " + std::to_string(b) + " must be less than the ranks of data and indices");
    for (std::size_t i = 0; i < b; ++i)
        require(dims_compatible(data[i], indices[i]),
                "GatherND batch dimension " + std::to_string(i) + " differs: data " +
                    data.to_string() + ", indices " + indices.to_string());
    const std::int64_t k = indices[q - 1];
    if (is_dynamic(k)) return PartialShape::dynamic();
    require(static_cast<std::size_t>(k) <= r - b,
            "GatherND index tuples of length " + std::to_string(k) + " exceed data " +
                data.to_string() + " after " + std::to_string(b) + " batch dimensions");
    Shape out;
    if (b > 0 && !fold_batch) {
        for (std::size_t i = 0; i < b; ++i) out.push_back(dim_merge(data[i], indices[i]));
    } else if (b > 0) {
        std::int64_t batch = 1;
        for (std::size_t i = 0; i < b; ++i) batch = dim_mul(batch, dim_merge(data[i], indices[i]));
        out.push_back(batch);
    }
    for (std::size_t i = b; i + 1 < q; ++i) out.push_back(indices[i]);
    for (std::size_t i = b + static_cast<std::size_t>(k); i < r; ++i) out.push_back(data[i]);
    return PartialShape(out);
}

void infer_gather_nd(Node& n) {
    require_integer_input(n, 1, "GatherND indices");
    n.set_output(0, data_type(n),
                 gather_nd_output(n.input_shape(0), n.input_shape(1),
                                  n.attrs.get_int("batch_dims", 0), n.opset() < 8));
}

std::vector<Tensor> eval_gather_nd(const Node& n, std::span<const Tensor> in) {
    const Tensor& data = in[0];
    const Shape& ds = data.shape();
    const Shape& is = in[1].shape();
    const auto b = n.attrs.get_int("batch_dims", 0);
    const Shape out_shape =
        gather_nd_output(PartialShape(ds), PartialShape(is), b, n.opset() < 8).to_shape();
    const auto bb = static_cast<std::size_t>(b);
    const auto k = static_cast<std::size_t>(is.back());
    const std::int64_t batches = product(ds, 0, bb);
    const std::int64_t batch_volume = product(ds, bb, ds.size());
    const std::int64_t tuples = product(is, bb, is.size() - 1);
    const std::int64_t slice = product(ds, bb + k, ds.size());
    const auto strides = row_major_strides(ds);
    const auto indices = in[1].to_int64s();
    Tensor out(data.type(), out_shape);
    if (out.size() == 0) return {out};
    const auto elem = element_bytes(data.type());
    std::byte* dst = out.mutable_raw();
    std::size_t next = 0;
    for (std::int64_t bi = 0; bi < batches; ++bi) {
        for (std::int64_t t = 0; t < tuples; ++t) {
            std::int64_t offset = bi * batch_volume;
            for (std::size_t j = 0; j < k; ++j) {
                const std::int64_t size = ds[bb + j];
                std::int64_t idx = indices[next++];
                if (idx < 0) idx += size;
                require_index_in_range(idx, size, "GatherND index");
                offset += idx * strides[bb + j];
            }
            copy_elements(dst, data.raw() + offset * static_cast<std::int64_t>(elem), slice, elem);
            dst += slice * static_cast<std::int64_t>(elem);
        }
    }
    return {out};
}

} // namespace

void register_gather_ops(OpRegistry& r) {
    r.add(make_op("Gather", 1, 3, 3, {}, infer_gather, eval_gather));
    r.add(make_op("Gather", 7, 3, 3, {"batch_dims"}, infer_gather, eval_gather));
    r.add(make_op("Gather", 8, 3, 3, {"batch_dims"}, infer_gather, eval_gather));
    r.add(
        make_op("GatherElements", 6, 2, 2, {"axis"}, infer_gather_elements, eval_gather_elements));
    r.add(make_op("GatherND", 5, 2, 2, {"batch_dims"}, infer_gather_nd, eval_gather_nd));
    r.add(make_op("GatherND", 8, 2, 2, {"batch_dims"}, infer_gather_nd, eval_gather_nd));
}

} // namespace mo::ops::movement
