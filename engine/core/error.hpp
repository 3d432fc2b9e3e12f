#pragma once
// Errors are exceptions carried to one place (the CLI), which prints their one-line message.
#include <stdexcept>
#include <string>

namespace mo {

// Any user-facing failure: bad model, unsupported op, bad rule file, bad flag.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Shape or type inference rejected a node's inputs or attributes.
class InferenceError : public Error {
public:
    using Error::Error;
};

} // namespace mo
