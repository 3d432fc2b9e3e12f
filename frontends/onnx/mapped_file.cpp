#include "frontends/onnx/mapped_file.hpp"

#include "engine/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mo::onnx_fe {
namespace {

// Closes a file descriptor on scope exit (the mapping stays valid after close).
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0) ::close(fd);
    }
};

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
    throw Error(path.string() + ": " + what + ": " + std::strerror(errno));
}

} // namespace

MappedFile::MappedFile(const std::filesystem::path& path) : path_(path) {
    FdGuard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (guard.fd < 0) fail(path, "cannot open");
    struct stat st {};
    if (::fstat(guard.fd, &st) != 0) fail(path, "cannot stat");
    if (!S_ISREG(st.st_mode)) throw Error(path.string() + ": not a regular file");
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ == 0) return;
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, guard.fd, 0);
    if (p == MAP_FAILED) fail(path, "cannot map");
    data_ = static_cast<const std::byte*>(p);
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
}

} // namespace mo::onnx_fe
