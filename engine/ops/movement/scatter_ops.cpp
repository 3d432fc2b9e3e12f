// ScatterUpdate-3, ScatterElementsUpdate-3/12, ScatterNDUpdate-3/15 (12/15 add reductions): a copy
// of `data` with some slices or elements replaced by `updates`. Every output has data's type and
// shape.
#include "engine/ops/movement/movement_common.hpp"

namespace mo::ops::movement {
namespace {

void require_same_type(const Node& n, std::size_t updates) {
    const ElementType d = n.input_type(0), u = n.input_type(updates);
    require(d == ElementType::dynamic || u == ElementType::dynamic || d == u,
            "updates have element type " + std::string(to_string(u)) + ", data has " +
                std::string(to_string(d)));
}

// Checks that `actual` can be `expected` (both possibly partial).
void require_shape_fits(const PartialShape& actual, const PartialShape& expected,
                        const std::string& what) {
    require(merge(actual, expected).has_value(),
            what + " has shape " + actual.to_string() + ", expected " + expected.to_string());
}

// ---- ScatterUpdate -------------------------------------------------------------------------

PartialShape scatter_update_updates_shape(const PartialShape& data, const PartialShape& indices,
                                          std::size_t axis) {
    if (!indices.rank_known()) return PartialShape::dynamic();
    Shape s;
    for (std::size_t i = 0; i < axis; ++i) s.push_back(data[i]);
    for (auto d : indices.dims()) s.push_back(d);
    for (std::size_t i = axis + 1; i < data.rank(); ++i) s.push_back(data[i]);
    return PartialShape(s);
}

void infer_scatter_update(Node& n) {
    require_integer_input(n, 1, "ScatterUpdate indices");
    require_integer_input(n, 3, "ScatterUpdate axis");
    require_input_rank(n, 3, {0, 1}, "ScatterUpdate axis");
    require_same_type(n, 2);
    const PartialShape& data = n.input_shape(0);
    if (auto axis = const_scalar(n, 3, "ScatterUpdate axis"); axis && data.rank_known()) {
        const auto a =
            static_cast<std::size_t>(normalize_axis(*axis, static_cast<std::int64_t>(data.rank())));
        require_shape_fits(n.input_shape(2),
                           scatter_update_updates_shape(data, n.input_shape(1), a),
                           "ScatterUpdate updates");
    }
    n.set_output(0, data_type(n), data);
}

std::vector<Tensor> eval_scatter_update(const Node&, std::span<const Tensor> in) {
    const Shape& ds = in[0].shape();
    require(!ds.empty(), "ScatterUpdate data must not be a scalar");
    const auto axis = static_cast<std::size_t>(normalize_axis(
        scalar_value(in[3], "ScatterUpdate axis"), static_cast<std::int64_t>(ds.size())));
    const PartialShape expected =
        scatter_update_updates_shape(PartialShape(ds), PartialShape(in[1].shape()), axis);
    require(PartialShape(in[2].shape()) == expected, "ScatterUpdate updates have shape " +
                                                         to_string(in[2].shape()) + ", expected " +
                                                         expected.to_string());
    Tensor out = in[0].clone();
    const auto elem = static_cast<std::int64_t>(element_bytes(out.type()));
    const std::int64_t outer = product(ds, 0, axis), inner = product(ds, axis + 1, ds.size());
    const std::int64_t axis_size = ds[axis];
    const auto indices = in[1].to_int64s();
    const auto count = static_cast<std::int64_t>(indices.size());
    std::byte* dst = out.mutable_raw();
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t m = 0; m < count; ++m) {
            const std::int64_t idx = indices[static_cast<std::size_t>(m)];
            require_index_in_range(idx, axis_size, "ScatterUpdate index");
            copy_elements(dst + ((o * axis_size + idx) * inner) * elem,
                          in[2].raw() + ((o * count + m) * inner) * elem, inner,
                          static_cast<std::size_t>(elem));
        }
    return {out};
}

// ---- reductions (ScatterElementsUpdate-12, ScatterNDUpdate-15) ----------------------------

enum class Reduction { none, sum, sub, prod, min, max };

// The node's reduction; versions before reductions existed always overwrite.
Reduction reduction_of(const Node& n, bool allow_sub) {
    const bool has_reduction = (n.type() == "ScatterElementsUpdate" && n.opset() >= 12) ||
                               (n.type() == "ScatterNDUpdate" && n.opset() >= 15);
    if (!has_reduction) return Reduction::none;
    const std::string r = n.attrs.get_string("reduction", "none");
    if (r == "none") return Reduction::none;
    if (r == "sum") return Reduction::sum;
    if (r == "sub" && allow_sub) return Reduction::sub;
    if (r == "prod") return Reduction::prod;
    if (r == "min") return Reduction::min;
    if (r == "max") return Reduction::max;
    throw InferenceError(n.type() + " reduction '" + r + "' is not supported");
}

double reduce_value(Reduction r, double current, double update) {
    switch (r) {
    case Reduction::sum:
        return current + update;
    case Reduction::sub:
        return current - update;
    case Reduction::prod:
        return current * update;
    case Reduction::min:
        return std::min(current, update);
    case Reduction::max:
        return std::max(current, update);
    case Reduction::none:
        break;
    }
    return update;
}

// Writes element `from` of `updates` into element `to` of `out`, combined by the reduction.
void scatter_element(Tensor& out, std::int64_t to, const Tensor& updates, std::int64_t from,
                     Reduction r) {
    const auto elem = static_cast<std::int64_t>(element_bytes(out.type()));
    if (r == Reduction::none) {
        copy_elements(out.mutable_raw() + to * elem, updates.raw() + from * elem, 1,
                      static_cast<std::size_t>(elem));
        return;
    }
    set_value_from_double(out, to,
                          reduce_value(r, out.value_as_double(to), updates.value_as_double(from)));
}

// ---- ScatterElementsUpdate -----------------------------------------------------------------

void check_scatter_elements(const PartialShape& data, const PartialShape& indices,
                            const PartialShape& updates, std::optional<std::int64_t> axis) {
    require_shape_fits(updates, indices, "ScatterElementsUpdate updates");
    const PartialShape& idx = indices.rank_known() ? indices : updates;
    if (!data.rank_known()) return;
    require(data.rank() >= 1, "ScatterElementsUpdate data must have rank >= 1");
    if (!idx.rank_known()) return;
    require(idx.rank() == data.rank(), "ScatterElementsUpdate indices " + idx.to_string() +
                                           " must have the rank of data " + data.to_string());
    if (!axis) return;
    const auto a =
        static_cast<std::size_t>(normalize_axis(*axis, static_cast<std::int64_t>(data.rank())));
    for (std::size_t i = 0; i < data.rank(); ++i)
        require(i == a || is_dynamic(idx[i]) || is_dynamic(data[i]) || idx[i] <= data[i],
                "ScatterElementsUpdate indices " + idx.to_string() + " exceed data " +
                    data.to_string() + " outside the axis");
}

void infer_scatter_elements(Node& n) {
    reduction_of(n, false);
    if (n.opset() >= 12)
        require(n.attrs.get_bool("use_init_val", true),
                "ScatterElementsUpdate with use_init_val=false is not supported");
    require_integer_input(n, 1, "ScatterElementsUpdate indices");
    require_integer_input(n, 3, "ScatterElementsUpdate axis");
    require_input_rank(n, 3, {0, 1}, "ScatterElementsUpdate axis");
    require_same_type(n, 2);
    check_scatter_elements(n.input_shape(0), n.input_shape(1), n.input_shape(2),
                           const_scalar(n, 3, "ScatterElementsUpdate axis"));
    n.set_output(0, data_type(n), n.input_shape(0));
}

std::vector<Tensor> eval_scatter_elements(const Node& n, std::span<const Tensor> in) {
    const Reduction reduction = reduction_of(n, false);
    const Shape& ds = in[0].shape();
    const std::int64_t axis_value = scalar_value(in[3], "ScatterElementsUpdate axis");
    check_scatter_elements(PartialShape(ds), PartialShape(in[1].shape()),
                           PartialShape(in[2].shape()), axis_value);
    const auto axis =
        static_cast<std::size_t>(normalize_axis(axis_value, static_cast<std::int64_t>(ds.size())));
    Tensor out = in[0].clone();
    const auto elem = static_cast<std::int64_t>(element_bytes(out.type()));
    const Shape& us = in[2].shape();
    const auto data_strides = row_major_strides(ds);
    const auto indices = in[1].to_int64s();
    std::byte* dst = out.mutable_raw();
    Shape pos(us.size(), 0); // multi-index into updates, advanced like an odometer
    for (std::size_t f = 0; f < indices.size(); ++f) {
        std::int64_t idx = indices[f];
        if (idx < 0) idx += ds[axis]; // negative indices count from the end (as ONNX allows)
        require_index_in_range(idx, ds[axis], "ScatterElementsUpdate index");
        std::int64_t offset = 0;
        for (std::size_t d = 0; d < us.size(); ++d)
            offset += (d == axis ? idx : pos[d]) * data_strides[d];
        scatter_element(out, offset, in[2], static_cast<std::int64_t>(f), reduction);
        for (std::size_t d = us.size(); d-- > 0;) {
            if (++pos[d] < us[d]) break;
            pos[d] = 0;
        }
    }
    return {out};
}

// ---- ScatterNDUpdate -----------------------------------------------------------------------

void check_scatter_nd(const PartialShape& data, const PartialShape& indices,
                      const PartialShape& updates) {
    if (data.rank_known()) require(data.rank() >= 1, "ScatterNDUpdate data must have rank >= 1");
    if (indices.rank_known())
        require(indices.rank() >= 1, "ScatterNDUpdate indices must have rank >= 1");
    if (!data.rank_known() || !indices.rank_known()) return;
    const std::int64_t k = indices[indices.rank() - 1];
    if (is_dynamic(k)) return;
    require(static_cast<std::size_t>(k) <= data.rank(),
            "ScatterNDUpdate index tuples of length " + std::to_string(k) + " exceed the rank of " +
                data.to_string());
    Shape expected(indices.dims().begin(), indices.dims().end() - 1);
    for (std::size_t i = static_cast<std::size_t>(k); i < data.rank(); ++i)
        expected.push_back(data[i]);
    if (expected.empty() && updates.rank_known() && updates.rank() == 1 && updates[0] == 1)
        return; // a single-element update may be given as [1]
    require_shape_fits(updates, PartialShape(expected), "ScatterNDUpdate updates");
}

void infer_scatter_nd(Node& n) {
    reduction_of(n, true);
    require_integer_input(n, 1, "ScatterNDUpdate indices");
    require_same_type(n, 2);
    check_scatter_nd(n.input_shape(0), n.input_shape(1), n.input_shape(2));
    n.set_output(0, data_type(n), n.input_shape(0));
}

std::vector<Tensor> eval_scatter_nd(const Node& n, std::span<const Tensor> in) {
    const Reduction reduction = reduction_of(n, true);
    const Shape& ds = in[0].shape();
    const Shape& is = in[1].shape();
    check_scatter_nd(PartialShape(ds), PartialShape(is), PartialShape(in[2].shape()));
    Tensor out = in[0].clone();
    const auto elem = static_cast<std::int64_t>(element_bytes(out.type()));
    const auto k = static_cast<std::size_t>(is.back());
    const std::int64_t tuples = product(is, 0, is.size() - 1);
    const std::int64_t slice = product(ds, k, ds.size());
    const auto strides = row_major_strides(ds);
    const auto indices = in[1].to_int64s();
    std::byte* dst = out.mutable_raw();
    std::size_t next = 0;
    for (std::int64_t t = 0; t < tuples; ++t) {
        std::int64_t offset = 0;
        for (std::size_t j = 0; j < k; ++j) {
            std::int64_t idx = indices[next++];
            if (idx < 0) idx += ds[j];
            require_index_in_range(idx, ds[j], "ScatterNDUpdate index");
            offset += idx * strides[j];
        }
        if (reduction == Reduction::none) {
            copy_elements(dst + offset * elem, in[2].raw() + t * slice * elem, slice,
                          static_cast<std::size_t>(elem));
            continue;
        }
        for (std::int64_t e = 0; e < slice; ++e)
            scatter_element(out, offset + e, in[2], t * slice + e, reduction);
    }
    return {out};
}

} // namespace

void register_scatter_ops(OpRegistry& r) {
    r.add(make_op("ScatterUpdate", 3, 4, 4, {}, infer_scatter_update, eval_scatter_update));
    r.add(make_op("ScatterElementsUpdate", 3, 4, 4, {}, infer_scatter_elements,
                  eval_scatter_elements));
    r.add(make_op("ScatterNDUpdate", 3, 3, 3, {}, infer_scatter_nd, eval_scatter_nd));
    r.add(make_op("ScatterElementsUpdate", 12, 4, 4, {"reduction", "use_init_val"},
                  infer_scatter_elements, eval_scatter_elements));
    r.add(make_op("ScatterNDUpdate", 15, 3, 3, {"reduction"}, infer_scatter_nd, eval_scatter_nd));
}

} // namespace mo::ops::movement
