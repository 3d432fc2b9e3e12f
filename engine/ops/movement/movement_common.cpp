#include "engine/ops/movement/movement_common.hpp"

#include <algorithm>

namespace mo::ops::movement {

std::string dim_str(std::int64_t d) { return is_dynamic(d) ? std::string("?") : std::to_string(d); }

std::string ints_str(std::span<const std::int64_t> v) {
    std::string s = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) s += ',';
        s += std::to_string(v[i]);
    }
    return s + "]";
}

PartialShape shape_of_rank(std::optional<std::size_t> rank) {
    return rank ? PartialShape::dynamic_of_rank(*rank) : PartialShape::dynamic();
}

std::optional<std::size_t> length_of_1d_input(const Node& node, std::size_t i) {
    const PartialShape& s = node.input_shape(i);
    if (!s.rank_known()) return std::nullopt;
    if (s.rank() == 0) return 1;
    if (s.rank() == 1 && !is_dynamic(s[0])) return static_cast<std::size_t>(s[0]);
    return std::nullopt;
}

void require_integer_input(const Node& node, std::size_t i, std::string_view what) {
    const ElementType t = node.input_type(i);
    require(t == ElementType::dynamic || is_integral(t),
            std::string(what) + " must have an integer element type, got " +
                std::string(to_string(t)));
}

void require_input_rank(const Node& node, std::size_t i, std::initializer_list<std::size_t> ranks,
                        std::string_view what) {
    const PartialShape& s = node.input_shape(i);
    if (!s.rank_known()) return;
    if (std::find(ranks.begin(), ranks.end(), s.rank()) != ranks.end()) return;
    std::string allowed;
    for (auto r : ranks) allowed += (allowed.empty() ? "" : " or ") + std::to_string(r);
    throw InferenceError(std::string(what) + " must have rank " + allowed + ", got shape " +
                         s.to_string());
}

std::optional<std::int64_t> const_scalar(const Node& node, std::size_t i, std::string_view what) {
    auto v = const_ints(node, i);
    if (!v) return std::nullopt;
    require(v->size() == 1, std::string(what) + " must hold exactly one value, got " +
                                std::to_string(v->size()));
    return v->front();
}

std::int64_t scalar_value(const Tensor& t, std::string_view what) {
    require(t.size() == 1, std::string(what) + " must hold exactly one value, got " +
                               std::to_string(t.size()));
    return t.value_as_int64(0);
}

ElementType type_attr(const Attributes& a, std::string_view name,
                      std::optional<std::string_view> fallback,
                      std::initializer_list<ElementType> allowed) {
    const std::string text =
        fallback ? a.get_string(name, *fallback) : std::string(a.get_string(name));
    auto t = element_type_from_string(text);
    bool ok = t && *t != ElementType::dynamic && *t != ElementType::string &&
              *t != ElementType::u1;
    if (ok && allowed.size() != 0) ok = std::find(allowed.begin(), allowed.end(), *t) != allowed.end();
    if (!ok) {
        std::string choices;
        for (auto e : allowed) choices += (choices.empty() ? "" : ", ") + std::string(to_string(e));
        throw InferenceError("attribute '" + std::string(name) + "' has unsupported value '" + text +
                             "'" + (choices.empty() ? std::string() : " (expected " + choices + ")"));
    }
    return *t;
}

std::size_t element_bytes(ElementType t) {
    const std::size_t n = byte_size(t);
    if (n == 0 || t == ElementType::u1)
        throw Error("no reference kernel for element type " + std::string(to_string(t)));
    return n;
}

void require_index_in_range(std::int64_t index, std::int64_t size, std::string_view what) {
    if (index < 0 || index >= size)
        throw InferenceError(std::string(what) + " " + std::to_string(index) +
                             " is out of range [0, " + std::to_string(size) + ")");
}

namespace {

// Walks the output in row-major order, accumulating the source offset dimension by dimension.
class MappedCopy {
public:
    MappedCopy(const std::byte* src, std::size_t elem, const Shape& shape,
               const std::vector<std::vector<std::int64_t>>& offsets, const std::byte* fill)
        : src_(src), elem_(elem), shape_(shape), offsets_(offsets), fill_(fill),
          block_(shape.size(), 1) {
        for (std::size_t i = shape.size(); i-- > 1;) block_[i - 1] = block_[i] * shape[i];
        const auto& inner = offsets.back();
        inner_contiguous_ = true;
        for (std::size_t o = 0; o < inner.size(); ++o)
            if (inner[o] == kOutside || inner[o] != inner[0] + static_cast<std::int64_t>(o))
                inner_contiguous_ = false;
    }

    std::byte* run(std::size_t d, std::int64_t base, std::byte* out) const {
        const auto& offs = offsets_[d];
        const std::int64_t n = shape_[d];
        if (d + 1 == shape_.size()) return run_inner(base, offs, n, out);
        for (std::int64_t o = 0; o < n; ++o) {
            if (offs[o] == kOutside) out = fill_block(out, block_[d]);
            else out = run(d + 1, base + offs[o], out);
        }
        return out;
    }

private:
    std::byte* fill_block(std::byte* out, std::int64_t count) const {
        if (fill_)
            for (std::int64_t i = 0; i < count; ++i) std::memcpy(out + i * elem_, fill_, elem_);
        return out + count * static_cast<std::int64_t>(elem_);
    }

    std::byte* run_inner(std::int64_t base, const std::vector<std::int64_t>& offs, std::int64_t n,
                         std::byte* out) const {
        if (inner_contiguous_) {
            copy_elements(out, src_ + (base + offs[0]) * static_cast<std::int64_t>(elem_), n, elem_);
            return out + n * static_cast<std::int64_t>(elem_);
        }
        switch (elem_) {
        case 1: return run_inner_fixed<1>(base, offs, n, out);
        case 2: return run_inner_fixed<2>(base, offs, n, out);
        case 4: return run_inner_fixed<4>(base, offs, n, out);
        case 8: return run_inner_fixed<8>(base, offs, n, out);
        default: break;
        }
        for (std::int64_t o = 0; o < n; ++o, out += elem_) {
            if (offs[o] == kOutside) fill_block(out, 1);
            else std::memcpy(out, src_ + (base + offs[o]) * static_cast<std::int64_t>(elem_), elem_);
        }
        return out;
    }

    template <std::size_t E>
    std::byte* run_inner_fixed(std::int64_t base, const std::vector<std::int64_t>& offs,
                               std::int64_t n, std::byte* out) const {
        for (std::int64_t o = 0; o < n; ++o, out += E) {
            if (offs[o] == kOutside) fill_block(out, 1);
            else std::memcpy(out, src_ + (base + offs[o]) * static_cast<std::int64_t>(E), E);
        }
        return out;
    }

    const std::byte* src_;
    std::size_t elem_;
    const Shape& shape_;
    const std::vector<std::vector<std::int64_t>>& offsets_;
    const std::byte* fill_;
    std::vector<std::int64_t> block_;
    bool inner_contiguous_ = false;
};

} // namespace

Tensor copy_mapped(const Tensor& src, const Shape& out_shape,
                   const std::vector<std::vector<std::int64_t>>& offsets, const std::byte* fill,
                   std::int64_t base) {
    const std::size_t elem = element_bytes(src.type());
    Tensor out(src.type(), out_shape);
    if (out.size() == 0) return out;
    if (out_shape.empty()) {
        copy_elements(out.mutable_raw(), src.raw() + base * static_cast<std::int64_t>(elem), 1, elem);
        return out;
    }
    MappedCopy(src.raw(), elem, out_shape, offsets, fill).run(0, base, out.mutable_raw());
    return out;
}

std::vector<std::int64_t> affine_offsets(std::int64_t count, std::int64_t start, std::int64_t step,
                                         std::int64_t stride) {
    std::vector<std::int64_t> v(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
    for (std::size_t i = 0; i < v.size(); ++i)
        v[i] = (start + static_cast<std::int64_t>(i) * step) * stride;
    return v;
}

Tensor transpose_tensor(const Tensor& t, std::span<const std::int64_t> perm) {
    const Shape& in = t.shape();
    const auto strides = row_major_strides(in);
    Shape out(perm.size());
    std::vector<std::vector<std::int64_t>> offsets(perm.size());
    for (std::size_t i = 0; i < perm.size(); ++i) {
        const auto p = static_cast<std::size_t>(perm[i]);
        out[i] = in[p];
        offsets[i] = affine_offsets(in[p], 0, 1, strides[p]);
    }
    return copy_mapped(t, out, offsets);
}

} // namespace mo::ops::movement
