// Convolution-1, GroupConvolution-1, ConvolutionBackpropData-1, GroupConvolutionBackpropData-1.
#include "engine/ops/nn/conv_kernels.hpp"
#include "engine/ops/nn/nn_common.hpp"

namespace mo::ops::nn {
namespace {

// Everything shape inference and the kernels need to know about one convolution node.
struct ConvPlan {
    PartialShape output;
    std::size_t spatial = 0;
    Ints strides, dilations, kernel, pads_begin, pads_end; // pads valid when pads_known
    bool pads_known = true;
    ConvSizes sizes;
};

// Rank checks shared by all four ops; returns the rank of data (0 when unknown).
std::size_t checked_rank(const PartialShape& x, const PartialShape& w, bool grouped) {
    const std::size_t extra = grouped ? 1 : 0;
    require_rank(x, 3, 5, "data");
    require_rank(w, 3 + extra, 5 + extra, "weights");
    if (x.rank_known() && w.rank_known())
        require(w.rank() == x.rank() + extra, "weights rank " + std::to_string(w.rank()) +
                                                  " does not fit data rank " +
                                                  std::to_string(x.rank()) + " (expected " +
                                                  std::to_string(x.rank() + extra) + ")");
    if (x.rank_known()) return x.rank();
    if (w.rank_known()) return w.rank() - extra;
    return 0;
}

std::int64_t product_or_dyn(std::int64_t a, std::int64_t b) {
    return a < 0 || b < 0 ? kDyn : a * b;
}

// Reads groups and per-group channel counts of the weights and checks the data's channels.
// Forward weights: [(G,) C_OUT, C_IN, ...]; backprop weights: [(G,) C_IN, C_OUT, ...].
void channel_sizes(const PartialShape& x, const PartialShape& w, bool grouped, bool backprop,
                   ConvPlan& p, std::int64_t& out_channels) {
    const std::size_t off = grouped ? 1 : 0;
    const std::int64_t groups = grouped ? w[0] : 1;
    const std::int64_t cin = backprop ? w[off] : w[off + 1];
    const std::int64_t cout = backprop ? w[off + 1] : w[off];
    out_channels = product_or_dyn(groups, cout);
    const std::int64_t expected = product_or_dyn(groups, cin);
    if (x.rank_known() && !dims_compatible(x[1], expected)) {
        if (grouped)
            throw InferenceError("input channels " + dim_str(x[1]) +
                                 " do not match weights' groups*channels " + dim_str(groups) + "*" +
                                 dim_str(cin) + "=" + dim_str(expected));
        throw InferenceError("input channels " + dim_str(x[1]) + " do not match weights' " +
                             dim_str(cin));
    }
    p.sizes.groups = groups;
    p.sizes.in_channels = cin;
    p.sizes.out_channels = cout;
}

void read_common_attrs(const Attributes& a, AutoPad mode, ConvPlan& p) {
    const std::size_t n = p.spatial;
    p.strides = spatial_attr(a, "strides", n);
    p.dilations = spatial_attr(a, "dilations", n);
    require_positive(p.strides, "strides");
    require_positive(p.dilations, "dilations");
    read_pads(a, mode, n, p.pads_begin, p.pads_end);
}

// The part of planning that forward and backward convolutions share: the rank check (a plan of
// unknown output when the rank is unknown: returns nullopt), then the attributes.
std::optional<AutoPad> start_plan(const Attributes& a, const PartialShape& x,
                                  const PartialShape& w, bool grouped, ConvPlan& p) {
    const std::size_t rank = checked_rank(x, w, grouped);
    if (rank == 0) {
        p.output = PartialShape::dynamic();
        p.pads_known = false;
        return std::nullopt;
    }
    p.spatial = rank - 2;
    const AutoPad mode = auto_pad_attr(a);
    read_common_attrs(a, mode, p);
    return mode;
}

ConvPlan plan_forward(const Attributes& a, const PartialShape& x, const PartialShape& w,
                      bool grouped) {
    ConvPlan p;
    const std::optional<AutoPad> started = start_plan(a, x, w, grouped, p);
    if (!started) return p;
    const AutoPad mode = *started;
    const std::size_t rank = p.spatial + 2;
    PartialShape x_unranked, w_unranked; // stand-ins for a shape of unknown rank
    const PartialShape& xs =
        x.rank_known() ? x : (x_unranked = PartialShape::dynamic_of_rank(rank));
    const PartialShape& ws =
        w.rank_known() ? w : (w_unranked = PartialShape::dynamic_of_rank(rank + (grouped ? 1 : 0)));
    std::int64_t out_channels = kDyn;
    channel_sizes(xs, ws, grouped, false, p, out_channels);
    Shape out;
    out.reserve(rank);
    out.push_back(xs[0]);
    out.push_back(out_channels);
    p.kernel.reserve(p.spatial);
    const std::size_t koff = grouped ? 3 : 2;
    for (std::size_t i = 0; i < p.spatial; ++i) {
        const std::int64_t k = ws[koff + i];
        p.kernel.push_back(k);
        const std::int64_t window = k < 0 ? kDyn : (k - 1) * p.dilations[i] + 1;
        out.push_back(forward_axis(mode, xs[2 + i], window, p.strides[i], p.pads_begin[i],
                                   p.pads_end[i], p.pads_known, false, i));
    }
    p.output = PartialShape(std::move(out));
    return p;
}

// `output_shape` is the value of the optional third input: absent (no input), unknown (input
// not constant) or known.
ConvPlan plan_backprop(const Attributes& a, const PartialShape& x, const PartialShape& w,
                       bool grouped, bool has_output_shape,
                       const std::optional<Ints>& output_shape) {
    ConvPlan p;
    const std::optional<AutoPad> started = start_plan(a, x, w, grouped, p);
    if (!started) return p;
    const AutoPad mode = *started;
    const std::size_t rank = p.spatial + 2;
    const Ints output_padding = spatial_attr(a, "output_padding", p.spatial, 0);
    for (auto v : output_padding)
        require(v >= 0,
                "attribute 'output_padding' must not be negative, got " + std::to_string(v));
    const PartialShape xs = x.rank_known() ? x : PartialShape::dynamic_of_rank(rank);
    const PartialShape ws =
        w.rank_known() ? w : PartialShape::dynamic_of_rank(rank + (grouped ? 1 : 0));
    std::int64_t out_channels = kDyn;
    channel_sizes(xs, ws, grouped, true, p, out_channels);
    if (output_shape)
        require(output_shape->size() == p.spatial,
                "output_shape has " + std::to_string(output_shape->size()) + " values, expected " +
                    std::to_string(p.spatial) + " (one per spatial axis)");
    Shape out{xs[0], out_channels};
    const std::size_t koff = grouped ? 3 : 2;
    for (std::size_t i = 0; i < p.spatial; ++i) {
        const std::int64_t k = ws[koff + i], in = xs[2 + i];
        p.kernel.push_back(k);
        const bool known = k >= 0 && in >= 0;
        // Extent of the full (uncropped) transposed convolution.
        const std::int64_t full =
            known ? p.strides[i] * (in - 1) + (k - 1) * p.dilations[i] + 1 + output_padding[i]
                  : kDyn;
        if (has_output_shape) {
            const std::int64_t o = output_shape ? (*output_shape)[i] : kDyn;
            if (output_shape)
                require(o > 0, "output_shape values must be positive, got " + std::to_string(o));
            out.push_back(o);
            if (!known || o < 0) {
                p.pads_known = false;
                continue;
            }
            const std::int64_t total = full - o;
            const std::int64_t half = total / 2;
            p.pads_begin[i] = mode == AutoPad::same_upper ? total - half : half;
            p.pads_end[i] = total - p.pads_begin[i];
        } else {
            if (mode != AutoPad::explicit_pads) p.pads_begin[i] = p.pads_end[i] = 0;
            if (!known) {
                out.push_back(kDyn);
                continue;
            }
            const std::int64_t o = full - p.pads_begin[i] - p.pads_end[i];
            require(o > 0, "output spatial size along axis " + std::to_string(i) + " is " +
                               std::to_string(o) + " (pads larger than the output)");
            out.push_back(o);
        }
    }
    p.output = PartialShape(std::move(out));
    return p;
}

std::vector<Tensor> run(const ConvPlan& p, const Tensor& x, const Tensor& w, bool backprop) {
    if (!p.output.is_static() || !p.pads_known)
        throw Error("convolution geometry is not fully known");
    const Shape& out_shape = p.output.to_shape();
    ConvSizes sizes = p.sizes;
    sizes.batch = x.shape()[0];
    const Geometry3 g = make_geometry(dims_from(x.shape(), 2), dims_from(out_shape, 2), p.kernel,
                                      p.strides, p.dilations, p.pads_begin, p.pads_end);
    return with_float_type(x.type(), [&](auto tag) {
        using T = decltype(tag);
        const ElementType ct = element_type_of<T>();
        const Tensor xc = x.cast(ct), wc = w.cast(ct);
        Tensor y(ct, out_shape);
        if (backprop)
            convolution_backprop_data(xc.data<T>().data(), wc.data<T>().data(),
                                      y.mutable_data<T>().data(), g, sizes);
        else
            convolution_forward(xc.data<T>().data(), wc.data<T>().data(),
                                y.mutable_data<T>().data(), g, sizes);
        return std::vector<Tensor>{y.cast(x.type())};
    });
}

OpDef forward_op(std::string type, bool grouped) {
    return make_op(
        std::move(type), 1, 2, 2, {"strides", "pads_begin", "pads_end", "dilations", "auto_pad"},
        [grouped](Node& n) {
            const ElementType t = same_type(n, 0, 1, "data", "weights");
            const ConvPlan p = plan_forward(n.attrs, n.input_shape(0), n.input_shape(1), grouped);
            n.set_output(0, t, p.output);
        },
        [grouped](const Node& n, std::span<const Tensor> in) {
            const ConvPlan p = plan_forward(n.attrs, PartialShape(in[0].shape()),
                                            PartialShape(in[1].shape()), grouped);
            return run(p, in[0], in[1], false);
        });
}

OpDef backprop_op(std::string type, bool grouped) {
    return make_op(
        std::move(type), 1, 2, 3,
        {"strides", "pads_begin", "pads_end", "dilations", "auto_pad", "output_padding"},
        [grouped](Node& n) {
            const ElementType t = same_type(n, 0, 1, "data", "weights");
            const bool has_shape = n.input_count() > 2;
            std::optional<Ints> shape;
            if (has_shape) {
                require_integral(n.input_type(2), "output_shape");
                require_rank(n.input_shape(2), 1, 1, "output_shape");
                shape = const_ints(n, 2);
            }
            const ConvPlan p = plan_backprop(n.attrs, n.input_shape(0), n.input_shape(1), grouped,
                                             has_shape, shape);
            n.set_output(0, t, p.output);
        },
        [grouped](const Node& n, std::span<const Tensor> in) {
            const bool has_shape = in.size() > 2;
            std::optional<Ints> shape;
            if (has_shape) shape = in[2].to_int64s();
            const ConvPlan p =
                plan_backprop(n.attrs, PartialShape(in[0].shape()), PartialShape(in[1].shape()),
                              grouped, has_shape, shape);
            return run(p, in[0], in[1], true);
        });
}

} // namespace

void register_convolution_ops(OpRegistry& r) {
    r.add(forward_op("Convolution", false));
    r.add(forward_op("GroupConvolution", true));
    r.add(backprop_op("ConvolutionBackpropData", false));
    r.add(backprop_op("GroupConvolutionBackpropData", true));
}

} // namespace mo::ops::nn
