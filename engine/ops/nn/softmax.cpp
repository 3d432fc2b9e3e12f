// SoftMax-1 (also registered as "Softmax"-1), Softmax-8, LogSoftmax-5.
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <cmath>

namespace mo::ops::nn {
namespace {

// Softmax (or its logarithm) along `axis`, computed from max-shifted values for stability.
template <class T>
void softmax(std::span<const T> x, std::span<T> y, const Shape& shape, std::size_t axis, bool log) {
    const std::int64_t dim = shape[axis];
    const std::int64_t inner = element_count(dims_from(shape, axis + 1));
    const std::int64_t outer = dim * inner == 0 ? 0 : element_count(shape) / (dim * inner);
    for (std::int64_t o = 0; o < outer; ++o)
        for (std::int64_t i = 0; i < inner; ++i) {
            const std::int64_t base = o * dim * inner + i;
            double mx = -INFINITY;
            for (std::int64_t c = 0; c < dim; ++c) mx = std::max<double>(mx, x[base + c * inner]);
            double sum = 0;
            for (std::int64_t c = 0; c < dim; ++c)
                sum += std::exp(double(x[base + c * inner]) - mx);
            const double log_sum = std::log(sum);
            for (std::int64_t c = 0; c < dim; ++c) {
                const double t = double(x[base + c * inner]) - mx;
                y[base + c * inner] = static_cast<T>(log ? t - log_sum : std::exp(t) / sum);
            }
        }
}

// opset 1's axis must be non-negative; later versions count negative axes from the back.
OpDef softmax_op(std::string type, int opset, bool log, bool negative_axis) {
    auto axis_of = [negative_axis](const Attributes& a, std::size_t rank) {
        const std::int64_t axis = a.get_int("axis", 1);
        require(negative_axis || axis >= 0,
                "axis must not be negative in this opset version, got " + std::to_string(axis));
        return static_cast<std::size_t>(normalize_axis(axis, static_cast<std::int64_t>(rank)));
    };
    return make_op(
        std::move(type), opset, 1, 1, {"axis"},
        [=](Node& n) {
            if (log) require_floating(n.input_type(0), "data");
            if (n.input_shape(0).rank_known()) axis_of(n.attrs, n.input_shape(0).rank());
            n.set_output(0, n.input_type(0), n.input_shape(0));
        },
        [=](const Node& n, std::span<const Tensor> in) {
            const Tensor& x = in[0];
            require(!x.shape().empty(), "data must not be a scalar");
            const std::size_t axis = axis_of(n.attrs, x.shape().size());
            return with_float_type(x.type(), [&](auto tag) {
                using T = decltype(tag);
                const Tensor xc = x.cast(element_type_of<T>());
                Tensor y(element_type_of<T>(), x.shape());
                softmax<T>(xc.data<T>(), y.mutable_data<T>(), x.shape(), axis, log);
                return std::vector<Tensor>{y.cast(x.type())};
            });
        });
}

} // namespace

void register_softmax_ops(OpRegistry& r) {
    // The spec names opset 1's operation "SoftMax"; the runtime reads either spelling.
    r.add(softmax_op("SoftMax", 1, false, false));
    r.add(softmax_op("Softmax", 1, false, false));
    r.add(softmax_op("Softmax", 8, false, true));
    r.add(softmax_op("LogSoftmax", 5, true, true));
}

} // namespace mo::ops::nn
