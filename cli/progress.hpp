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
    // `tty`: whether `out` is a terminal (a bar redrawn in place) or not (one line per phase).
    Progress(std::ostream& out, bool enabled, int phases, bool tty)
        : out_(out), enabled_(enabled), phases_(phases), tty_(tty) {}
    ~Progress() { finish(); }
    // Ends the bar's line on a terminal (before the result lines; also on errors).
    void finish() {
        if (enabled_ && tty_ && step_ > 0 && !finished_) out_ << "\n" << std::flush;
        finished_ = true;
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
    bool finished_ = false;
};

} // namespace mo::cli
