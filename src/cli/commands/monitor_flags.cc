#include "monitor_flags.h"

#include <fmt/format.h>

#include <charconv>

#include "tocsin/core/country_registry.h"

namespace tocsin::cli {

Result<int> CountryFlag(const std::string& text, std::string_view flag) {
  const CountryRegistry& registry = CountryRegistry::Default();
  int gw = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), gw);
  const bool number = error == std::errc() && end == text.data() + text.size();
  const Country* country = number ? registry.ByGw(gw) : registry.ByIso3(text);
  if (country == nullptr) {
    return InvalidArgumentError(fmt::format("{}: '{}' is neither an ISO3 code nor a GW number of a country", flag,
                                            text));
  }
  return country->gw;
}

Result<std::optional<monitor::DayNumber>> DateFlag(const std::string& text, std::string_view flag) {
  if (text.empty()) return std::optional<monitor::DayNumber>();
  const auto day = monitor::ParseDate(text);
  if (!day.ok()) return InvalidArgumentError(fmt::format("{}: {}", flag, day.status().message()));
  return std::optional<monitor::DayNumber>(*day);
}

Result<DateRange> DateRangeFlags(const std::string& from, const std::string& to) {
  DateRange range;
  TOCSIN_ASSIGN_OR_RETURN(range.from, DateFlag(from, "--from"));
  TOCSIN_ASSIGN_OR_RETURN(range.to, DateFlag(to, "--to"));
  if (range.from && range.to && *range.from > *range.to) {
    return InvalidArgumentError(fmt::format("--from {} is after --to {}", from, to));
  }
  return range;
}

}  // namespace tocsin::cli
