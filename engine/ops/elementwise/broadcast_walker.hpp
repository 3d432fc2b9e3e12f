#pragma once
// Iterates over the output of a NumPy broadcast of N inputs as a sequence of contiguous rows, so
// kernels run tight inner loops. Dimensions are coalesced first: equal shapes become one row of
// the whole tensor, a scalar operand becomes a row with step 0.
#include "engine/core/shape.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace mo::ops::ew {

template <std::size_t N> class BroadcastWalker {
public:
    using Offsets = std::array<std::int64_t, N>;

    // `out` must be the broadcast of the input shapes (callers check compatibility first).
    BroadcastWalker(const Shape& out, const std::array<const Shape*, N>& inputs) {
        const std::size_t rank = out.size();
        for (auto d : out) empty_ = empty_ || d == 0;
        // Per-input element strides along each output dim; 0 where the input is broadcast.
        std::array<std::vector<std::int64_t>, N> full;
        for (std::size_t k = 0; k < N; ++k) {
            const Shape& s = *inputs[k];
            full[k].assign(rank, 0);
            std::int64_t stride = 1;
            for (std::size_t i = s.size(); i-- > 0;) {
                const std::size_t o = rank - s.size() + i;
                if (s[i] != 1) full[k][o] = stride;
                stride *= s[i];
            }
        }
        for (std::size_t i = 0; i < rank; ++i) {
            if (out[i] == 1) continue; // contributes nothing to the walk
            const bool mergeable = !dims_.empty() && [&] {
                for (std::size_t k = 0; k < N; ++k)
                    if (strides_[k].back() != full[k][i] * out[i]) return false;
                return true;
            }();
            if (mergeable) {
                dims_.back() *= out[i];
                for (std::size_t k = 0; k < N; ++k) strides_[k].back() = full[k][i];
            } else {
                dims_.push_back(out[i]);
                for (std::size_t k = 0; k < N; ++k) strides_[k].push_back(full[k][i]);
            }
        }
        if (dims_.empty()) { // a single element
            dims_.push_back(1);
            for (auto& s : strides_) s.push_back(0);
        }
    }

    // Calls row(offsets, steps, out_offset, length) for each run of `length` consecutive output
    // elements; input k's elements of the run are at offsets[k] + i * steps[k] (steps are 0 or 1).
    template <class F> void for_each_row(F&& row) const {
        if (empty_) return;
        const std::size_t outer = dims_.size() - 1;
        const std::int64_t length = dims_.back();
        Offsets steps{};
        for (std::size_t k = 0; k < N; ++k) steps[k] = strides_[k].back();
        std::int64_t rows = 1;
        for (std::size_t d = 0; d < outer; ++d) rows *= dims_[d];

        std::vector<std::int64_t> index(outer, 0);
        Offsets offsets{};
        std::int64_t out_offset = 0;
        for (std::int64_t r = 0; r < rows; ++r, out_offset += length) {
            row(offsets, steps, out_offset, length);
            for (std::size_t d = outer; d-- > 0;) {
                for (std::size_t k = 0; k < N; ++k) offsets[k] += strides_[k][d];
                if (++index[d] < dims_[d]) break;
                for (std::size_t k = 0; k < N; ++k) offsets[k] -= strides_[k][d] * dims_[d];
                index[d] = 0;
            }
        }
    }

private:
    Shape dims_;
    std::array<std::vector<std::int64_t>, N> strides_;
    bool empty_ = false;
};

// out[i] = op(a[i], b[i]) with NumPy broadcasting; separate loops per step pattern so the common
// cases (same shape, scalar operand, broadcast row) vectorize.
template <class A, class B, class O, class Op>
void binary_broadcast(const A* a, const B* b, O* out, const BroadcastWalker<2>& walker, Op op) {
    walker.for_each_row([&](const auto& off, const auto& step, std::int64_t o, std::int64_t n) {
        const A* pa = a + off[0];
        const B* pb = b + off[1];
        O* po = out + o;
        if (step[0] && step[1]) {
            for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<O>(op(pa[i], pb[i]));
        } else if (step[0]) {
            const B vb = *pb;
            for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<O>(op(pa[i], vb));
        } else if (step[1]) {
            const A va = *pa;
            for (std::int64_t i = 0; i < n; ++i) po[i] = static_cast<O>(op(va, pb[i]));
        } else {
            const O v = static_cast<O>(op(*pa, *pb));
            for (std::int64_t i = 0; i < n; ++i) po[i] = v;
        }
    });
}

} // namespace mo::ops::ew
