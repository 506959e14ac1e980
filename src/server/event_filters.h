// Query parameters shared by the event, series and alert routes, parsed with
// errors that say what to fix.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "route.h"
#include "tocsin/monitor/event.h"

namespace tocsin::server {

// `country`: an ISO 3166-1 alpha-3 code ("SYR") or a Gleditsch-Ward number ("652").
Result<std::optional<int>> CountryQuery(const Call& call);
// A date query parameter "YYYY-MM-DD".
Result<std::optional<monitor::DayNumber>> DateQuery(const Call& call, std::string_view name);
// `violence`: comma-separated violence type names; absent: every type.
Result<monitor::ViolenceMask> ViolenceQuery(const Call& call);
// {"gw", "iso3", "name"} of a country (iso3 and name when the registry knows it).
nlohmann::json CountryJson(int gw);
// The names of the types in `mask`.
nlohmann::json ViolenceNames(monitor::ViolenceMask mask);

}  // namespace tocsin::server
