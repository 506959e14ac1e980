// Status and Result: errors as values.
//
// Every fallible function in Tocsin returns a Status (no value) or a Result<T>
// (a value or an error). Exceptions are thrown only at the edges (main, the HTTP
// handler wrapper), which turn a Status into an exit code or an HTTP status.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace tocsin {

// Stable codes; the numeric values are never renumbered.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,  // the caller's input is wrong (bad flag, bad cell)
  kNotFound = 2,         // a file, row or record does not exist
  kAlreadyExists = 3,
  kFailedPrecondition = 4,  // the system is not in a state to do this (empty window)
  kOutOfRange = 5,          // a value outside what the data covers (year not in panel)
  kDataLoss = 6,            // a file is truncated or corrupt
  kIoError = 7,
  kInternal = 8,            // a bug: an invariant did not hold
  kUnavailable = 9,         // a server or lock could not be reached in time
  kPermissionDenied = 10,
};

// Returns the lower-case name of `code`, e.g. "invalid argument".
std::string_view StatusCodeName(StatusCode code);

// The outcome of an operation: ok, or a code and a one-line message that says
// where and why ("panel.csv:12:7: column 'year': 'abc' is not a number").
// Cheap to copy when ok. Thread-compatible.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "ok", or the message (the code's name when there is no message).
  std::string ToString() const;

  // Returns a copy whose message is `context: message`.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status AlreadyExistsError(std::string message);
Status FailedPreconditionError(std::string message);
Status OutOfRangeError(std::string message);
Status DataLossError(std::string message);
Status IoError(std::string message);
Status InternalError(std::string message);
Status UnavailableError(std::string message);
Status PermissionDeniedError(std::string message);

}  // namespace tocsin

// Returns early from the enclosing function when `expr` is not ok.
#define TOCSIN_RETURN_IF_ERROR(expr)              \
  do {                                            \
    ::tocsin::Status tocsin_status_ = (expr);     \
    if (!tocsin_status_.ok()) return tocsin_status_; \
  } while (false)
