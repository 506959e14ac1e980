#include "tocsin/respond/gap.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "html.h"
#include "recording.h"
#include "tocsin/access/record_columns.h"
#include "tocsin/respond/cases.h"
#include "tocsin/respond/decisions.h"
#include "tocsin/respond/options.h"
#include "tocsin/respond/tasks.h"
#include "tocsin/respond/watchlist.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

constexpr int kMonthsPerQuarter = 3;

struct Period {
  std::string name = "all";
  std::string from;  // inclusive; empty: no bound
  std::string to;    // exclusive; empty: no bound
  bool Contains(const std::string& at) const { return (from.empty() || at >= from) && (to.empty() || at < to); }
};

Result<Period> ParsePeriod(const std::optional<std::string>& quarter) {
  Period period;
  if (!quarter) return period;
  const auto invalid = [&] {
    return InvalidArgumentError(fmt::format("'{}' is not a quarter: write it as 2026Q1", *quarter));
  };
  int year = 0;
  const std::string& text = *quarter;
  if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q') || text[5] < '1' || text[5] > '4') return invalid();
  if (std::from_chars(text.data(), text.data() + 4, year).ec != std::errc()) return invalid();
  const int number = text[5] - '0';
  const int first_month = (number - 1) * kMonthsPerQuarter + 1;
  period.name = fmt::format("{}Q{}", year, number);
  period.from = fmt::format("{:04}-{:02}-01T00:00:00Z", year, first_month);
  period.to = number == 4 ? fmt::format("{:04}-01-01T00:00:00Z", year + 1)
                          : fmt::format("{:04}-{:02}-01T00:00:00Z", year, first_month + kMonthsPerQuarter);
  return period;
}

std::optional<double> Hours(const std::string& from, const std::string& to) {
  if (from.empty() || to.empty()) return std::nullopt;
  const auto start = ParseUtc(from);
  const auto end = ParseUtc(to);
  if (!start.ok() || !end.ok()) return std::nullopt;
  return HoursBetween(*start, *end);
}

// A list the caller's roles may not read counts as empty, not as an error:
// the report shows what the caller may see.
template <typename T>
Result<std::vector<T>> IfPermitted(const Context& context, Resource resource, Result<std::vector<T>> list) {
  if (!access::DecideRole(context.principal, Action::kRead, resource)) return std::vector<T>();
  return list;
}

struct AlertFacts {
  int gw = 0;
  std::string raised_at, triage_due, owner, acknowledged_at;
};

// The columns of AlertFacts, then the alert's id (column kAlertFactsColumns).
constexpr std::string_view kAlertFactsSelect =
    "SELECT alerts.gw, alerts.raised_at, alerts.triage_due, coalesce(alerts.owner, ''), "
    "coalesce(alerts.acknowledged_at, ''), alerts.id FROM alerts ";
constexpr int kAlertFactsColumns = 5;

AlertFacts AlertFactsFromRow(const store::Row& row) {
  return AlertFacts{static_cast<int>(row.Integer(0)), row.Text(1), row.Text(2), row.Text(3), row.Text(4)};
}

// Alert `id` if `visible` (the reader's alerts) lets it through: a report shows
// no alert its reader could not open.
Result<std::optional<AlertFacts>> LoadAlert(store::Transaction& transaction, const access::SqlFilter& visible,
                                            std::int64_t id) {
  std::optional<AlertFacts> alert;
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query(std::string(kAlertFactsSelect) + "WHERE alerts.id = ? AND " + visible.sql,
                        WithFilter({id}, visible), [&](const store::Row& row) {
                          alert = AlertFactsFromRow(row);
                          return Status::Ok();
                        }));
  return alert;
}

// The first completed task of `case_id` finished at or after `since`.
std::string FirstCompletedSince(const std::vector<Task>& tasks, std::int64_t case_id, const std::string& since) {
  std::string first;
  for (const Task& task : tasks) {
    if (task.case_id != case_id || task.status != TaskStatus::kDone || task.completed_at < since) continue;
    if (first.empty() || task.completed_at < first) first = task.completed_at;
  }
  return first;
}

Result<std::optional<std::int64_t>> LatestVisibleRun(store::Transaction& transaction, const access::Principal& principal) {
  const access::SqlFilter runs =
      access::SqlFilterFor(principal, Action::kRead, Resource::kForecast, access::kForecastRunColumns);
  std::optional<std::int64_t> run;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT model_runs.id FROM model_runs WHERE model_runs.kind = 'forecast' AND " + runs.sql +
          " ORDER BY model_runs.created_at DESC, model_runs.id DESC LIMIT 1",
      runs.params, [&](const store::Row& row) {
        run = row.Integer(0);
        return Status::Ok();
      }));
  return run;
}

Coverage Cover(const std::vector<std::pair<int, std::string>>& countries, const std::set<int>& covered) {
  Coverage coverage;
  for (const auto& [gw, name] : countries) {
    ++coverage.countries;
    if (covered.count(gw)) {
      ++coverage.with_active_option;
    } else {
      coverage.without_option.push_back(name);
    }
  }
  if (coverage.countries > 0) coverage.share = static_cast<double>(coverage.with_active_option) / coverage.countries;
  return coverage;
}

nlohmann::json Optional(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

std::string HoursText(const std::optional<double>& hours) {
  return hours ? fmt::format("{:.1f}", *hours) : "–";
}

nlohmann::json CoverageJson(const Coverage& coverage) {
  return {{"countries", coverage.countries},
          {"with_active_option", coverage.with_active_option},
          {"share", Optional(coverage.share)},
          {"without_option", coverage.without_option}};
}

}  // namespace

Result<GapReport> ComputeGap(store::Transaction& transaction, const Context& context, const GapOptions& options) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kGapReport));
  TOCSIN_ASSIGN_OR_RETURN(const Period period, ParsePeriod(options.quarter));
  // The shareable version: the caller as if cleared only up to the chosen label.
  access::Principal reader = context.principal;
  if (options.maximum_label) reader.clearance = std::min(reader.clearance, *options.maximum_label);
  const Context as_reader{reader, context.clock};

  const access::SqlFilter alerts_read =
      access::SqlFilterFor(reader, Action::kRead, Resource::kAlert, access::kAlertColumns);

  GapReport report;
  report.period = period.name;
  report.from = period.from;
  report.to = period.to;
  report.generated_at = context.clock.NowText();
  report.maximum_label = std::string(access::ClearanceName(reader.clearance));

  TOCSIN_ASSIGN_OR_RETURN(const auto cases,
                          IfPermitted(as_reader, Resource::kCase, ListCases(transaction, as_reader)));
  TOCSIN_ASSIGN_OR_RETURN(const auto tasks,
                          IfPermitted(as_reader, Resource::kTask, ListTasks(transaction, as_reader)));
  TOCSIN_ASSIGN_OR_RETURN(const auto decisions,
                          IfPermitted(as_reader, Resource::kDecision, ListDecisions(transaction, as_reader)));
  TOCSIN_ASSIGN_OR_RETURN(const auto watchlist,
                          IfPermitted(as_reader, Resource::kWatchlist, ListWatchlist(transaction, as_reader)));

  std::map<std::int64_t, const Case*> case_by_id;
  for (const Case& record : cases) case_by_id[record.id] = &record;

  // Cases opened in the period.
  std::map<std::int64_t, std::string> alert_raised;
  for (const Case& record : cases) {
    if (!period.Contains(record.opened_at)) continue;
    CaseGap gap{.case_id = record.id, .title = record.title, .gw = record.gw, .start = record.opened_at};
    if (record.origin_alert_id) {
      TOCSIN_ASSIGN_OR_RETURN(const auto alert, LoadAlert(transaction, alerts_read, *record.origin_alert_id));
      if (alert) gap.start = alert->raised_at;
    }
    if (!record.lead_user_name.empty()) gap.hours_to_owner = Hours(gap.start, record.opened_at);
    std::string first_decision;
    for (const DecisionRecord& decision : decisions) {
      if (decision.case_id == record.id && (first_decision.empty() || decision.decided_at < first_decision)) {
        first_decision = decision.decided_at;
      }
    }
    gap.hours_to_decision = Hours(gap.start, first_decision);
    if (!first_decision.empty()) {
      gap.hours_decision_to_first_completed_task =
          Hours(first_decision, FirstCompletedSince(tasks, record.id, first_decision));
    }
    for (const Task& task : tasks) {
      if (task.case_id != record.id) continue;
      ++gap.tasks;
      if (task.status == TaskStatus::kDone) ++gap.tasks_done;
      if (task.overdue) ++gap.tasks_overdue;
    }
    report.cases.push_back(std::move(gap));
  }

  // Every alert the reader may open that was raised in the period: those no one
  // has owned or answered yet are the largest gap, not only those a case or a
  // decision refers to.
  std::map<std::int64_t, AlertFacts> visible_alerts;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kAlertFactsSelect) + "WHERE " + alerts_read.sql + " ORDER BY alerts.raised_at, alerts.id",
      alerts_read.params, [&](const store::Row& row) {
        visible_alerts.emplace(row.Integer(kAlertFactsColumns), AlertFactsFromRow(row));
        return Status::Ok();
      }));
  for (const auto& [id, facts] : visible_alerts) {
    const AlertFacts* alert = &facts;
    if (!period.Contains(alert->raised_at)) continue;
    AlertGap gap{.alert_id = id,
                 .gw = alert->gw,
                 .country = CountryName(alert->gw),
                 .raised_at = alert->raised_at,
                 .triage_due = alert->triage_due,
                 .owner = alert->owner};
    gap.hours_to_owner = Hours(alert->raised_at, alert->acknowledged_at);
    if (!alert->acknowledged_at.empty()) gap.owner_within_deadline = alert->acknowledged_at <= alert->triage_due;
    // The first decision that cites the alert or is taken on a case it opened.
    const DecisionRecord* first = nullptr;
    for (const DecisionRecord& decision : decisions) {
      const auto origin = case_by_id.find(decision.case_id);
      const bool on_its_case = origin != case_by_id.end() && origin->second->origin_alert_id == id;
      const bool cites = std::any_of(decision.signals.begin(), decision.signals.end(),
                                     [&](const Signal& signal) { return signal.kind == "alert" && signal.id == id; });
      if ((on_its_case || cites) && (!first || decision.decided_at < first->decided_at)) first = &decision;
    }
    if (first) {
      gap.hours_to_decision = Hours(alert->raised_at, first->decided_at);
      gap.hours_decision_to_first_completed_task =
          Hours(first->decided_at, FirstCompletedSince(tasks, first->case_id, first->decided_at));
    }
    report.alerts.push_back(std::move(gap));
  }

  // Per organisation: the tasks it owns.
  std::map<std::string, OrganisationGap> organisations;
  for (const Task& task : tasks) {
    OrganisationGap& gap = organisations[task.owner_organisation_name];
    gap.organisation = task.owner_organisation_name;
    if (task.status == TaskStatus::kOpen || task.status == TaskStatus::kAcknowledged) ++gap.open_tasks;
    if (task.overdue) ++gap.overdue_tasks;
    if (!task.escalated_at.empty()) ++gap.escalated_tasks;
  }
  for (auto& [name, gap] : organisations) report.organisations.push_back(gap);

  // Coverage: countries with an open case that has an active option.
  std::set<int> covered;
  for (const Case& record : cases) {
    if (record.status == CaseStatus::kClosed) continue;
    TOCSIN_ASSIGN_OR_RETURN(const auto chosen, ListCaseOptions(transaction, as_reader, record.id));
    if (std::any_of(chosen.begin(), chosen.end(), [](const CaseOption& option) { return option.active; })) {
      covered.insert(record.gw);
    }
  }
  std::vector<std::pair<int, std::string>> top;
  if (access::DecideRole(reader, Action::kRead, Resource::kForecast)) {
    TOCSIN_ASSIGN_OR_RETURN(report.forecast_run_id, LatestVisibleRun(transaction, reader));
  }
  if (report.forecast_run_id) {
    const std::vector<store::Value> params = {*report.forecast_run_id, *report.forecast_run_id,
                                              static_cast<std::int64_t>(options.top)};
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT gw FROM forecasts WHERE run_id = ? AND gw IS NOT NULL AND "
        "data_year = (SELECT max(data_year) FROM forecasts WHERE run_id = ?) AND rank <= ? ORDER BY rank",
        params, [&](const store::Row& row) {
          const int gw = static_cast<int>(row.Integer(0));
          top.emplace_back(gw, CountryName(gw));
          return Status::Ok();
        }));
  }
  report.top30 = Cover(top, covered);
  std::vector<std::pair<int, std::string>> listed;
  for (const WatchlistEntry& entry : watchlist) listed.emplace_back(entry.gw, entry.country);
  report.watchlist = Cover(listed, covered);
  return report;
}

nlohmann::json GapReportJson(const GapReport& report) {
  nlohmann::json alerts = nlohmann::json::array();
  for (const AlertGap& gap : report.alerts) {
    alerts.push_back({{"alert_id", gap.alert_id},
                      {"gw", gap.gw},
                      {"country", gap.country},
                      {"raised_at", gap.raised_at},
                      {"triage_due", gap.triage_due},
                      {"owner", gap.owner.empty() ? nlohmann::json() : nlohmann::json(gap.owner)},
                      {"hours_to_owner", Optional(gap.hours_to_owner)},
                      {"owner_within_deadline",
                       gap.owner_within_deadline ? nlohmann::json(*gap.owner_within_deadline) : nlohmann::json()},
                      {"hours_to_decision", Optional(gap.hours_to_decision)},
                      {"hours_decision_to_first_completed_task", Optional(gap.hours_decision_to_first_completed_task)}});
  }
  nlohmann::json cases = nlohmann::json::array();
  for (const CaseGap& gap : report.cases) {
    cases.push_back({{"case_id", gap.case_id},
                     {"title", gap.title},
                     {"gw", gap.gw},
                     {"start", gap.start},
                     {"hours_to_owner", Optional(gap.hours_to_owner)},
                     {"hours_to_decision", Optional(gap.hours_to_decision)},
                     {"hours_decision_to_first_completed_task", Optional(gap.hours_decision_to_first_completed_task)},
                     {"tasks", gap.tasks},
                     {"tasks_done", gap.tasks_done},
                     {"tasks_overdue", gap.tasks_overdue}});
  }
  nlohmann::json organisations = nlohmann::json::array();
  for (const OrganisationGap& gap : report.organisations) {
    organisations.push_back({{"organisation", gap.organisation},
                             {"open_tasks", gap.open_tasks},
                             {"overdue_tasks", gap.overdue_tasks},
                             {"escalated_tasks", gap.escalated_tasks}});
  }
  return {{"period", report.period},
          {"from", report.from.empty() ? nlohmann::json() : nlohmann::json(report.from)},
          {"to", report.to.empty() ? nlohmann::json() : nlohmann::json(report.to)},
          {"generated_at", report.generated_at},
          {"maximum_label", report.maximum_label},
          {"alerts", alerts},
          {"cases", cases},
          {"organisations", organisations},
          {"top30", CoverageJson(report.top30)},
          {"watchlist", CoverageJson(report.watchlist)},
          {"forecast_run_id", report.forecast_run_id ? nlohmann::json(*report.forecast_run_id) : nlohmann::json()}};
}

std::string GapReportHtml(const GapReport& report) {
  std::string html = PageStart("Tocsin warning-to-response gap " + report.period);
  html += fmt::format("<h1>Warning to response: the gap, {}</h1>\n", EscapeHtml(report.period));
  html += fmt::format(
      "<p class=banner>Contains nothing labelled above <b>{}</b>. Generated {}.</p>\n", EscapeHtml(report.maximum_label),
      EscapeHtml(report.generated_at));
  const auto share = [](const Coverage& coverage) {
    return coverage.share ? fmt::format("{:.0f}% ({} of {})", 100 * *coverage.share, coverage.with_active_option,
                                        coverage.countries)
                          : std::string("no countries");
  };
  html += "<table class=facts>\n";
  html += fmt::format("<tr><td>Top-30 forecast countries with an active preventive option</td><td>{}</td></tr>\n",
                      EscapeHtml(share(report.top30)));
  html += fmt::format("<tr><td>Watchlist countries with an active preventive option</td><td>{}</td></tr>\n",
                      EscapeHtml(share(report.watchlist)));
  html += "</table>\n<h2>Alerts</h2>\n";
  html += "<table><tr><th>Alert</th><th>Country</th><th>Raised</th><th>Owner</th><th class=n>Hours to owner</th>"
          "<th>Within deadline</th><th class=n>Hours to decision</th><th class=n>Decision to first completed task "
          "(h)</th></tr>\n";
  for (const AlertGap& gap : report.alerts) {
    const std::string within = !gap.owner_within_deadline ? "–" : *gap.owner_within_deadline ? "yes" : "<span class=late>no</span>";
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td><td>{}</td><td class=n>{}</td><td "
        "class=n>{}</td></tr>\n",
        gap.alert_id, EscapeHtml(gap.country), EscapeHtml(gap.raised_at), EscapeHtml(gap.owner), HoursText(gap.hours_to_owner),
        within, HoursText(gap.hours_to_decision), HoursText(gap.hours_decision_to_first_completed_task));
  }
  html += "</table>\n<h2>Cases</h2>\n";
  html += "<table><tr><th>Case</th><th>Title</th><th>Country</th><th class=n>Hours to owner</th><th class=n>Hours to "
          "decision</th><th class=n>Decision to first completed task (h)</th><th class=n>Tasks</th><th "
          "class=n>Done</th><th class=n>Overdue</th></tr>\n";
  for (const CaseGap& gap : report.cases) {
    html += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td><td "
        "class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>\n",
        gap.case_id, EscapeHtml(gap.title), EscapeHtml(CountryName(gap.gw)), HoursText(gap.hours_to_owner),
        HoursText(gap.hours_to_decision), HoursText(gap.hours_decision_to_first_completed_task), gap.tasks,
        gap.tasks_done, gap.tasks_overdue);
  }
  html += "</table>\n<h2>Organisations</h2>\n";
  html += "<table><tr><th>Organisation</th><th class=n>Open tasks</th><th class=n>Overdue</th><th "
          "class=n>Escalated</th></tr>\n";
  for (const OrganisationGap& gap : report.organisations) {
    html += fmt::format("<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>\n",
                        EscapeHtml(gap.organisation), gap.open_tasks, gap.overdue_tasks, gap.escalated_tasks);
  }
  html += "</table>\n";
  if (!report.top30.without_option.empty()) {
    html += "<h2>Top-30 countries without an active preventive option</h2>\n<p>";
    for (std::size_t i = 0; i < report.top30.without_option.size(); ++i) {
      html += (i ? ", " : "") + EscapeHtml(report.top30.without_option[i]);
    }
    html += "</p>\n";
  }
  html += "<p class=note>Hours to owner: from the alert being raised (or, for a case, its first signal) to a named "
          "owner. Hours to decision: to the first recorded decision. Decision to first completed task: from that "
          "decision to the first task of the case marked done.</p>\n";
  return html + std::string(kPageEnd);
}

}  // namespace tocsin::respond
