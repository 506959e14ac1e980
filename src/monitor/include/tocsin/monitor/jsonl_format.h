// Tocsin's JSON-lines event format, for any feed that is neither UCDP nor GDELT
// (and for the API's event intake). One JSON object per line, UTF-8:
//
//   {"source": "acled", "id": "SYR12345", "date": "2024-05-01",
//    "country": "SYR", "violence": "one-sided", "fatalities": 12}
//
// Required:
//   source       text, the feed's name; (source, id) is the event's key
//   id           text or integer, unique within the source
//   date         "YYYY-MM-DD" (or YYYYMMDD), the first day
//   country      ISO 3166-1 alpha-3 code ("SYR") or Gleditsch-Ward number (652)
//   violence     "state-based", "non-state", "one-sided", "protest" or "other"
// Optional:
//   date_end         "YYYY-MM-DD", not before date (default: date)
//   date_precision   "day", "days", "week", "month" or "longer" (default "day")
//   admin1           text
//   latitude, longitude   numbers within +-90 and +-180
//   actor1, actor2   text
//   fatalities, fatalities_low, fatalities_high, civilian_deaths   whole numbers >= 0
//   event_code       text (a CAMEO code, say)
//   goldstein        number
//   text             text
// A line with another field, a value of the wrong type, or text that is not
// JSON is rejected with its line and the field at fault. Blank lines are skipped.
#pragma once

#include <string>

#include "tocsin/core/country_registry.h"
#include "tocsin/core/result.h"
#include "tocsin/monitor/event.h"

namespace tocsin::monitor {

// Parses one line of the format into `event` (origin is left to the caller).
// Errors: InvalidArgument "field 'x': why" (or "not a JSON object: why").
Status ParseJsonEvent(std::string_view line, const CountryRegistry& registry, Event& event);

// The event as one line of the format (no trailing newline); ParseJsonEvent
// reads it back to an equal event.
std::string FormatJsonEvent(const Event& event, const CountryRegistry& registry);

}  // namespace tocsin::monitor
