#include "engine/io/mapped_file.hpp"

#include "engine/core/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mo::io {
namespace {
// Closes a file descriptor on scope exit (the mapping stays valid after close).
struct FdGuard {
    int fd;
    ~FdGuard() {
        if (fd >= 0) ::close(fd);
    }
};

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
    throw Error("cannot " + std::string(what) + " '" + path.string() +
                "': " + std::strerror(errno));
}
} // namespace

std::shared_ptr<const MappedFile> MappedFile::open(const std::filesystem::path& path) {
    FdGuard guard{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (guard.fd < 0) fail(path, "open");
    struct stat st {};
    if (::fstat(guard.fd, &st) != 0) fail(path, "stat");
    if (!S_ISREG(st.st_mode)) {
        errno = EINVAL;
        fail(path, "map (not a regular file)");
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size == 0) return std::shared_ptr<const MappedFile>(new MappedFile(nullptr, 0));
    void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, guard.fd, 0);
    if (p == MAP_FAILED) fail(path, "map");
    return std::shared_ptr<const MappedFile>(
        new MappedFile(static_cast<const std::byte*>(p), size));
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<std::byte*>(data_), size_);
}

} // namespace mo::io
