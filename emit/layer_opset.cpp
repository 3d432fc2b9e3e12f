#include "emit/layer_opset.hpp"

#include "engine/core/error.hpp"
#include "engine/core/opset_membership.hpp"

#include <string>

namespace mo::ir {

int layer_opset(const Node& node, const IrForm& form, int ir_version) {
    const std::string versioned = form.type + "-" + std::to_string(form.opset);
    int opset = form.opset;
    if (!opset_contains(opset, form.type, form.opset)) {
        const auto first = first_opset_containing(form.type, form.opset);
        if (!first)
            throw Error("cannot write node '" + node.name + "': " + versioned +
                        " is in no OpenVINO opset (opset1..opset" + std::to_string(kNewestOpset) +
                        ")");
        opset = *first;
    }
    if (ir_version < 11 && opset > kMaxOpsetV10)
        throw Error("cannot write node '" + node.name + "' in IR v10: " + versioned +
                    " first appears in opset" + std::to_string(opset) + ", newer than opset" +
                    std::to_string(kMaxOpsetV10) + " (use IR v11)");
    return opset;
}

} // namespace mo::ir
