// Convert-1 (to destination_type) and ConvertLike-1 (to the type of a second input).
// Float -> integer truncates toward zero and saturates at the destination's range (NaN gives 0);
// integer -> integer wraps; anything -> boolean is "not zero".
#include "engine/ops/elementwise/common.hpp"

#include <type_traits>

namespace mo::ops::ew {
namespace {

ElementType destination_type(const Node& n) {
    const std::string& name = n.attrs.get_string("destination_type");
    auto t = element_type_from_string(name);
    if (!t || *t == ElementType::dynamic || *t == ElementType::string || *t == ElementType::u1)
        throw InferenceError("unsupported destination_type '" + name + "'");
    return *t;
}

template <class D, class S> D convert_value(S x) {
    if constexpr (std::is_floating_point_v<S> && !std::is_floating_point_v<D>)
        return saturate_cast<D>(x);
    else
        return static_cast<D>(x);
}

Tensor convert(const Tensor& in, ElementType dst) {
    if (in.type() == dst) return in;
    if (in.type() == ElementType::string || in.type() == ElementType::u1 ||
        dst == ElementType::string || dst == ElementType::u1)
        throw Error("cannot convert " + std::string(to_string(in.type())) + " to " +
                    std::string(to_string(dst)));
    const ElementType src_ct = compute_type(in.type());
    const ElementType dst_ct = compute_type(dst);
    const Tensor src =
        in.type() == ElementType::boolean ? normalized_bool(in) : prepared(in, src_ct);
    Tensor out(dst_ct, in.shape());
    const std::int64_t n = in.size();
    visit_numeric_or_bool(src_ct, [&](auto src_tag) {
        using S = typename decltype(src_tag)::type;
        const S* s = typed<S>(src);
        if (dst_ct == ElementType::boolean) {
            auto* d = typed_mut<std::uint8_t>(out);
            for (std::int64_t i = 0; i < n; ++i) d[i] = s[i] != 0 ? 1 : 0;
            return;
        }
        visit_numeric(dst_ct, [&](auto dst_tag) {
            using D = typename decltype(dst_tag)::type;
            D* d = typed_mut<D>(out);
            for (std::int64_t i = 0; i < n; ++i) d[i] = convert_value<D>(s[i]);
        });
    });
    return converted(out, dst); // f32 -> f16/bf16 when that was the destination
}

} // namespace

void register_convert_ops(OpRegistry& r) {
    r.add(make_op(
        "Convert", 1, 1, 1, {"destination_type"},
        [](Node& n) { n.set_output(0, destination_type(n), n.input_shape(0)); },
        [](const Node& n, std::span<const Tensor> in) {
            require_input_count(in, 1, 1);
            return std::vector<Tensor>{convert(in[0], destination_type(n))};
        }));
    r.add(make_op(
        "ConvertLike", 1, 2, 2, {},
        [](Node& n) { n.set_output(0, n.input_type(1), n.input_shape(0)); },
        [](const Node&, std::span<const Tensor> in) {
            require_input_count(in, 2, 2);
            return std::vector<Tensor>{convert(in[0], in[1].type())};
        }));
}

} // namespace mo::ops::ew
