#pragma once
#include "engine/core/error.hpp"

#include <ostream>
#include <string>
#include <string_view>

namespace mo::cli {

enum class LogLevel { error, warning, info, debug };

inline LogLevel parse_log_level(std::string_view s) {
    if (s == "ERROR" || s == "CRITICAL") return LogLevel::error;
    if (s == "WARNING" || s == "WARN") return LogLevel::warning;
    if (s == "INFO") return LogLevel::info;
    if (s == "DEBUG" || s == "NOTSET") return LogLevel::debug;
    throw Error("--log_level must be ERROR, WARNING, INFO or DEBUG, not '" + std::string(s) + "'");
}

// Messages at or above the chosen level go to `out`; --silent keeps only errors.
class Log {
public:
    Log(std::ostream& out, LogLevel level, bool silent)
        : out_(out), level_(level), silent_(silent) {}
    bool enabled(LogLevel l) const { return !silent_ && l <= level_; }
    void write(LogLevel l, std::string_view message) const {
        if (enabled(l)) out_ << "[ " << name(l) << " ] " << message << "\n";
    }
    // Always printed unless --silent (the result lines of a conversion).
    void result(std::string_view message) const {
        if (!silent_) out_ << message << "\n";
    }
    std::ostream& stream() const { return out_; }

private:
    static std::string_view name(LogLevel l) {
        switch (l) {
        case LogLevel::error:
            return "ERROR";
        case LogLevel::warning:
            return "WARNING";
        case LogLevel::info:
            return "INFO";
        case LogLevel::debug:
            return "DEBUG";
        }
        return "";
    }
    std::ostream& out_;
    LogLevel level_;
    bool silent_;
};

} // namespace mo::cli
