// The kinds of record the policy protects and the actions on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tocsin::access {

// Stored in record_shares.resource and named in audit entries; the values are
// never renumbered. Later modules append theirs (events, alerts, cases, ...).
enum class Resource : std::uint8_t {
  kCountry = 1,
  kPanel = 2,     // an imported country-year panel and its values
  kForecast = 3,  // a forecast run, its per-country risks and drivers
  kBacktest = 4,  // a backtest run and its metrics
  kUser = 5,
  kOrganisation = 6,
  kAuditLog = 7,
  kApiToken = 8,  // the caller's own API tokens
};

inline constexpr Resource kAllResources[] = {Resource::kCountry,  Resource::kPanel,   Resource::kForecast,
                                             Resource::kBacktest, Resource::kUser,    Resource::kOrganisation,
                                             Resource::kAuditLog, Resource::kApiToken};

enum class Action : std::uint8_t {
  kRead = 1,
  kCreate = 2,
  kUpdate = 3,  // includes relabelling and sharing a record
  kDelete = 4,
};

inline constexpr Action kAllActions[] = {Action::kRead, Action::kCreate, Action::kUpdate, Action::kDelete};

// "country", "panel", "forecast", "backtest", "user", "organisation",
// "audit log", "api token".
std::string_view ResourceName(Resource resource);
std::optional<Resource> ParseResource(std::string_view name);

// "read", "create", "update", "delete".
std::string_view ActionName(Action action);
std::optional<Action> ParseAction(std::string_view name);

}  // namespace tocsin::access
