#include "tocsin/judge/calendar_date.h"

#include <fmt/format.h>

#include <cstdio>

namespace tocsin::judge {

Result<std::chrono::year_month_day> ParseCalendarDate(std::string_view text, std::string_view field) {
  int year = 0;
  unsigned month = 0;
  unsigned day = 0;
  char tail = 0;
  const std::string copy(text);
  const bool shaped = copy.size() == 10 && copy[4] == '-' && copy[7] == '-' &&
                      std::sscanf(copy.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &tail) == 3;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!shaped || !date.ok()) {
    return InvalidArgumentError(fmt::format("{}: '{}' is not a date; use YYYY-MM-DD", field, text));
  }
  return date;
}

std::string FormatCalendarDate(std::chrono::year_month_day date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()));
}

std::chrono::year_month_day AddMonths(std::chrono::year_month_day date, int months) {
  const std::chrono::year_month moved = std::chrono::year_month(date.year(), date.month()) + std::chrono::months(months);
  const std::chrono::year_month_day_last last(moved.year(), std::chrono::month_day_last(moved.month()));
  const std::chrono::day day = std::min(date.day(), last.day());
  return {moved.year(), moved.month(), day};
}

}  // namespace tocsin::judge
