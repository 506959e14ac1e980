#include "tocsin/respond/cases.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>
#include <tuple>

#include "recording.h"
#include "tocsin/access/record_columns.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/respond/json.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

constexpr std::array<std::string_view, 4> kCaseStatusNames = {"watch", "preventive action", "crisis response",
                                                              "closed"};

constexpr std::string_view kCaseSelect =
    "SELECT cases.id, cases.title, cases.gw, cases.admin1, cases.status, cases.label, "
    "cases.owner_organisation_id, organisations.name, cases.lead_user_id, coalesce(users.name, ''), "
    "cases.origin_alert_id, cases.opened_at, coalesce(cases.closed_at, '') FROM cases "
    "JOIN organisations ON organisations.id = cases.owner_organisation_id "
    "LEFT JOIN users ON users.id = cases.lead_user_id ";

Case CaseFromRow(const store::Row& row) {
  Case record;
  record.id = row.Integer(0);
  record.title = row.Text(1);
  record.gw = static_cast<int>(row.Integer(2));
  record.country = CountryName(record.gw);
  record.admin1 = row.Text(3);
  record.status = ParseCaseStatus(row.Text(4)).value_or(CaseStatus::kWatch);
  record.label = StoredLabel(row.Integer(5));
  record.lead_organisation = access::OrganisationId(row.Integer(6));
  record.lead_organisation_name = row.Text(7);
  if (!row.IsNull(8)) record.lead_user = access::UserId(row.Integer(8));
  record.lead_user_name = row.Text(9);
  if (!row.IsNull(10)) record.origin_alert_id = row.Integer(10);
  record.opened_at = row.Text(11);
  record.closed_at = row.Text(12);
  return record;
}

// The case's members and the organisations it is shared with.
Status LoadMembers(store::Transaction& transaction, Case& record) {
  TOCSIN_ASSIGN_OR_RETURN(record.shared_with, SharesOf(transaction, Resource::kCase, record.id));
  const std::vector<store::Value> params = {record.id};
  return transaction.Query(
      "SELECT users.name FROM case_members JOIN users ON users.id = case_members.user_id "
      "WHERE case_members.case_id = ? ORDER BY users.name",
      params, [&](const store::Row& row) {
        record.members.push_back(row.Text(0));
        return Status::Ok();
      });
}

// The case without a policy check: for the functions below, after their own.
Result<Case> LoadCase(store::Transaction& transaction, std::int64_t id) {
  std::optional<Case> record;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kCaseSelect) + "WHERE cases.id = ?", params,
                                           [&](const store::Row& row) {
                                             record = CaseFromRow(row);
                                             return Status::Ok();
                                           }));
  if (!record) return Hidden("case", id);
  TOCSIN_RETURN_IF_ERROR(LoadMembers(transaction, *record));
  return *record;
}

Status AddMember(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                 access::UserId user) {
  const std::vector<store::Value> params = {case_id, user.value(), context.clock.NowText()};
  return transaction
      .Execute(
          "INSERT INTO case_members (case_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          params)
      .status();
}

// The alert a case is opened on: one that exists, on the case's country, and
// raised by now (the gap from warning to response is measured from it).
Status CheckOriginAlert(store::Transaction& transaction, const Context& context, std::int64_t id, int gw) {
  std::optional<std::pair<int, std::string>> alert;  // country, raised at
  // An alert the caller may not read is, to them, one that does not exist.
  const access::SqlFilter visible =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kAlert, access::kAlertColumns);
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT alerts.gw, alerts.raised_at FROM alerts WHERE alerts.id = ? AND " + visible.sql,
      WithFilter({id}, visible), [&](const store::Row& row) {
        alert.emplace(static_cast<int>(row.Integer(0)), row.Text(1));
        return Status::Ok();
      }));
  if (!alert) return InvalidArgumentError(fmt::format("no alert {}", id));
  if (alert->first != gw) {
    return InvalidArgumentError(fmt::format("alert {} is on {}, not on {}, the case's country", id,
                                            CountryName(alert->first), CountryName(gw)));
  }
  if (const std::string now = context.clock.NowText(); alert->second > now) {
    return InvalidArgumentError(
        fmt::format("alert {} was raised at {}, after the case's opening ({})", id, alert->second, now));
  }
  return Status::Ok();
}

// The user `name` as a member of a case labelled `label`: refused when they could
// never read it, since a member who cannot would be listed as informed and see
// nothing. A user of an organisation that does not hold the case is answered as
// an unknown one, so that cases cannot be used to look up other organisations'
// logins.
Result<UserRef> FindCaseMember(store::Transaction& transaction, const std::string& name,
                               const access::RecordLabel& label, std::string_view the_case) {
  const std::string unknown = fmt::format(
      "no user named '{}' in the organisations that hold {} (share it with their organisation first)", name,
      the_case);
  const auto user = FindUser(transaction, name);
  if (!user.ok()) return InvalidArgumentError(unknown);
  TOCSIN_ASSIGN_OR_RETURN(access::Principal member, access::LoadPrincipal(transaction, user->id));
  if (label.case_id) member.cases.push_back(*label.case_id);
  const access::Decision decision = access::Decide(member, Action::kRead, Resource::kCase, label);
  if (decision) return *user;
  if (decision.denial == access::Denial::kOtherOrganisation) return InvalidArgumentError(unknown);
  if (decision.denial == access::Denial::kClearanceTooLow) {
    return InvalidArgumentError(
        fmt::format("'{}' is cleared {}, below the label of {} ({}): they could never read it", name,
                    access::ClearanceName(member.clearance), the_case, access::ClearanceName(label.label)));
  }
  return InvalidArgumentError(fmt::format("'{}' has no role that may read cases", name));
}

}  // namespace

std::string_view CaseStatusName(CaseStatus status) {
  return kCaseStatusNames.at(static_cast<std::size_t>(status));
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view name) {
  std::string normal(name);
  std::replace(normal.begin(), normal.end(), '-', ' ');
  std::replace(normal.begin(), normal.end(), '_', ' ');
  for (std::size_t i = 0; i < kCaseStatusNames.size(); ++i) {
    if (kCaseStatusNames[i] == normal) return static_cast<CaseStatus>(i);
  }
  return std::nullopt;
}

Result<Case> OpenCase(store::Transaction& transaction, const Context& context, const NewCase& request) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kCase));
  TOCSIN_RETURN_IF_ERROR(RequireLabelWithin(context, request.label));
  if (request.title.empty()) return InvalidArgumentError("a case needs a title");
  if (!CountryRegistry::Default().ByGw(request.gw)) {
    return InvalidArgumentError(fmt::format("no country with Gleditsch-Ward number {}", request.gw));
  }
  if (request.origin_alert_id) {
    TOCSIN_RETURN_IF_ERROR(CheckOriginAlert(transaction, context, *request.origin_alert_id, request.gw));
  }
  access::UserId lead = context.principal.user;
  if (!request.lead_user.empty()) {
    // One answer for a name that does not exist and one of another organisation:
    // the caller learns nothing of other organisations' accounts.
    const Result<UserRef> user = FindUser(transaction, request.lead_user);
    if (!user.ok() || user->organisation != context.principal.organisation) {
      return InvalidArgumentError(fmt::format(
          "no user named '{}' in your organisation: the case lead belongs to the lead organisation (yours)",
          request.lead_user));
    }
    lead = user->id;
  }
  std::vector<access::UserId> members = {context.principal.user, lead};
  const access::RecordLabel label = {
      .label = request.label, .owner = context.principal.organisation, .shared_with = request.shared_with};
  // The lead answers for the case (overdue tasks are escalated to them): they must
  // be able to read it, as every member must.
  if (!request.lead_user.empty()) {
    TOCSIN_RETURN_IF_ERROR(FindCaseMember(transaction, request.lead_user, label, "the case").status());
  }
  for (const std::string& name : request.members) {
    TOCSIN_ASSIGN_OR_RETURN(const UserRef user, FindCaseMember(transaction, name, label, "the case"));
    members.push_back(user.id);
  }
  const std::string now = context.clock.NowText();
  std::vector<store::Value> params = {request.title,
                                      static_cast<std::int64_t>(request.gw),
                                      request.admin1,
                                      static_cast<std::int64_t>(request.label),
                                      context.principal.organisation.value(),
                                      lead.valid() && lead.value() > 0 ? store::Value(lead.value()) : store::Value(),
                                      Nullable(request.origin_alert_id),
                                      now};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO cases (title, gw, admin1, label, owner_organisation_id, "
                                      "lead_user_id, origin_alert_id, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  const std::vector<store::Value> self = {id, id};
  TOCSIN_RETURN_IF_ERROR(transaction.Execute("UPDATE cases SET case_id = ? WHERE id = ?", self).status());
  for (access::UserId member : members) {
    if (member.value() > 0) TOCSIN_RETURN_IF_ERROR(AddMember(transaction, context, id, member));
  }
  TOCSIN_RETURN_IF_ERROR(access::ReplaceShares(transaction, Resource::kCase, id, request.shared_with));
  TOCSIN_ASSIGN_OR_RETURN(Case record, LoadCase(transaction, id));
  TOCSIN_RETURN_IF_ERROR(AddCaseEvent(
      transaction, context, id, "opened",
      fmt::format("case opened on {}{}, lead {} ({})", record.country,
                  record.admin1.empty() ? "" : " (" + record.admin1 + ")", record.lead_user_name,
                  record.lead_organisation_name) +
          (request.origin_alert_id ? fmt::format(", from alert {}", *request.origin_alert_id) : "")));
  TOCSIN_RETURN_IF_ERROR(Audit(
      transaction, context, Resource::kCase, "create", id,
      {{"label", access::ClearanceName(request.label)}, {"shared_with", ToJson(record.shared_with.ids)}},
      request.reason));
  return record;
}

Result<Case> GetCase(store::Transaction& transaction, const Context& context, std::int64_t id) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kCase));
  auto label = LoadRecordLabel(transaction, RecordKind::kCase, id);
  if (!label.ok()) return Hidden("case", id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kRead, Resource::kCase, *label, "case", id));
  return LoadCase(transaction, id);
}

Result<std::vector<Case>> ListCases(store::Transaction& transaction, const Context& context,
                                    const CaseFilter& filter) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kRead, Resource::kCase));
  const access::SqlFilter visible = access::SqlFilterFor(context.principal, Action::kRead, Resource::kCase, kCaseColumns);
  const store::Value status = filter.status ? store::Value(std::string(CaseStatusName(*filter.status))) : store::Value();
  const store::Value gw = filter.gw ? store::Value(static_cast<std::int64_t>(*filter.gw)) : store::Value();
  std::vector<Case> cases;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      std::string(kCaseSelect) + "WHERE (? IS NULL OR cases.status = ?) AND (? IS NULL OR cases.gw = ?) AND " +
          visible.sql + " ORDER BY cases.opened_at DESC, cases.id DESC",
      WithFilter({status, status, gw, gw}, visible), [&](const store::Row& row) {
        cases.push_back(CaseFromRow(row));
        return Status::Ok();
      }));
  for (Case& record : cases) TOCSIN_RETURN_IF_ERROR(LoadMembers(transaction, record));
  return cases;
}

Status RequireOpenCase(store::Transaction& transaction, std::int64_t case_id) {
  TOCSIN_ASSIGN_OR_RETURN(const Case record, LoadCase(transaction, case_id));
  if (record.status != CaseStatus::kClosed) return Status::Ok();
  return FailedPreconditionError(
      fmt::format("case {} is closed (at {}): it takes no new tasks, decisions, options or members", case_id,
                  record.closed_at));
}

Status AddCaseMember(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                     const std::string& user_name, const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kUpdate, Resource::kCase));
  auto label = LoadRecordLabel(transaction, RecordKind::kCase, case_id);
  if (!label.ok()) return Hidden("case", case_id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kUpdate, Resource::kCase, *label, "case", case_id));
  TOCSIN_RETURN_IF_ERROR(RequireOpenCase(transaction, case_id));
  TOCSIN_ASSIGN_OR_RETURN(const UserRef user,
                          FindCaseMember(transaction, user_name, *label, fmt::format("case {}", case_id)));
  TOCSIN_ASSIGN_OR_RETURN(const Case record, LoadCase(transaction, case_id));
  // Adding a member who already is one changes nothing, and records nothing.
  if (std::find(record.members.begin(), record.members.end(), user_name) != record.members.end()) {
    return Status::Ok();
  }
  TOCSIN_RETURN_IF_ERROR(AddMember(transaction, context, case_id, user.id));
  TOCSIN_RETURN_IF_ERROR(AddCaseEvent(transaction, context, case_id, "member", user_name + " joined the case"));
  return Audit(transaction, context, Resource::kCase, "update", case_id, {{"member", user_name}}, reason);
}

Status SetCaseStatus(store::Transaction& transaction, const Context& context, std::int64_t case_id,
                     CaseStatus status, const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kUpdate, Resource::kCase));
  auto label = LoadRecordLabel(transaction, RecordKind::kCase, case_id);
  if (!label.ok()) return Hidden("case", case_id);
  TOCSIN_RETURN_IF_ERROR(RequireRecord(context, Action::kUpdate, Resource::kCase, *label, "case", case_id));
  TOCSIN_ASSIGN_OR_RETURN(const Case record, LoadCase(transaction, case_id));
  if (record.status == CaseStatus::kClosed) {
    return FailedPreconditionError(fmt::format("case {} is closed", case_id));
  }
  // Setting the status a case has changes nothing, and records nothing as a change.
  if (record.status == status) return Status::Ok();
  if (status == CaseStatus::kClosed) {
    // Closed is final: open work would go overdue, be escalated and count against
    // its organisation with no way to finish it on the case.
    std::int64_t open_tasks = 0;
    const std::vector<store::Value> id = {case_id};
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT count(*) FROM tasks WHERE case_id = ? AND status IN ('open', 'acknowledged')", id,
        [&](const store::Row& row) {
          open_tasks = row.Integer(0);
          return Status::Ok();
        }));
    if (open_tasks > 0) {
      return FailedPreconditionError(
          fmt::format("case {} still has {} open task{}: mark {} done or cancelled before closing the case",
                      case_id, open_tasks, open_tasks == 1 ? "" : "s", open_tasks == 1 ? "it" : "them"));
    }
  }
  const std::string now = context.clock.NowText();
  const std::vector<store::Value> params = {std::string(CaseStatusName(status)),
                                            status == CaseStatus::kClosed ? store::Value(now) : store::Value(),
                                            case_id};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Execute("UPDATE cases SET status = ?, closed_at = ? WHERE id = ?", params).status());
  if (status == CaseStatus::kClosed) {
    const std::vector<store::Value> id = {case_id};
    TOCSIN_RETURN_IF_ERROR(
        transaction.Execute("UPDATE case_options SET state = 'dropped' WHERE case_id = ?", id).status());
  }
  TOCSIN_RETURN_IF_ERROR(AddCaseEvent(
      transaction, context, case_id, "status",
      fmt::format("status {} -> {}{}", CaseStatusName(record.status), CaseStatusName(status),
                  reason.empty() ? "" : ": " + reason)));
  return Audit(transaction, context, Resource::kCase, "update", case_id,
               {{"status", CaseStatusName(status)}}, reason);
}

Result<std::vector<TimelineEntry>> CaseTimeline(store::Transaction& transaction, const Context& context,
                                                std::int64_t case_id) {
  TOCSIN_ASSIGN_OR_RETURN(const Case record, GetCase(transaction, context, case_id));
  std::vector<TimelineEntry> timeline;
  const std::vector<store::Value> id = {case_id};
  // An entry about a task, decision or brief is shown only to those who may read
  // that record: membership of the case does not clear a reader for all of it.
  std::map<std::string, std::set<std::int64_t>, std::less<>> readable;
  const std::tuple<Resource, access::RecordColumns, std::string_view> record_kinds[] = {
      {Resource::kTask, kTaskColumns, "SELECT tasks.id FROM tasks WHERE tasks.case_id = ? AND "},
      {Resource::kDecision, kDecisionColumns,
       "SELECT decisions.id FROM decisions WHERE decisions.case_id = ? AND "},
      {Resource::kBrief, kBriefColumns,
       "SELECT brief_exports.id FROM brief_exports WHERE brief_exports.case_id = ? AND "}};
  for (const auto& [resource, columns, select] : record_kinds) {
    std::set<std::int64_t>& ids = readable[std::string(access::ResourceName(resource))];
    const access::SqlFilter filter =
        access::SqlFilterFor(context.principal, Action::kRead, resource, columns);
    std::string sql(select);
    sql += filter.sql;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, WithFilter(id, filter), [&](const store::Row& row) {
      ids.insert(row.Integer(0));
      return Status::Ok();
    }));
  }
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT at, kind, text, actor, coalesce(resource, ''), record_id FROM case_events WHERE case_id = ? "
      "ORDER BY at, id",
      id, [&](const store::Row& row) {
        const std::string resource = row.Text(4);
        if (!resource.empty()) {
          const auto kind = readable.find(resource);
          if (kind == readable.end() || row.IsNull(5) || !kind->second.contains(row.Integer(5))) {
            return Status::Ok();
          }
        }
        timeline.push_back({row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
        return Status::Ok();
      }));
  // Signals: the origin alert and the alerts and forecast runs its visible decisions cite.
  std::vector<std::int64_t> alerts;
  if (record.origin_alert_id) alerts.push_back(*record.origin_alert_id);
  std::vector<std::int64_t> runs;
  const access::SqlFilter decisions =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kDecision, kDecisionColumns);
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT signals FROM decisions WHERE decisions.case_id = ? AND " + decisions.sql, WithFilter(id, decisions),
      [&](const store::Row& row) {
        const auto signals = nlohmann::json::parse(row.Text(0), nullptr, false);
        if (!signals.is_array()) return Status::Ok();
        for (const auto& signal : signals) {
          if (!signal.is_object() || !signal.contains("id") || !signal["id"].is_number_integer()) continue;
          const std::int64_t signal_id = signal["id"].get<std::int64_t>();
          const std::string kind = signal.value("kind", "");
          if (kind == "alert") alerts.push_back(signal_id);
          if (kind == "forecast") runs.push_back(signal_id);
        }
        return Status::Ok();
      }));
  // And the alerts on the case's country (its region, when it has one) raised since it opened.
  const access::SqlFilter visible_alerts =
      access::SqlFilterFor(context.principal, Action::kRead, Resource::kAlert, access::kAlertColumns);
  if (access::DecideRole(context.principal, Action::kRead, Resource::kAlert)) {
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT alerts.id FROM alerts WHERE alerts.gw = ? AND (? = '' OR alerts.admin1 = ?) AND alerts.raised_at >= ? "
        "AND " + visible_alerts.sql,
        WithFilter({record.gw, record.admin1, record.admin1, record.opened_at}, visible_alerts),
        [&](const store::Row& row) {
          alerts.push_back(row.Integer(0));
          return Status::Ok();
        }));
  }
  std::sort(alerts.begin(), alerts.end());
  alerts.erase(std::unique(alerts.begin(), alerts.end()), alerts.end());
  for (std::int64_t alert : alerts) {
    // Only the alerts the caller may read: a case member is not thereby cleared for them.
    if (!access::DecideRole(context.principal, Action::kRead, Resource::kAlert)) break;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT raised_at, rule, severity, series, coalesce(owner, ''), coalesce(acknowledged_at, '') "
        "FROM alerts WHERE alerts.id = ? AND " + visible_alerts.sql,
        WithFilter({alert}, visible_alerts), [&](const store::Row& row) {
          timeline.push_back({row.Text(0), "alert",
                              fmt::format("alert {} raised: {} ({}, {})", alert, row.Text(1), row.Text(2), row.Text(3)),
                              "monitor"});
          if (!row.Text(5).empty()) {
            timeline.push_back(
                {row.Text(5), "alert", fmt::format("alert {} owner named: {}", alert, row.Text(4)), row.Text(4)});
          }
          return Status::Ok();
        }));
  }
  const access::SqlFilter visible_runs = access::SqlFilterFor(
      context.principal, Action::kRead, Resource::kForecast, access::kForecastRunColumns);
  for (std::int64_t run : runs) {
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT created_at, model, coalesce(forecast_year, 0) FROM model_runs WHERE model_runs.id = ? AND "
        "model_runs.kind = 'forecast' AND " +
            visible_runs.sql,
        WithFilter({run}, visible_runs), [&](const store::Row& row) {
          timeline.push_back({row.Text(0), "forecast",
                              fmt::format("forecast run {} ({}, for {})", run, row.Text(1), row.Integer(2)), "forecast"});
          return Status::Ok();
        }));
  }
  std::stable_sort(timeline.begin(), timeline.end(),
                   [](const TimelineEntry& a, const TimelineEntry& b) { return a.at < b.at; });
  return timeline;
}

}  // namespace tocsin::respond
