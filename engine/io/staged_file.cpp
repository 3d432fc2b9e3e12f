#include "engine/io/staged_file.hpp"

#include "engine/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <system_error>

namespace mo::io {

StagedFile::StagedFile(std::filesystem::path target)
    : target_(std::move(target)), temp_(target_.string() + ".tmp") {
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw Error("cannot write '" + temp_.string() + "': " + std::strerror(errno));
}

StagedFile::~StagedFile() {
    if (committed_) return;
    if (out_.is_open()) out_.close();
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
}

void StagedFile::close() {
    out_.flush();
    const bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok || !out_) throw Error("cannot write '" + temp_.string() + "' (disk full?)");
}

void StagedFile::commit() {
    if (out_.is_open()) close();
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) throw Error("cannot create '" + target_.string() + "': " + ec.message());
    committed_ = true;
}

void StagedFile::revert() noexcept {
    if (!committed_) return;
    std::error_code ignored;
    std::filesystem::remove(target_, ignored);
}

} // namespace mo::io
