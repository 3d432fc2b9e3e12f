#pragma once
#include "frontends/common/frontend.hpp"

namespace mo::ir {

// An OpenVINO IR as an input (.xml with its .bin beside it; --framework ir): `mo info` and
// `mo run` read IRs with it, and a conversion can re-write an IR (as IR v10, or with FP16
// weights).
const frontends::FrontEnd& frontend();

} // namespace mo::ir
