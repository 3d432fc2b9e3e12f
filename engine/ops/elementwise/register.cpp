// The element-wise family: arithmetic, comparison, logical, unary math, activations, Convert,
// Select. Each part lives in its own file; see common.hpp.
#include "engine/ops/elementwise/common.hpp"
#include "engine/ops/families.hpp"

namespace mo::ops {

void register_elementwise_ops(OpRegistry& r) {
    ew::register_arithmetic_ops(r);
    ew::register_comparison_ops(r);
    ew::register_unary_math_ops(r);
    ew::register_activation_ops(r);
    ew::register_parametric_activation_ops(r);
    ew::register_convert_ops(r);
    ew::register_select_op(r);
}

} // namespace mo::ops
