#pragma once
#include <filesystem>
#include <fstream>

namespace mo::io {

// A file written under a temporary name (TARGET.tmp, in the target's directory) and moved into
// place by commit(). If it is destroyed before commit() (an error on the way), the temporary is
// deleted, so a failed write never leaves a partial file.
class StagedFile {
public:
    // Opens TARGET.tmp for binary writing; throws mo::Error naming the file when it cannot.
    explicit StagedFile(std::filesystem::path target);
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;
    ~StagedFile();

    std::ofstream& stream() { return out_; }
    const std::filesystem::path& target() const { return target_; }
    // Flushes and closes the temporary; throws mo::Error when a write failed (disk full, ...).
    void close();
    // Renames the closed temporary onto the target; throws mo::Error when it cannot.
    void commit();
    // Deletes the committed target again (used when a sibling file could not be committed).
    void revert() noexcept;

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    std::ofstream out_;
    bool committed_ = false;
};

} // namespace mo::io
