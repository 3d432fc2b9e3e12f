// DetectionOutput-1 (docs/ops/detection/DetectionOutput_1.md): shape and type inference only, no
// reference kernel. Replacement configs put it in place of a detector's post-processing block.
#include "engine/ops/nn/nn_common.hpp"

#include <vector>

namespace mo::ops::nn {
namespace {

std::int64_t dim(const PartialShape& s, std::size_t i) {
    return s.rank_known() && i < s.rank() ? s[i] : PartialShape::kDynamic;
}

// Output [1, 1, R, 7]: R from keep_top_k[0], else top_k * num_classes, else
// num_classes * num_prior_boxes, each times the batch N.
void infer_detection_output(Node& n) {
    const std::size_t inputs = n.input_count();
    require(inputs == 3 || inputs == 5,
            "DetectionOutput takes 3 or 5 inputs, got " + std::to_string(inputs));
    const ElementType t = n.input_type(0);
    require(t == ElementType::dynamic || is_floating(t),
            "box logits must be floating, not " + std::string(to_string(t)));
    const std::int64_t num_classes = n.attrs.get_int("num_classes");
    require(num_classes > 0, "num_classes must be positive");
    const auto keep_top_k = n.attrs.get_ints("keep_top_k");
    require(!keep_top_k.empty(), "keep_top_k must hold at least one value");
    const std::int64_t top_k = n.attrs.get_int("top_k", -1);
    const bool share_location = n.attrs.get_bool("share_location", true);
    const bool normalized = n.attrs.get_bool("normalized", false);
    const bool variance_encoded = n.attrs.get_bool("variance_encoded_in_target", false);

    const PartialShape& loc = n.input_shape(0);
    const PartialShape& conf = n.input_shape(1);
    const PartialShape& priors = n.input_shape(2);
    require(!loc.rank_known() || loc.rank() == 2, "box logits must be 2-D, got " + loc.to_string());
    require(!conf.rank_known() || conf.rank() == 2,
            "class predictions must be 2-D, got " + conf.to_string());
    require(!priors.rank_known() || priors.rank() == 3,
            "proposals must be 3-D, got " + priors.to_string());
    const std::int64_t prior_size = normalized ? 4 : 5;
    const std::int64_t loc_classes = share_location ? 1 : num_classes;

    std::int64_t batch = dim(loc, 0);
    if (batch == PartialShape::kDynamic) batch = dim(conf, 0);
    std::int64_t num_priors = PartialShape::kDynamic;
    if (const std::int64_t p = dim(priors, 2); p != PartialShape::kDynamic) {
        require(p % prior_size == 0, "proposals' last dimension " + std::to_string(p) +
                                         " is not a multiple of the prior box size " +
                                         std::to_string(prior_size));
        num_priors = p / prior_size;
        const std::int64_t variances = dim(priors, 1);
        require(variances == PartialShape::kDynamic || variances == (variance_encoded ? 1 : 2),
                "proposals' second dimension must be " + std::string(variance_encoded ? "1" : "2") +
                    ", got " + std::to_string(variances));
    } else if (const std::int64_t l = dim(loc, 1); l != PartialShape::kDynamic) {
        num_priors = l / (loc_classes * 4);
    }
    if (num_priors != PartialShape::kDynamic) {
        if (const std::int64_t l = dim(loc, 1); l != PartialShape::kDynamic)
            require(l == num_priors * loc_classes * 4,
                    "box logits' second dimension " + std::to_string(l) + " should be " +
                        std::to_string(num_priors * loc_classes * 4) +
                        " (priors * loc classes * 4)");
        if (const std::int64_t c = dim(conf, 1); c != PartialShape::kDynamic)
            require(c == num_priors * num_classes,
                    "class predictions' second dimension " + std::to_string(c) + " should be " +
                        std::to_string(num_priors * num_classes) + " (priors * num_classes)");
    }
    std::int64_t rows = PartialShape::kDynamic;
    if (batch != PartialShape::kDynamic) {
        if (keep_top_k[0] > 0)
            rows = batch * keep_top_k[0];
        else if (top_k > 0)
            rows = batch * top_k * num_classes;
        else if (num_priors != PartialShape::kDynamic)
            rows = batch * num_classes * num_priors;
    }
    n.set_output(0, t, PartialShape({1, 1, rows, 7}));
}

} // namespace

void register_detection_ops(OpRegistry& r) {
    r.add(make_op("DetectionOutput", 1, 3, 5,
                  {"num_classes", "background_label_id", "top_k", "variance_encoded_in_target",
                   "keep_top_k", "code_type", "share_location", "nms_threshold",
                   "confidence_threshold", "clip_after_nms", "clip_before_nms", "decrease_label_id",
                   "normalized", "input_height", "input_width", "objectness_score"},
                  infer_detection_output));
}

} // namespace mo::ops::nn
