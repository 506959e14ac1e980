// Result<T>: a value or a Status that is not ok.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "tocsin/core/status.h"

namespace tocsin {

// Holds either a T or an error Status. Accessing the value of an error result is
// a programmer error (asserted). Thread-compatible.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok() && "Result built from an ok Status");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }

  // The error, or an ok Status when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace tocsin

#define TOCSIN_CONCAT_INNER(a, b) a##b
#define TOCSIN_CONCAT(a, b) TOCSIN_CONCAT_INNER(a, b)

// `TOCSIN_ASSIGN_OR_RETURN(auto x, Compute());` declares x from a Result or
// returns its error from the enclosing function.
// `lhs` is a declaration and `result` a name, so neither can be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TOCSIN_ASSIGN_OR_RETURN(lhs, expr) \
  TOCSIN_ASSIGN_OR_RETURN_IMPL(TOCSIN_CONCAT(tocsin_result_, __LINE__), lhs, expr)
#define TOCSIN_ASSIGN_OR_RETURN_IMPL(result, lhs, expr) \
  auto result = (expr);                                 \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()
// NOLINTEND(bugprone-macro-parentheses)
