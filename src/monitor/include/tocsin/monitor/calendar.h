// Civil dates as day numbers, and the periods (day, ISO week, month) that event
// series count in.
//
// A DayNumber counts days since 1970-01-01 in the proleptic Gregorian calendar,
// so date arithmetic is integer arithmetic. Weeks start on Monday (ISO 8601).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "tocsin/core/result.h"

namespace tocsin::monitor {

using DayNumber = std::int32_t;

// Parses the date forms event sources write: "YYYY-MM-DD", the same followed by a
// time ("2009-02-20 00:00:00.000", "2009-02-20T00:00:00Z"; the time is ignored),
// and "YYYYMMDD" (GDELT). Errors: InvalidArgument "'x' is not a date (YYYY-MM-DD)".
Result<DayNumber> ParseDate(std::string_view text);
// The common form alone, exactly "YYYY-MM-DD", without building an error: false
// for anything else, which ParseDate then accepts or explains. For readers that
// parse a date on every row.
bool ParseIsoDate(std::string_view text, DayNumber* day);

// "YYYY-MM-DD".
std::string FormatDate(DayNumber day);

// The latest day an event may be dated: tomorrow by the system clock (UTC), a
// day of leeway for reports from time zones ahead of it. A later date is a
// mistyped year, which would stretch every series of the store to it.
DayNumber LatestEventDay();
// Why an event dated `day`, after LatestEventDay(), is refused.
std::string FutureDateReason(DayNumber day);

DayNumber DayFromCivil(int year, unsigned month, unsigned day);

struct CivilDate {
  int year = 0;
  unsigned month = 0;  // 1-12
  unsigned day = 0;    // 1-31
};
CivilDate CivilFromDay(DayNumber day);

// Values are stored in rule files by name; never renumbered.
enum class Period : std::uint8_t { kDay = 0, kWeek = 1, kMonth = 2 };

std::string_view PeriodName(Period period);  // "day", "week", "month"
std::optional<Period> ParsePeriod(std::string_view name);

// The index of the period holding `day`: days since the epoch, Monday-based weeks
// since the week of 1969-12-29, or months since January 1970. Consecutive periods
// have consecutive indexes.
std::int32_t PeriodIndex(DayNumber day, Period period);
// The first and last day of period `index`.
DayNumber PeriodStart(std::int32_t index, Period period);
DayNumber PeriodEnd(std::int32_t index, Period period);

}  // namespace tocsin::monitor
