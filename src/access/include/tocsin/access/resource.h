// The kinds of record the policy protects and the actions on them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tocsin::access {

// Stored in record_shares.resource and named in audit entries; the values are
// never renumbered; new kinds are appended.
enum class Resource : std::uint8_t {
  kCountry = 1,
  kPanel = 2,     // an imported country-year panel and its values
  kForecast = 3,  // a forecast run, its per-country risks and drivers
  kBacktest = 4,  // a backtest run and its metrics
  kUser = 5,
  kOrganisation = 6,
  kAuditLog = 7,
  kApiToken = 8,  // the caller's own API tokens
  // events and alerts
  kEvent = 9,    // an imported or submitted event (a field report is one)
  kSeries = 10,  // counts and fatalities derived from events
  kAlert = 11,   // an escalation alert and its triage
  // the response workflow
  kWatchlist = 12,  // watchlist entries and the proposals that change them
  kCase = 13,       // a situation under attention, its members and timeline
  kOption = 14,     // the catalogue of preventive options
  kTask = 15,       // an option put into motion on a case
  kDecision = 16,   // a recorded decision with its reasons
  kGapReport = 17,  // the warning-to-response gap and its reports
  kBrief = 18,      // a case brief exported for a partner organisation
  // structured expert judgement
  kAssessment = 19,  // a Framework of Analysis assessment
  kQuestion = 20,    // an opinion-pool question, its forecasts and scores
};

inline constexpr Resource kAllResources[] = {
    Resource::kCountry,   Resource::kPanel,    Resource::kForecast,   Resource::kBacktest, Resource::kUser,
    Resource::kOrganisation, Resource::kAuditLog, Resource::kApiToken, Resource::kEvent,   Resource::kSeries,
    Resource::kAlert,     Resource::kWatchlist, Resource::kCase,      Resource::kOption,   Resource::kTask,
    Resource::kDecision,  Resource::kGapReport, Resource::kBrief,     Resource::kAssessment, Resource::kQuestion};

enum class Action : std::uint8_t {
  kRead = 1,
  kCreate = 2,
  kUpdate = 3,  // includes relabelling and sharing a record
  kDelete = 4,
};

inline constexpr Action kAllActions[] = {Action::kRead, Action::kCreate, Action::kUpdate, Action::kDelete};

// "country", "panel", "forecast", "backtest", "user", "organisation",
// "audit log", "api token", "event", "series", "alert", "watchlist", "case",
// "option", "task", "decision", "gap report", "brief", "assessment", "question".
std::string_view ResourceName(Resource resource);
std::optional<Resource> ParseResource(std::string_view name);

// "read", "create", "update", "delete".
std::string_view ActionName(Action action);
std::optional<Action> ParseAction(std::string_view name);

}  // namespace tocsin::access
