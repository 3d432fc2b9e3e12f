#include "frontends/ir/ir_frontend.hpp"

#include "frontends/ir/ir_reader.hpp"

namespace mo::ir {
namespace {

class IrFrontEnd final : public frontends::FrontEnd {
public:
    std::string_view name() const override { return "ir"; }
    std::span<const std::string_view> file_endings() const override {
        static constexpr std::string_view endings[] = {".xml"};
        return endings;
    }
    std::unique_ptr<Graph> read(const frontends::ModelFiles& files) const override {
        return read_ir(files.model);
    }
};

} // namespace

const frontends::FrontEnd& frontend() {
    static const IrFrontEnd instance;
    return instance;
}

} // namespace mo::ir
