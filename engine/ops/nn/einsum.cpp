// Einsum-7: Einstein summation over labelled axes (explicit "ab,bc->ac" or implicit "ab,bc"
// equations, repeated labels for diagonals, "..." for broadcast axes). The reference kernel walks
// every combination of label values: simple and exact, meant for checking, not speed.
#include "engine/ops/nn/nn_common.hpp"

#include <algorithm>
#include <map>

namespace mo::ops::nn {
namespace {

// Labels are numbered: letters 0..51 ('A'..'Z', 'a'..'z'); the ellipsis axes follow from 52 on,
// numbered from the left of the widest ellipsis.
constexpr int kEllipsisBase = 52;

int letter_label(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return 26 + (c - 'a');
    throw InferenceError(std::string("Einsum equation has an invalid label '") + c + "'");
}

// One subscript as written: letters, and where the ellipsis is (-1: none).
struct Subscript {
    std::vector<int> letters;
    int ellipsis_at = -1; // number of letters before the ellipsis
};

Subscript parse_subscript(std::string_view s) {
    Subscript sub;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '.') {
            require(s.substr(i, 3) == "..." && sub.ellipsis_at < 0,
                    "Einsum subscript '" + std::string(s) +
                        "' has a malformed or repeated ellipsis");
            sub.ellipsis_at = static_cast<int>(sub.letters.size());
            i += 2;
        } else {
            sub.letters.push_back(letter_label(s[i]));
        }
    }
    return sub;
}

struct Equation {
    std::vector<Subscript> inputs;
    std::optional<Subscript> output; // nullopt: implicit mode
};

Equation parse_equation(std::string equation) {
    equation.erase(std::remove(equation.begin(), equation.end(), ' '), equation.end());
    Equation eq;
    std::string lhs = equation;
    if (auto arrow = equation.find("->"); arrow != std::string::npos) {
        lhs = equation.substr(0, arrow);
        eq.output = parse_subscript(equation.substr(arrow + 2));
    }
    std::size_t start = 0;
    while (true) {
        const auto comma = lhs.find(',', start);
        eq.inputs.push_back(parse_subscript(lhs.substr(start, comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return eq;
}

// The equation resolved against the input ranks: every input axis (and output axis) as a label.
struct Plan {
    std::vector<std::vector<int>> input_labels;
    std::vector<int> output_labels;
    int ellipsis_rank = 0;
};

std::vector<int> expand(const Subscript& s, int ellipsis_dims, int ellipsis_rank) {
    std::vector<int> labels;
    for (std::size_t i = 0; i <= s.letters.size(); ++i) {
        if (static_cast<int>(i) == s.ellipsis_at)
            for (int e = ellipsis_rank - ellipsis_dims; e < ellipsis_rank; ++e)
                labels.push_back(kEllipsisBase + e);
        if (i < s.letters.size()) labels.push_back(s.letters[i]);
    }
    return labels;
}

Plan make_plan(const Node& n, const std::vector<std::int64_t>& ranks) {
    const Equation eq = parse_equation(n.attrs.get_string("equation"));
    require(eq.inputs.size() == ranks.size(),
            "Einsum equation has " + std::to_string(eq.inputs.size()) + " input subscripts for " +
                std::to_string(ranks.size()) + " inputs");
    Plan p;
    std::vector<int> ellipsis_dims(ranks.size(), 0);
    bool any_ellipsis = false;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const auto& s = eq.inputs[i];
        const auto letters = static_cast<std::int64_t>(s.letters.size());
        if (s.ellipsis_at < 0) {
            require(letters == ranks[i], "Einsum subscript " + std::to_string(i) + " has " +
                                             std::to_string(letters) + " labels for rank " +
                                             std::to_string(ranks[i]));
        } else {
            any_ellipsis = true;
            require(letters <= ranks[i], "Einsum subscript " + std::to_string(i) +
                                             " has more labels than the input's rank");
            ellipsis_dims[i] = static_cast<int>(ranks[i] - letters);
            p.ellipsis_rank = std::max(p.ellipsis_rank, ellipsis_dims[i]);
        }
    }
    for (std::size_t i = 0; i < ranks.size(); ++i)
        p.input_labels.push_back(expand(eq.inputs[i], ellipsis_dims[i], p.ellipsis_rank));
    if (eq.output) {
        require(!any_ellipsis || eq.output->ellipsis_at >= 0 || p.ellipsis_rank == 0,
                "Einsum output subscript needs an ellipsis when an input has one");
        p.output_labels = expand(*eq.output, p.ellipsis_rank, p.ellipsis_rank);
        for (int l : p.output_labels) {
            bool found = false;
            for (const auto& in : p.input_labels)
                found |= std::find(in.begin(), in.end(), l) != in.end();
            require(found || l >= kEllipsisBase, "Einsum output label is absent from the inputs");
        }
    } else {
        // Implicit: the ellipsis axes, then the labels used exactly once, in alphabetical order.
        std::map<int, int> uses;
        for (const auto& in : p.input_labels)
            for (int l : in) ++uses[l];
        for (int e = 0; e < p.ellipsis_rank; ++e) p.output_labels.push_back(kEllipsisBase + e);
        for (const auto& [l, count] : uses)
            if (l < kEllipsisBase && count == 1) p.output_labels.push_back(l);
    }
    return p;
}

// Size of every label: equal across uses, except ellipsis axes, which broadcast from 1.
std::map<int, std::int64_t> label_sizes(const Plan& p, const std::vector<PartialShape>& shapes) {
    std::map<int, std::int64_t> size;
    for (std::size_t i = 0; i < shapes.size(); ++i)
        for (std::size_t a = 0; a < p.input_labels[i].size(); ++a) {
            const int l = p.input_labels[i][a];
            const std::int64_t d = shapes[i][a];
            auto [it, fresh] = size.emplace(l, d);
            if (fresh || d == it->second) continue;
            if (l >= kEllipsisBase && (d == 1 || it->second == 1)) {
                if (it->second == 1 || it->second == kDyn) it->second = d == 1 ? it->second : d;
                continue;
            }
            if (d == kDyn) continue;
            if (it->second == kDyn) {
                it->second = d;
                continue;
            }
            throw InferenceError("Einsum dimensions labelled alike differ: " +
                                 std::to_string(it->second) + " and " + std::to_string(d));
        }
    return size;
}

std::vector<std::int64_t> ranks_of(const Node& n) {
    std::vector<std::int64_t> ranks;
    for (std::size_t i = 0; i < n.input_count(); ++i)
        ranks.push_back(static_cast<std::int64_t>(n.input_shape(i).rank()));
    return ranks;
}

void infer_einsum(Node& n) {
    require(n.input_count() >= 1, "Einsum needs at least one input");
    ElementType t = ElementType::dynamic;
    for (std::size_t i = 0; i < n.input_count(); ++i) {
        const ElementType ti = n.input_type(i);
        require(t == ElementType::dynamic || ti == ElementType::dynamic || ti == t,
                "Einsum inputs have different element types");
        if (ti != ElementType::dynamic) t = ti;
        if (!n.input_shape(i).rank_known()) {
            n.set_output(0, t, PartialShape::dynamic());
            return;
        }
    }
    std::vector<PartialShape> shapes;
    for (std::size_t i = 0; i < n.input_count(); ++i) shapes.push_back(n.input_shape(i));
    const Plan p = make_plan(n, ranks_of(n));
    const auto size = label_sizes(p, shapes);
    Shape out;
    for (int l : p.output_labels) {
        auto it = size.find(l);
        out.push_back(it == size.end() ? 1 : it->second);
    }
    n.set_output(0, t, PartialShape(out));
}

std::vector<Tensor> eval_einsum(const Node& n, std::span<const Tensor> in) {
    std::vector<std::int64_t> ranks;
    std::vector<PartialShape> shapes;
    for (const auto& t : in) {
        ranks.push_back(static_cast<std::int64_t>(t.shape().size()));
        shapes.emplace_back(t.shape());
    }
    const Plan p = make_plan(n, ranks);
    const auto size = label_sizes(p, shapes);

    // Iteration order: the output labels (outer), then the summed ones.
    std::vector<int> order = p.output_labels;
    for (const auto& [l, d] : size)
        if (std::find(order.begin(), order.end(), l) == order.end()) order.push_back(l);
    std::vector<std::int64_t> extent;
    for (int l : order) extent.push_back(size.count(l) ? size.at(l) : 1);

    // Per input, the element stride of each iterated label (broadcast axes of size 1 add 0;
    // a label repeated in one subscript adds its strides: the diagonal).
    std::vector<std::vector<std::int64_t>> stride(in.size(),
                                                  std::vector<std::int64_t>(order.size(), 0));
    std::vector<std::vector<double>> values;
    for (std::size_t i = 0; i < in.size(); ++i) {
        values.push_back(in[i].to_doubles());
        const auto rm = row_major_strides(in[i].shape());
        for (std::size_t a = 0; a < p.input_labels[i].size(); ++a) {
            if (in[i].shape()[a] == 1) continue; // size 1: always index 0, or broadcast
            const auto pos =
                std::find(order.begin(), order.end(), p.input_labels[i][a]) - order.begin();
            stride[i][static_cast<std::size_t>(pos)] += rm[a];
        }
    }
    Shape out_shape(extent.begin(),
                    extent.begin() + static_cast<std::ptrdiff_t>(p.output_labels.size()));
    Tensor out(in[0].type(), out_shape);
    std::int64_t total = 1;
    for (auto e : extent) total *= e;
    std::int64_t summed = 1;
    for (std::size_t k = p.output_labels.size(); k < extent.size(); ++k) summed *= extent[k];
    if (total == 0) return {out};

    std::vector<std::int64_t> index(order.size(), 0);
    std::vector<std::int64_t> offset(in.size(), 0);
    for (std::int64_t o = 0; o < out.size(); ++o) {
        double acc = 0;
        for (std::int64_t s = 0; s < summed; ++s) {
            double prod = 1;
            for (std::size_t i = 0; i < in.size(); ++i)
                prod *= values[i][static_cast<std::size_t>(offset[i])];
            acc += prod;
            // Advance the odometer (innermost label last).
            for (std::size_t k = order.size(); k-- > 0;) {
                for (std::size_t i = 0; i < in.size(); ++i) offset[i] += stride[i][k];
                if (++index[k] < extent[k]) break;
                for (std::size_t i = 0; i < in.size(); ++i) offset[i] -= stride[i][k] * extent[k];
                index[k] = 0;
            }
        }
        set_value_from_double(out, o, acc);
    }
    return {out};
}

} // namespace

void register_einsum_ops(OpRegistry& r) {
    r.add(make_op("Einsum", 7, 1, 64, {"equation"}, infer_einsum, eval_einsum));
}

} // namespace mo::ops::nn
