#pragma once
// Folds every element of a row-major tensor into the accumulator of its output position.
// Consecutive dims of the same kind (reduced / kept) are merged first, so the inner loop is
// either a contiguous fold into one accumulator or an element-wise fold into a contiguous row.
#include "engine/core/shape.hpp"

#include <cstdint>
#include <vector>

namespace mo::ops::red {

class ReduceWalker {
public:
    ReduceWalker(const Shape& shape, const std::vector<bool>& reduced) {
        for (std::size_t i = 0; i < shape.size(); ++i) {
            empty_ = empty_ || shape[i] == 0;
            if (shape[i] == 1) continue;
            if (!dims_.empty() && reduced_.back() == reduced[i]) {
                dims_.back() *= shape[i];
            } else {
                dims_.push_back(shape[i]);
                reduced_.push_back(reduced[i]);
            }
        }
        out_strides_.assign(dims_.size(), 0);
        std::int64_t stride = 1;
        for (std::size_t i = dims_.size(); i-- > 0;) {
            if (reduced_[i]) continue;
            out_strides_[i] = stride;
            stride *= dims_[i];
        }
    }

    // acc[out_offset] = combine(acc[out_offset], in[i]) for every input element.
    template <class T, class Acc, class Combine>
    void fold(const T* in, Acc* acc, Combine combine) const {
        if (empty_) return;
        if (dims_.empty()) { // one element
            acc[0] = combine(acc[0], in[0]);
            return;
        }
        const std::size_t outer = dims_.size() - 1;
        const std::int64_t length = dims_.back();
        const bool inner_reduced = reduced_.back();
        std::int64_t rows = 1;
        for (std::size_t d = 0; d < outer; ++d) rows *= dims_[d];
        std::vector<std::int64_t> index(outer, 0);
        std::int64_t o = 0;
        const T* p = in;
        for (std::int64_t r = 0; r < rows; ++r, p += length) {
            if (inner_reduced) {
                Acc s = acc[o];
                for (std::int64_t i = 0; i < length; ++i) s = combine(s, p[i]);
                acc[o] = s;
            } else {
                Acc* a = acc + o;
                for (std::int64_t i = 0; i < length; ++i) a[i] = combine(a[i], p[i]);
            }
            for (std::size_t d = outer; d-- > 0;) {
                o += out_strides_[d];
                if (++index[d] < dims_[d]) break;
                o -= out_strides_[d] * dims_[d];
                index[d] = 0;
            }
        }
    }

private:
    Shape dims_;
    std::vector<bool> reduced_;
    std::vector<std::int64_t> out_strides_;
    bool empty_ = false;
};

} // namespace mo::ops::red
