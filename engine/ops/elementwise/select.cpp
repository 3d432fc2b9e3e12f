// Select-1: out = cond ? then : else, with the three inputs broadcast together.
#include "engine/ops/elementwise/common.hpp"

namespace mo::ops::ew {
namespace {

void infer_select(Node& n) {
    const AutoBroadcast mode = auto_broadcast_of(n);
    require_boolean(n.input_type(0), "cond");
    const ElementType t = merge_input_types(n, 1, 2);
    const PartialShape values = broadcast_shapes(n.input_shape(1), n.input_shape(2), mode);
    n.set_output(0, t, broadcast_shapes(n.input_shape(0), values, mode));
}

// Selection only moves elements, so it works on storage words of the element's size.
template <class U>
void select_words(const Tensor& cond, const Tensor& a, const Tensor& b, Tensor& out) {
    const auto* c = reinterpret_cast<const std::uint8_t*>(cond.raw());
    const U* pa = typed<U>(a);
    const U* pb = typed<U>(b);
    U* po = typed_mut<U>(out);
    BroadcastWalker<3> walker(out.shape(), {&cond.shape(), &a.shape(), &b.shape()});
    walker.for_each_row([&](const auto& off, const auto& step, std::int64_t o, std::int64_t n) {
        for (std::int64_t i = 0; i < n; ++i)
            po[o + i] =
                c[off[0] + i * step[0]] ? pa[off[1] + i * step[1]] : pb[off[2] + i * step[2]];
    });
}

std::vector<Tensor> eval_select(std::span<const Tensor> in) {
    require_input_count(in, 3, 3);
    if (in[0].type() != ElementType::boolean)
        throw Error("cond has element type " + std::string(to_string(in[0].type())) +
                    ", expected boolean");
    require_same_type(in[1], in[2]);
    const ElementType type = in[1].type();
    const Shape shape =
        broadcast_static(in[0].shape(), broadcast_static(in[1].shape(), in[2].shape()));
    Tensor out(type, shape);
    const Tensor a = prepared(in[1], type);
    const Tensor b = prepared(in[2], type);
    switch (byte_size(type)) {
    case 1:
        select_words<std::uint8_t>(in[0], a, b, out);
        break;
    case 2:
        select_words<std::uint16_t>(in[0], a, b, out);
        break;
    case 4:
        select_words<std::uint32_t>(in[0], a, b, out);
        break;
    case 8:
        select_words<std::uint64_t>(in[0], a, b, out);
        break;
    default:
        no_kernel_for(type);
    }
    return {out};
}

} // namespace

void register_select_op(OpRegistry& r) {
    r.add(make_op("Select", 1, 3, 3, {"auto_broadcast"}, infer_select,
                  [](const Node&, std::span<const Tensor> in) { return eval_select(in); }));
}

} // namespace mo::ops::ew
