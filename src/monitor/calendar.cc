#include "tocsin/monitor/calendar.h"

#include <fmt/format.h>

#include <chrono>

namespace tocsin::monitor {
namespace {

constexpr int kDaysPerWeek = 7;
constexpr int kMonthsPerYear = 12;
constexpr int kEpochYear = 1970;
// 1970-01-01 was a Thursday; the Monday that starts its ISO week is three days earlier.
constexpr int kEpochWeekdayFromMonday = 3;
constexpr int kDaysPerEra = 146097;  // 400 Gregorian years
constexpr int kYearsPerEra = 400;
constexpr int kDaysFromCivilEpochShift = 719468;  // days from 0000-03-01 to 1970-01-01
constexpr std::size_t kIsoLength = 10;     // YYYY-MM-DD
constexpr std::size_t kCompactLength = 8;  // YYYYMMDD
constexpr int kFirstYear = 1000;
constexpr int kLastYear = 9999;

// The floor of a / b for b > 0.
std::int32_t FloorDivide(std::int32_t a, std::int32_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Digits only (the few of a date's parts), no sign.
bool ParseDigits(std::string_view text, int* value) {
  int number = 0;
  for (const char c : text) {
    const auto digit = static_cast<unsigned>(c - '0');
    if (digit > 9) return false;
    number = number * 10 + static_cast<int>(digit);
  }
  *value = number;
  return !text.empty();
}

unsigned DaysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads the digits of a year, month and day and checks that they name a day of the calendar.
bool ParseCalendarDate(std::string_view year_text, std::string_view month_text, std::string_view day_text,
                       DayNumber* day) {
  int year = 0;
  int month = 0;
  int day_of_month = 0;
  if (!ParseDigits(year_text, &year) || !ParseDigits(month_text, &month) || !ParseDigits(day_text, &day_of_month)) {
    return false;
  }
  if (year < kFirstYear || year > kLastYear || month < 1 || month > kMonthsPerYear || day_of_month < 1 ||
      static_cast<unsigned>(day_of_month) > DaysInMonth(year, static_cast<unsigned>(month))) {
    return false;
  }
  *day = DayFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day_of_month));
  return true;
}

}  // namespace

DayNumber LatestEventDay() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<DayNumber>(today.time_since_epoch().count()) + 1;
}

std::string FutureDateReason(DayNumber day) {
  return fmt::format("{} is in the future: an event cannot be dated after tomorrow (a mistyped year?)",
                     FormatDate(day));
}

// Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date.
DayNumber DayFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - (kYearsPerEra - 1)) / kYearsPerEra;
  const unsigned year_of_era = static_cast<unsigned>(year - era * kYearsPerEra);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * kDaysPerEra + static_cast<int>(day_of_era) - kDaysFromCivilEpochShift;
}

CivilDate CivilFromDay(DayNumber number) {
  const int z = number + kDaysFromCivilEpochShift;
  const int era = (z >= 0 ? z : z - (kDaysPerEra - 1)) / kDaysPerEra;
  const unsigned day_of_era = static_cast<unsigned>(z - era * kDaysPerEra);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  CivilDate date;
  date.day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  date.month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  date.year = static_cast<int>(year_of_era) + era * kYearsPerEra + (date.month <= 2 ? 1 : 0);
  return date;
}

bool ParseIsoDate(std::string_view text, DayNumber* day) {
  if (text.size() != kIsoLength || text[4] != '-' || text[7] != '-') return false;
  return ParseCalendarDate(text.substr(0, 4), text.substr(5, 2), text.substr(8, 2), day);
}

Result<DayNumber> ParseDate(std::string_view text) {
  DayNumber day = 0;
  bool parsed = false;
  if (text.size() >= kIsoLength && text[4] == '-' && text[7] == '-' &&
      (text.size() == kIsoLength || text[kIsoLength] == ' ' || text[kIsoLength] == 'T')) {
    parsed = ParseCalendarDate(text.substr(0, 4), text.substr(5, 2), text.substr(8, 2), &day);
  } else if (text.size() == kCompactLength) {
    parsed = ParseCalendarDate(text.substr(0, 4), text.substr(4, 2), text.substr(6, 2), &day);
  }
  if (!parsed) return InvalidArgumentError(fmt::format("'{}' is not a date (YYYY-MM-DD)", text));
  return day;
}

std::string FormatDate(DayNumber day) {
  const CivilDate date = CivilFromDay(day);
  return fmt::format("{:04}-{:02}-{:02}", date.year, date.month, date.day);
}

std::string_view PeriodName(Period period) {
  switch (period) {
    case Period::kDay: return "day";
    case Period::kWeek: return "week";
    case Period::kMonth: return "month";
  }
  return "?";
}

std::optional<Period> ParsePeriod(std::string_view name) {
  for (Period period : {Period::kDay, Period::kWeek, Period::kMonth}) {
    if (PeriodName(period) == name) return period;
  }
  return std::nullopt;
}

std::int32_t PeriodIndex(DayNumber day, Period period) {
  switch (period) {
    case Period::kDay: return day;
    case Period::kWeek: return FloorDivide(day + kEpochWeekdayFromMonday, kDaysPerWeek);
    case Period::kMonth: {
      const CivilDate date = CivilFromDay(day);
      return (date.year - kEpochYear) * kMonthsPerYear + static_cast<std::int32_t>(date.month) - 1;
    }
  }
  return day;
}

DayNumber PeriodStart(std::int32_t index, Period period) {
  switch (period) {
    case Period::kDay: return index;
    case Period::kWeek: return index * kDaysPerWeek - kEpochWeekdayFromMonday;
    case Period::kMonth: {
      const int year = kEpochYear + FloorDivide(index, kMonthsPerYear);
      const unsigned month = static_cast<unsigned>(index - FloorDivide(index, kMonthsPerYear) * kMonthsPerYear) + 1;
      return DayFromCivil(year, month, 1);
    }
  }
  return index;
}

DayNumber PeriodEnd(std::int32_t index, Period period) { return PeriodStart(index + 1, period) - 1; }

}  // namespace tocsin::monitor
