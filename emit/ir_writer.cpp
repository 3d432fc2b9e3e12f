#include "emit/ir_writer.hpp"

namespace mo::ir {
void write_ir(const Graph&, const std::filesystem::path&, const WriteOptions&) {
    throw Error("IR writer not implemented yet");
}
} // namespace mo::ir
