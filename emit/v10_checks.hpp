#pragma once
// Checks only IR v10 needs at write time: OpenVINO 2020-2021 read a port's dims as static,
// non-zero sizes ("dimension (-1) ... must be a non-negative integer", "... has zero dimension
// which is not allowed"). A v10 file is never written with a dynamic or zero-size dim; the
// conversion stops with one line naming the node, the input that leaves it dynamic and the flag
// that fixes it.
#include "engine/core/node.hpp"

#include <cstddef>

namespace mo::ir {

// Throws mo::Error when one of the first `outputs` output ports of `node` has a dynamic rank, a
// dynamic dim or a zero-size dim. Call it on nodes producers-first, so that the message names the
// node where the problem starts.
void check_v10_ports(const Node& node, std::size_t outputs);

} // namespace mo::ir
