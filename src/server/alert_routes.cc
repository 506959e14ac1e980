// GET /api/v1/alerts and /alerts/{id} (with its explanation and transitions),
// and the triage of an alert: POST .../acknowledge (new -> acknowledged, naming
// the owner) and POST .../decision (acknowledged -> decided: escalate, monitor
// or dismiss, with a reason), the state machine `tocsin alerts` uses.
#include <fmt/format.h>

#include "api_routes.h"
#include "audit_trail.h"
#include "event_filters.h"
#include "event_labels.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/monitor/alert.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

constexpr std::int64_t kDefaultAlerts = 100;
constexpr std::int64_t kMaximumAlerts = 1000;

access::Clearance LabelOf(const monitor::Alert& alert) {
  return StoredClearance(alert.label);
}

nlohmann::json OrEmpty(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}

nlohmann::json AlertJson(const monitor::Alert& alert) {
  nlohmann::json json = {{"id", alert.id},
                         {"rule", alert.rule},
                         {"detector", alert.detector},
                         {"severity", monitor::SeverityName(alert.severity)},
                         {"country", CountryJson(alert.place.country_gw)},
                         {"admin1", alert.place.admin1},
                         {"series", alert.series},
                         {"window_start", monitor::FormatDate(alert.window_start)},
                         {"window_end", monitor::FormatDate(alert.window_end)},
                         {"observed", alert.observed},
                         {"expected", alert.expected},
                         {"statistic", alert.statistic},
                         {"state", monitor::AlertStateName(alert.state)},
                         {"owner", OrEmpty(alert.owner)},
                         {"decision", alert.decision ? nlohmann::json(monitor::DecisionName(*alert.decision))
                                                     : nlohmann::json()},
                         {"decision_reason", OrEmpty(alert.decision_reason)},
                         {"raised_at", alert.raised_at},
                         {"triage_due", alert.triage_due},
                         {"acknowledged_at", OrEmpty(alert.acknowledged_at)},
                         {"decided_at", OrEmpty(alert.decided_at)},
                         {"label", access::ClearanceName(LabelOf(alert))},
                         {"withdrawn_at", OrEmpty(alert.withdrawn_at)},
                         {"withdrawn_reason", OrEmpty(alert.withdrawn_reason)}};
  return json;
}

Result<Reply> ListAlerts(Call& call) {
  monitor::AlertFilter filter;
  TOCSIN_ASSIGN_OR_RETURN(filter.country_gw, CountryQuery(call));
  if (call.request.has_param("state")) {
    filter.state = monitor::ParseAlertState(call.request.get_param_value("state"));
    if (!filter.state)
      return InvalidArgumentError("query parameter 'state' must be new, acknowledged or decided");
  }
  if (call.request.has_param("rule")) filter.rule = call.request.get_param_value("rule");
  if (call.request.has_param("severity")) {
    filter.minimum_severity = monitor::ParseSeverity(call.request.get_param_value("severity"));
    if (!filter.minimum_severity) {
      return InvalidArgumentError("query parameter 'severity' must be low, medium, high or critical");
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(filter.since, DateQuery(call, "since"));
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t limit, call.LimitQuery(kDefaultAlerts, kMaximumAlerts));
  // One more than asked for, to tell the caller whether the list is complete.
  filter.limit = static_cast<std::size_t>(limit) + 1;
  access::SqlFilter visible =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kAlert, kAlertColumns);
  filter.rows = {std::move(visible.sql), std::move(visible.params)};
  TOCSIN_ASSIGN_OR_RETURN(std::vector<monitor::Alert> alerts, monitor::ListAlerts(call.store(), filter));
  const bool more = alerts.size() > static_cast<std::size_t>(limit);
  if (more) alerts.pop_back();
  nlohmann::json list = nlohmann::json::array();
  std::vector<ReturnedRecord> returned;
  for (const monitor::Alert& alert : alerts) {
    list.push_back(AlertJson(alert));
    returned.push_back({alert.id, LabelOf(alert)});
  }
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kAlert, returned));
  return Reply{.body = {{"alerts", std::move(list)}, {"more", more}}};
}

// The alert `id` if the caller may perform `action` on it; Hidden otherwise.
Status CheckAlert(store::Transaction& transaction, const Call& call, Action action, std::int64_t id,
                  access::RecordLabel* label = nullptr) {
  TOCSIN_ASSIGN_OR_RETURN(const access::RecordLabel stored, LoadAlertLabel(transaction, id));
  // Someone who may update an alert but not read it must not learn it exists.
  if (!access::Decide(call.principal, Action::kRead, Resource::kAlert, stored) ||
      !access::Decide(call.principal, action, Resource::kAlert, stored)) {
    return Hidden(Resource::kAlert);
  }
  if (label != nullptr) *label = stored;
  return Status::Ok();
}

Result<Reply> GetAlert(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  access::RecordLabel label;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return CheckAlert(transaction, call, Action::kRead, id, &label);
  }));
  TOCSIN_ASSIGN_OR_RETURN(const monitor::Alert alert, monitor::GetAlert(call.store(), id));
  TOCSIN_ASSIGN_OR_RETURN(const auto history, monitor::AlertHistory(call.store(), id));
  nlohmann::json body = AlertJson(alert);
  body["peak_start"] = monitor::FormatDate(alert.peak_start);
  body["peak_end"] = monitor::FormatDate(alert.peak_end);
  const nlohmann::json explanation = nlohmann::json::parse(alert.explanation, nullptr, false);
  body["explanation"] = explanation.is_discarded() ? nlohmann::json() : explanation;
  body["transitions"] = nlohmann::json::array();
  for (const monitor::AlertTransition& transition : history) {
    body["transitions"].push_back({{"at", transition.at},
                                   {"state", monitor::AlertStateName(transition.state)},
                                   {"actor", transition.actor},
                                   {"note", transition.note}});
  }
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kAlert, {{id, label.label}}));
  return Reply{.body = std::move(body)};
}

// Runs one step of the state machine on a visible alert, audited with it, and
// answers with the alert as it now is.
Result<Reply> Triage(Call& call, std::string_view verb,
                     const std::function<Status(store::Transaction&, std::int64_t)>& step,
                     const nlohmann::json& detail, const std::string& reason) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(CheckAlert(transaction, call, Action::kUpdate, id));
    TOCSIN_RETURN_IF_ERROR(step(transaction, id));
    nlohmann::json audited = detail;
    audited["step"] = verb;
    return AuditWrite(transaction, call, "update", Resource::kAlert, std::to_string(id), audited, reason);
  }));
  TOCSIN_ASSIGN_OR_RETURN(const monitor::Alert alert, monitor::GetAlert(call.store(), id));
  return Reply{.body = AlertJson(alert)};
}

Result<Reply> Acknowledge(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto owner, OptionalString(body, "owner"));
  TOCSIN_ASSIGN_OR_RETURN(const auto note, OptionalString(body, "note"));
  const std::string who = owner.value_or(call.principal.name);
  return Triage(
      call, "acknowledge",
      [&](store::Transaction& transaction, std::int64_t id) -> Status {
        // The owner answers for the alert: an account that may read it, not any
        // text (and not a name that reveals who exists elsewhere).
        if (who != call.principal.name) {
          const Status no_such_owner = InvalidArgumentError(
              fmt::format("owner '{}': no user of that name who may read alert {}", who, id));
          auto user = access::FindUserByName(transaction, who);
          if (!user.ok() || user->disabled) return no_such_owner;
          TOCSIN_ASSIGN_OR_RETURN(const access::Principal principal,
                                  access::LoadPrincipal(transaction, user->id));
          TOCSIN_ASSIGN_OR_RETURN(const access::RecordLabel label, LoadAlertLabel(transaction, id));
          if (!access::Decide(principal, Action::kRead, Resource::kAlert, label)) return no_such_owner;
        }
        return monitor::AcknowledgeAlertIn(transaction, id, who, note.value_or(""), call.principal.name);
      },
      {{"owner", who}}, note.value_or(""));
}

Result<Reply> Decide(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string decision_name, RequiredString(body, "decision"));
  TOCSIN_ASSIGN_OR_RETURN(const std::string reason, RequiredString(body, "reason"));
  const auto decision = monitor::ParseDecision(decision_name);
  if (!decision) return InvalidArgumentError("field 'decision' must be escalate, monitor or dismiss");
  return Triage(
      call, "decide",
      [&](store::Transaction& transaction, std::int64_t id) {
        return monitor::DecideAlertIn(transaction, id, *decision, reason, call.principal.name);
      },
      {{"decision", decision_name}}, reason);
}

}  // namespace

void AddAlertRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/alerts",
       .summary = "Alerts the caller may read, most severe first, then latest",
       .tag = "alerts",
       .resource = Resource::kAlert,
       .query = {{"state", "string", "Only alerts in this state: new, acknowledged or decided"},
                 {"country", "string", "Only this country: ISO3 code or Gleditsch-Ward number"},
                 {"rule", "string", "Only alerts of this rule"},
                 {"severity", "string", "Only alerts at least this severe: low, medium, high, critical"},
                 {"since", "string", "Only alerts whose window ends on or after this date (YYYY-MM-DD)"},
                 {"limit", "integer", "Alerts to return, 1-1000 (default 100)"}},
       .response_schema = "AlertList",
       .handler = ListAlerts});
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/alerts/{id}",
       .summary = "One alert with its explanation (windows, contributing events) and transitions",
       .tag = "alerts",
       .resource = Resource::kAlert,
       .response_schema = "AlertDetail",
       .handler = GetAlert});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/alerts/{id}/acknowledge",
                    .summary = "Acknowledge a new alert, naming its owner (default: the caller)",
                    .tag = "alerts",
                    .resource = Resource::kAlert,
                    .action = Action::kUpdate,
                    .request_schema = "AlertAcknowledgement",
                    .response_schema = "Alert",
                    .handler = Acknowledge});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/alerts/{id}/decision",
                    .summary = "Decide an acknowledged alert: escalate, monitor or dismiss, with a reason",
                    .tag = "alerts",
                    .resource = Resource::kAlert,
                    .action = Action::kUpdate,
                    .request_schema = "AlertDecision",
                    .response_schema = "Alert",
                    .handler = Decide});
}

}  // namespace tocsin::server
