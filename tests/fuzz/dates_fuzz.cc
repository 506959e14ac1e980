// Dates and times as users and sources write them. Whatever the fast form accepts
// the full parser accepts as the same day; a day accepted is written back as text
// that reads as the same day; times and calendar dates round-trip the same way.
#include <cstdint>
#include <string>

#include "fuzz_input.h"
#include "tocsin/judge/calendar_date.h"
#include "tocsin/monitor/calendar.h"
#include "tocsin/respond/clock.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tocsin::fuzz::FuzzInput input(data, size);
  const std::string_view text = input.Rest();

  tocsin::monitor::DayNumber fast = 0;
  const bool fast_ok = tocsin::monitor::ParseIsoDate(text, &fast);
  auto full = tocsin::monitor::ParseDate(text);
  if (fast_ok && (!full.ok() || *full != fast)) tocsin::fuzz::Violated("ParseIsoDate and ParseDate disagree");
  if (full.ok()) {
    const std::string written = tocsin::monitor::FormatDate(*full);
    auto again = tocsin::monitor::ParseDate(written);
    if (!again.ok() || *again != *full)
      tocsin::fuzz::Violated("a date does not read back from its written form");
    const auto civil = tocsin::monitor::CivilFromDay(*full);
    if (tocsin::monitor::DayFromCivil(civil.year, civil.month, civil.day) != *full) {
      tocsin::fuzz::Violated("day number and civil date disagree");
    }
    for (const auto period :
         {tocsin::monitor::Period::kDay, tocsin::monitor::Period::kWeek, tocsin::monitor::Period::kMonth}) {
      const auto index = tocsin::monitor::PeriodIndex(*full, period);
      const auto first = tocsin::monitor::PeriodStart(index, period);
      const auto last = tocsin::monitor::PeriodEnd(index, period);
      if (first > *full || last < *full) tocsin::fuzz::Violated("a day outside its own period");
    }
  }

  auto calendar = tocsin::judge::ParseCalendarDate(text, "date");
  if (calendar.ok()) {
    if (!calendar->ok()) tocsin::fuzz::Violated("an impossible calendar date was accepted");
    auto again = tocsin::judge::ParseCalendarDate(tocsin::judge::FormatCalendarDate(*calendar), "date");
    if (!again.ok() || *again != *calendar) tocsin::fuzz::Violated("a calendar date does not read back");
  }

  auto time = tocsin::respond::ParseUtc(text);
  if (time.ok()) {
    auto again = tocsin::respond::ParseUtc(tocsin::respond::FormatTime(*time));
    if (!again.ok() || *again != *time)
      tocsin::fuzz::Violated("a time does not read back from its written form");
  }
  return 0;
}
