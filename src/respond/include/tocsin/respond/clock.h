// The clock the response workflow reads: deadlines, overdue tasks and the gap
// metrics are all measured against it, so tests (and `--now` at the command
// line) can set the time instead of waiting for it.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "tocsin/core/result.h"

namespace tocsin::respond {

using TimePoint = std::chrono::sys_seconds;

// Where "now" comes from. Implementations are thread-safe for reading.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
  // Now() as "YYYY-MM-DDTHH:MM:SSZ".
  std::string NowText() const;
};

// The system's clock, in whole seconds.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock that says what it is told: for tests and `--now`.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(TimePoint now) : now_(now) {}
  TimePoint Now() const override { return now_; }
  void Set(TimePoint now) { now_ = now; }

 private:
  TimePoint now_;
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DDTHH:MM:SS", each with an
// optional trailing "Z" (always UTC). Errors: InvalidArgument naming the text.
Result<TimePoint> ParseUtc(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ".
std::string FormatTime(TimePoint time);

// Hours from `from` to `to` (negative when `to` is earlier).
double HoursBetween(TimePoint from, TimePoint to);

}  // namespace tocsin::respond
