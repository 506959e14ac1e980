// tocsin alerts: list, show, acknowledge and decide escalation alerts.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "audit_hooks.h"
#include "command.h"
#include "monitor_flags.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/alert.h"

namespace tocsin::cli {
namespace {

struct AlertsOptions {
  // list
  std::string state;
  std::string country;
  std::string rule;
  std::string severity;
  std::string since;
  std::size_t limit = monitor::AlertFilter().limit;
  std::string format = "table";
  // show, ack, decide
  std::int64_t id = 0;
  std::string owner;
  std::string note;
  std::string decision;
  std::string reason;
  std::string by;
};

std::string PlaceName(const monitor::Place& place) {
  const Country* country = CountryRegistry::Default().ByGw(place.country_gw);
  std::string name = country != nullptr ? country->iso3 : std::to_string(place.country_gw);
  if (!place.admin1.empty()) name += " / " + place.admin1;
  return name;
}

Result<monitor::AlertFilter> Filter(const AlertsOptions& options) {
  monitor::AlertFilter filter;
  filter.limit = options.limit;
  if (!options.state.empty()) filter.state = monitor::ParseAlertState(options.state);
  if (!options.rule.empty()) filter.rule = options.rule;
  if (!options.severity.empty()) filter.minimum_severity = monitor::ParseSeverity(options.severity);
  if (!options.country.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(filter.country_gw, CountryFlag(options.country, "--country"));
  }
  TOCSIN_ASSIGN_OR_RETURN(filter.since, DateFlag(options.since, "--since"));
  return filter;
}

nlohmann::ordered_json AlertJson(const monitor::Alert& alert) {
  return {{"id", alert.id},
          {"rule", alert.rule},
          {"detector", alert.detector},
          {"severity", monitor::SeverityName(alert.severity)},
          {"gw", alert.place.country_gw},
          {"place", PlaceName(alert.place)},
          {"series", alert.series},
          {"window_start", monitor::FormatDate(alert.window_start)},
          {"window_end", monitor::FormatDate(alert.window_end)},
          {"peak_start", monitor::FormatDate(alert.peak_start)},
          {"peak_end", monitor::FormatDate(alert.peak_end)},
          {"observed", alert.observed},
          {"expected", alert.expected},
          {"statistic", alert.statistic},
          {"state", monitor::AlertStateName(alert.state)},
          {"owner", alert.owner},
          {"decision", alert.decision ? monitor::DecisionName(*alert.decision) : ""},
          {"decision_reason", alert.decision_reason},
          {"raised_at", alert.raised_at},
          {"triage_due", alert.triage_due},
          {"withdrawn_at", alert.withdrawn_at},
          {"withdrawn_reason", alert.withdrawn_reason},
          {"explanation", nlohmann::ordered_json::parse(alert.explanation, nullptr, false)}};
}

int List(store::Store& store, const AlertsOptions& options) {
  const auto filter = Filter(options);
  if (!filter.ok()) return Fail(filter.status());
  const auto alerts = monitor::ListAlerts(store, *filter);
  if (!alerts.ok()) return Fail(alerts.status());
  if (options.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const monitor::Alert& alert : *alerts) list.push_back(AlertJson(alert));
    fmt::print("{}\n", list.dump(2));
    return kExitOk;
  }
  // Rule names in full, so that one copied from the list works with --rule.
  std::size_t rule_width = 4;
  for (const monitor::Alert& alert : *alerts) rule_width = std::max(rule_width, alert.rule.size());
  fmt::print("{:>5}  {:<8}  {:<12}  {:<24}  {:<{}}  {:<23}  {:>9}  {:>9}\n", "id", "severity", "state",
             "place", "rule", rule_width, "window", "observed", "expected");
  for (const monitor::Alert& alert : *alerts) {
    fmt::print("{:>5}  {:<8}  {:<12}  {:<24.24}  {:<{}}  {}..{}  {:>9.0f}  {:>9.1f}\n", alert.id,
               // A withdrawn alert no longer stands: `alerts show` gives its triage and why.
               monitor::SeverityName(alert.severity),
               alert.withdrawn_at.empty() ? monitor::AlertStateName(alert.state) : "withdrawn",
               PlaceName(alert.place), alert.rule, rule_width, monitor::FormatDate(alert.window_start),
               monitor::FormatDate(alert.window_end), alert.observed, alert.expected);
  }
  fmt::print("{} alert{}.\n", alerts->size(), alerts->size() == 1 ? "" : "s");
  return kExitOk;
}

int Show(store::Store& store, const AlertsOptions& options) {
  const auto alert = monitor::GetAlert(store, options.id);
  if (!alert.ok()) return Fail(alert.status());
  const auto history = monitor::AlertHistory(store, options.id);
  if (!history.ok()) return Fail(history.status());
  auto shown = AlertJson(*alert);
  // Its triage so far, as GET /api/v1/alerts/{id} gives it.
  shown["transitions"] = nlohmann::ordered_json::array();
  for (const monitor::AlertTransition& transition : *history) {
    shown["transitions"].push_back({{"at", transition.at},
                                    {"state", monitor::AlertStateName(transition.state)},
                                    {"actor", transition.actor},
                                    {"note", transition.note}});
  }
  fmt::print("{}\n", shown.dump(2));
  return kExitOk;
}

// Runs one triage step, audited as the API's is ("alert.update" with the step and
// what it set), in the transaction of the change.
Status TriageAudited(store::Store& store, std::int64_t id, nlohmann::json detail, const std::string& reason,
                     const std::function<Status(store::Store&)>& step) {
  return WriteAudited(store, [&](store::Store& joined) -> Result<std::optional<LocalWrite>> {
    TOCSIN_RETURN_IF_ERROR(step(joined));
    return std::make_optional(LocalWrite{.action = "alert.update",
                                         .resource = "alert",
                                         .record_id = std::to_string(id),
                                         .detail = std::move(detail),
                                         .reason = reason});
  });
}

int Acknowledge(store::Store& store, const AlertsOptions& options) {
  const Status status = TriageAudited(
      store, options.id, {{"step", "acknowledge"}, {"owner", options.owner}, {"via", "tocsin alerts ack"}},
      options.note, [&](store::Store& joined) {
        return monitor::AcknowledgeAlert(joined, options.id, options.owner, options.note);
      });
  if (!status.ok()) return Fail(status);
  fmt::print("Alert {} acknowledged; owner {}.\n", options.id, options.owner);
  return kExitOk;
}

int Decide(store::Store& store, const AlertsOptions& options) {
  const auto decision = monitor::ParseDecision(options.decision);
  const Status status =
      TriageAudited(store, options.id,
                    {{"step", "decide"}, {"decision", options.decision}, {"via", "tocsin alerts decide"}},
                    options.reason, [&](store::Store& joined) {
                      return monitor::DecideAlert(joined, options.id, *decision, options.reason, options.by);
                    });
  if (!status.ok()) return Fail(status);
  fmt::print("Alert {} decided: {}.\n", options.id, options.decision);
  return kExitOk;
}

Command RegisterAlerts(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("alerts", "List, show, acknowledge and decide escalation alerts");
  command->require_subcommand(0, 1);
  auto options = std::make_shared<AlertsOptions>();
  AddDbOption(command, common);

  CLI::App* list = command->add_subcommand("list", "List alerts, most severe and latest first (the default)");
  for (CLI::App* lister : {command, list}) {
    lister->add_option("--state", options->state, "new, acknowledged or decided")
        ->check(CLI::IsMember({"new", "acknowledged", "decided"}));
    lister->add_option("--country", options->country, "ISO3 code or GW number");
    lister->add_option("--rule", options->rule, "Rule name");
    lister->add_option("--severity", options->severity, "This severity or higher")
        ->check(CLI::IsMember({"low", "medium", "high", "critical"}));
    lister->add_option("--since", options->since, "Alerts whose window ends on or after YYYY-MM-DD");
    lister->add_option("--limit", options->limit, "At most this many")->capture_default_str();
    lister->add_option("--format", options->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  }
  AddDbOption(list, common);

  CLI::App* show = command->add_subcommand("show", "Show one alert with its explanation (JSON)");
  show->add_option("ID", options->id, "Alert id")->required();
  AddDbOption(show, common);

  CLI::App* ack = command->add_subcommand("ack", "Acknowledge a new alert, naming its owner");
  ack->add_option("ID", options->id, "Alert id")->required();
  ack->add_option("--owner", options->owner, "Who owns the follow-up")->required();
  ack->add_option("--note", options->note, "A note for the history");
  AddDbOption(ack, common);

  CLI::App* decide = command->add_subcommand("decide", "Decide an acknowledged alert");
  decide->add_option("ID", options->id, "Alert id")->required();
  decide->add_option("--decision", options->decision, "escalate (to a case), monitor or dismiss")
      ->required()
      ->check(CLI::IsMember({"escalate", "monitor", "dismiss"}));
  decide->add_option("--reason", options->reason, "Why")->required();
  decide->add_option("--by", options->by, "Who decided (default: the owner)");
  AddDbOption(decide, common);

  command->footer(
      "Examples:\n"
      "  tocsin alerts --state new --severity high\n"
      "  tocsin alerts show 12\n"
      "  tocsin alerts ack 12 --owner 'A. Analyst'\n"
      "  tocsin alerts decide 12 --decision escalate --reason 'Killings spreading to Ouham'\n"
      "An alert moves new -> acknowledged (owner) -> decided (with reason); each step is kept in its history.");
  return {command, [&common, options, list, show, ack, decide]() -> int {
            auto store = OpenStore(common);
            if (!store.ok()) return Fail(store.status());
            if (show->parsed()) return Show(**store, *options);
            if (ack->parsed()) return Acknowledge(**store, *options);
            if (decide->parsed()) return Decide(**store, *options);
            (void)list;
            return List(**store, *options);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(61, RegisterAlerts);

}  // namespace tocsin::cli
