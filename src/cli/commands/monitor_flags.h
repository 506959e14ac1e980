// Command-line values shared by the monitoring commands (monitor, alerts, series,
// replay): countries and dates, with errors that name the flag.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tocsin/core/result.h"
#include "tocsin/monitor/calendar.h"

namespace tocsin::cli {

// A country by ISO3 code ("CAF") or Gleditsch-Ward number ("482"), as its GW number.
Result<int> CountryFlag(const std::string& text, std::string_view flag);

// A date YYYY-MM-DD, or nullopt for an empty flag.
Result<std::optional<monitor::DayNumber>> DateFlag(const std::string& text, std::string_view flag);

// --from and --to, each optional. Errors: InvalidArgument for a date that does
// not parse, or a --from after --to (an empty range is a mistake, not a result).
struct DateRange {
  std::optional<monitor::DayNumber> from;
  std::optional<monitor::DayNumber> to;
};
Result<DateRange> DateRangeFlags(const std::string& from, const std::string& to);

}  // namespace tocsin::cli
