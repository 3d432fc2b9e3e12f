#pragma once
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <unistd.h>

namespace mo::cli {

// --progress: a bar with the phase name on a terminal, plain lines otherwise.
class Progress {
public:
    Progress(std::ostream& out, bool enabled, int phases)
        : out_(out), enabled_(enabled), phases_(phases), tty_(isatty(STDOUT_FILENO) == 1) {}
    ~Progress() {
        if (enabled_ && tty_ && step_ > 0) out_ << "\n";
    }
    void phase(std::string_view name) {
        if (!enabled_) return;
        ++step_;
        if (tty_) {
            constexpr int width = 30;
            const int filled = width * step_ / phases_;
            out_ << "\r[" << std::string(filled, '=') << std::string(width - filled, ' ') << "] "
                 << step_ << "/" << phases_ << " " << name << "\x1b[K" << std::flush;
        } else {
            out_ << "[ PROGRESS ] " << step_ << "/" << phases_ << " " << name << "\n";
        }
    }

private:
    std::ostream& out_;
    bool enabled_;
    int phases_;
    bool tty_;
    int step_ = 0;
};

} // namespace mo::cli
