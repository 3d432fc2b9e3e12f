#include "frontends/common/op_mapping.hpp"

namespace mo::frontends {

Attributes mapped_attributes(const OpMapping& mapping, const AttributeSource& source) {
    Attributes attrs;
    for (const AttrRename& r : mapping.attrs) {
        if (source.has(r.framework))
            attrs.set(r.opset_name, r.fallback ? source.value_as(r.framework, *r.fallback)
                                               : source.value(r.framework));
        else if (r.fallback)
            attrs.set(r.opset_name, *r.fallback);
        else
            source.fail("required attribute '" + std::string(r.framework) + "' is missing");
    }
    for (const auto& [name, value] : mapping.fixed) attrs.set(name, value);
    return attrs;
}

} // namespace mo::frontends
