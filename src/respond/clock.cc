#include "tocsin/respond/clock.h"

#include <fmt/format.h>

#include <charconv>

namespace tocsin::respond {
namespace {

// Reads `digits` digits at `at` of `text` into `value`.
bool Digits(std::string_view text, std::size_t at, std::size_t digits, int* value) {
  if (at + digits > text.size()) return false;
  const char* first = text.data() + at;
  const auto [end, error] = std::from_chars(first, first + digits, *value);
  return error == std::errc() && end == first + digits;
}

}  // namespace

std::string Clock::NowText() const {
  return FormatTime(Now());
}

TimePoint SystemClock::Now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

Result<TimePoint> ParseUtc(std::string_view text) {
  const auto invalid = [&] {
    return InvalidArgumentError(fmt::format(
        "'{}' is not a UTC time: use YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS (optionally ending in Z)",
        text));
  };
  std::string_view body = text;
  if (!body.empty() && body.back() == 'Z') body.remove_suffix(1);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!Digits(body, 0, 4, &year) || body.size() < 10 || body[4] != '-' || !Digits(body, 5, 2, &month) ||
      body[7] != '-' || !Digits(body, 8, 2, &day)) {
    return invalid();
  }
  if (body.size() > 10) {
    if (body.size() < 16 || (body[10] != 'T' && body[10] != ' ') || !Digits(body, 11, 2, &hour) ||
        body[13] != ':' || !Digits(body, 14, 2, &minute)) {
      return invalid();
    }
    if (body.size() > 16 && (body.size() != 19 || body[16] != ':' || !Digits(body, 17, 2, &second))) {
      return invalid();
    }
  }
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok() || hour > 23 || minute > 59 || second > 59) return invalid();
  return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
         std::chrono::seconds(second);
}

std::string FormatTime(TimePoint time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss clock(time - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), clock.hours().count(),
                     clock.minutes().count(), clock.seconds().count());
}

double HoursBetween(TimePoint from, TimePoint to) {
  return std::chrono::duration<double, std::ratio<3600>>(to - from).count();
}

}  // namespace tocsin::respond
