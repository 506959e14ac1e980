// An event: one reported incident of political violence or protest, from one
// source, as the store keeps it (table `events`, keyed by source and source id,
// so that importing the same records again changes nothing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/monitor/calendar.h"

namespace tocsin::monitor {

// Stored in the database by number; never renumbered. 1-3 are UCDP's
// type_of_violence codes.
enum class ViolenceType : std::uint8_t {
  kStateBased = 1,  // a government against another organised armed actor
  kNonState = 2,    // organised armed actors, none of them a government
  kOneSided = 3,    // an organised actor against unarmed civilians
  kProtest = 4,
  kOther = 5,
};
inline constexpr int kViolenceTypeCount = 5;

// A set of violence types as bits (1 << type).
using ViolenceMask = std::uint8_t;
inline constexpr ViolenceMask ViolenceBit(ViolenceType type) { return ViolenceMask(1U << static_cast<int>(type)); }
inline constexpr ViolenceMask kLethalViolence =
    ViolenceBit(ViolenceType::kStateBased) | ViolenceBit(ViolenceType::kNonState) | ViolenceBit(ViolenceType::kOneSided);
inline constexpr ViolenceMask kAnyViolence = kLethalViolence | ViolenceBit(ViolenceType::kProtest) |
                                             ViolenceBit(ViolenceType::kOther);

// The types of `mask` by number: {1, 3} for state-based and one-sided.
std::vector<std::int64_t> ViolenceTypeNumbers(ViolenceMask mask);

// "state-based", "non-state", "one-sided", "protest", "other".
std::string_view ViolenceTypeName(ViolenceType type);
std::optional<ViolenceType> ParseViolenceType(std::string_view name);
// State-based, non-state and one-sided violence: the types that count as killing.
bool IsLethalViolence(ViolenceType type);

// How exactly the date is known; UCDP's date_prec codes, stored by number.
enum class DatePrecision : std::uint8_t {
  kDay = 1,      // the exact day
  kDays = 2,     // within 2-6 days
  kWeek = 3,     // the week
  kMonth = 4,    // 8-30 days, or the month
  kLonger = 5,   // more than a month, less than a year
};
inline constexpr int kDatePrecisionCount = 5;

std::string_view DatePrecisionName(DatePrecision precision);  // "day", "days", "week", "month", "longer"
std::optional<DatePrecision> ParseDatePrecision(std::string_view name);

// The coordinates a reader accepts: a value beyond them is dropped as unknown.
inline constexpr double kLargestLatitude = 90;
inline constexpr double kLargestLongitude = 180;

struct Event {
  std::string source;     // "ucdp-ged", "gdelt", or a JSON feed's own name
  std::string source_id;  // the source's id, unique within the source
  DayNumber date_start = 0;
  DayNumber date_end = 0;  // equal to date_start for single-day events
  DatePrecision date_precision = DatePrecision::kDay;
  int country_gw = 0;      // Gleditsch–Ward number of the country where it happened
  std::string admin1;      // first-level administrative unit, as the source names it; may be empty
  std::optional<double> latitude;
  std::optional<double> longitude;
  ViolenceType violence_type = ViolenceType::kOther;
  std::string actor1;      // the side that acted (UCDP side_a, GDELT Actor1Name)
  std::string actor2;      // the side acted upon
  std::optional<std::int64_t> fatalities_best;
  std::optional<std::int64_t> fatalities_low;
  std::optional<std::int64_t> fatalities_high;
  std::optional<std::int64_t> civilian_deaths;  // UCDP deaths_civilians
  std::string event_code;                       // CAMEO code (GDELT), with its leading zeros
  std::optional<double> goldstein;              // Goldstein scale of the CAMEO code, -10..10
  std::string text;                             // headline, description or source URL
  std::string origin;                           // "FILE:LINE" it was read from (file name only)
};

// Resets every field of `event` to its default, keeping the strings' memory
// for the next row (readers fill one Event per row).
void ClearEvent(Event& event);

// A 64-bit hash of everything but `origin`: equal hashes mean an import would
// change nothing, so a re-import leaves the row alone. Stable across runs and builds.
std::int64_t ContentHash(const Event& event);

}  // namespace tocsin::monitor
