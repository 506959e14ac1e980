#include "tocsin/respond/brief.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "html.h"
#include "recording.h"
#include "tocsin/respond/cases.h"
#include "tocsin/respond/decisions.h"
#include "tocsin/respond/json.h"
#include "tocsin/respond/options.h"
#include "tocsin/respond/tasks.h"

namespace tocsin::respond {
namespace {

using access::Action;
using access::Resource;

constexpr std::string_view kRedacted = "[redacted]";

// The partner organisation as the policy would see one of its viewers on the
// case, cleared up to the brief's label. Its user id is a stand-in: it names no
// account, only makes the principal count as authenticated.
access::Principal PartnerPrincipal(access::OrganisationId partner, const std::string& name, access::Clearance label,
                                   std::int64_t case_id) {
  return {.user = access::UserId(-1),
          .name = "partner:" + name,
          .organisation = partner,
          .roles = {access::Role::kPartnerViewer},
          .clearance = label,
          .cases = {access::CaseId(case_id)}};
}

template <typename T>
std::set<std::int64_t> Ids(const std::vector<T>& records) {
  std::set<std::int64_t> ids;
  for (const T& record : records) ids.insert(record.id);
  return ids;
}

}  // namespace

Result<Brief> ExportBrief(store::Transaction& transaction, const Context& context, const BriefRequest& request) {
  TOCSIN_RETURN_IF_ERROR(RequireRole(context, Action::kCreate, Resource::kBrief));
  if (request.reason.empty()) return InvalidArgumentError("a brief is exported only with a reason, for the audit log");
  TOCSIN_RETURN_IF_ERROR(RequireLabelWithin(context, request.maximum_label));
  TOCSIN_ASSIGN_OR_RETURN(const Case record, GetCase(transaction, context, request.case_id));
  TOCSIN_ASSIGN_OR_RETURN(const access::OrganisationId partner, FindOrganisation(transaction, request.partner));
  const access::Principal partner_view =
      PartnerPrincipal(partner, request.partner, request.maximum_label, request.case_id);
  const Context as_partner{partner_view, context.clock};
  TOCSIN_ASSIGN_OR_RETURN(const access::RecordLabel case_label,
                          LoadRecordLabel(transaction, RecordKind::kCase, request.case_id));
  if (!access::Decide(partner_view, Action::kRead, Resource::kCase, case_label)) {
    return FailedPreconditionError(fmt::format(
        "{} may not see case {} at {} or below: share the case with it (and label it no higher) first",
        request.partner, request.case_id, access::ClearanceName(request.maximum_label)));
  }

  // What the partner may see, and of that only what the exporter may see too.
  TOCSIN_ASSIGN_OR_RETURN(const auto own_tasks, ListTasks(transaction, context, {.case_id = request.case_id}));
  TOCSIN_ASSIGN_OR_RETURN(const auto own_decisions, ListDecisions(transaction, context, request.case_id));
  TOCSIN_ASSIGN_OR_RETURN(auto tasks, ListTasks(transaction, as_partner, {.case_id = request.case_id}));
  TOCSIN_ASSIGN_OR_RETURN(auto decisions, ListDecisions(transaction, as_partner, request.case_id));
  TOCSIN_ASSIGN_OR_RETURN(const auto options, ListCaseOptions(transaction, as_partner, request.case_id));
  const auto own_task_ids = Ids(own_tasks);
  const auto own_decision_ids = Ids(own_decisions);
  std::erase_if(tasks, [&](const Task& task) { return !own_task_ids.count(task.id); });
  std::erase_if(decisions, [&](const DecisionRecord& decision) { return !own_decision_ids.count(decision.id); });

  Brief brief;
  brief.omitted = static_cast<int>(own_tasks.size() - tasks.size() + own_decisions.size() - decisions.size());
  const std::string now = context.clock.NowText();
  const std::vector<store::Value> params = {request.case_id,
                                            partner.value(),
                                            static_cast<std::int64_t>(request.maximum_label),
                                            request.reason,
                                            std::string(),
                                            static_cast<std::int64_t>(request.maximum_label),
                                            context.principal.organisation.value(),
                                            now,
                                            context.principal.name};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO brief_exports (case_id, partner_organisation_id, maximum_label, "
                                      "reason, watermark, label, owner_organisation_id, exported_at, exported_by) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  brief.export_id = transaction.LastInsertId();
  brief.watermark = fmt::format("Prepared for {} by {} ({}), {}, export {}. {} or below. Not for onward distribution.",
                                request.partner, context.principal.name, record.lead_organisation_name, now,
                                brief.export_id, access::ClearanceName(request.maximum_label));
  const std::vector<store::Value> stamp = {brief.watermark, brief.export_id};
  TOCSIN_RETURN_IF_ERROR(transaction.Execute("UPDATE brief_exports SET watermark = ? WHERE id = ?", stamp).status());

  // Redactions: people are named by organisation only; the case's members are left out.
  int redactions = 0;
  nlohmann::json task_list = nlohmann::json::array();
  for (const Task& task : tasks) {
    nlohmann::json json = ToJson(task);
    if (!task.owner_user_name.empty()) {
      json["owner"] = kRedacted;
      ++redactions;
    }
    if (!task.escalated_to.empty()) {
      json["escalated_to"] = kRedacted;
      ++redactions;
    }
    task_list.push_back(std::move(json));
  }
  nlohmann::json decision_list = nlohmann::json::array();
  for (const DecisionRecord& decision : decisions) {
    nlohmann::json json = ToJson(decision);
    json["recorded_by"] = kRedacted;
    ++redactions;
    decision_list.push_back(std::move(json));
  }
  nlohmann::json option_list = nlohmann::json::array();
  for (const CaseOption& option : options) {
    nlohmann::json json = ToJson(option);
    json["chosen_by"] = kRedacted;
    ++redactions;
    option_list.push_back(std::move(json));
  }
  nlohmann::json case_json = ToJson(record);
  case_json.erase("members");
  case_json["lead"] = kRedacted;
  ++redactions;
  brief.json = {{"watermark", brief.watermark},
                {"export_id", brief.export_id},
                {"partner", request.partner},
                {"maximum_label", access::ClearanceName(request.maximum_label)},
                {"exported_at", now},
                {"case", case_json},
                {"options", option_list},
                {"tasks", task_list},
                {"decisions", decision_list},
                {"redactions", redactions}};

  std::string html = PageStart(fmt::format("Case brief for {}", request.partner));
  html += fmt::format("<div class=watermark>{}</div>\n<p class=banner>{}</p>\n", EscapeHtml(request.partner),
                      EscapeHtml(brief.watermark));
  html += fmt::format("<h1>{}</h1>\n<table class=facts><tr><td>Country</td><td>{}{}</td></tr>"
                      "<tr><td>Status</td><td>{}</td></tr><tr><td>Lead organisation</td><td>{}</td></tr>"
                      "<tr><td>Opened</td><td>{}</td></tr></table>\n",
                      EscapeHtml(record.title), EscapeHtml(record.country),
                      record.admin1.empty() ? "" : " (" + EscapeHtml(record.admin1) + ")",
                      EscapeHtml(CaseStatusName(record.status)), EscapeHtml(record.lead_organisation_name),
                      EscapeHtml(record.opened_at));
  html += "<h2>Preventive options</h2>\n<ul>\n";
  for (const CaseOption& option : options) {
    html += fmt::format("<li>{} <span class=note>({}{})</span></li>\n", EscapeHtml(option.option.name),
                        EscapeHtml(OptionCategoryTitle(option.option.category)), option.active ? "" : ", dropped");
  }
  html += "</ul>\n<h2>Tasks</h2>\n<table><tr><th>Task</th><th>Owner</th><th>Due</th><th>Status</th></tr>\n";
  for (const Task& task : tasks) {
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", EscapeHtml(task.title),
                        EscapeHtml(task.owner_organisation_name), EscapeHtml(task.due_at), EscapeHtml(TaskStatusName(task.status)));
  }
  html += "</table>\n<h2>Decisions</h2>\n<table><tr><th>When</th><th>What</th><th>Who</th><th>Why</th></tr>\n";
  for (const DecisionRecord& decision : decisions) {
    html += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n", EscapeHtml(decision.decided_at),
                        EscapeHtml(decision.what), EscapeHtml(decision.who), EscapeHtml(decision.why));
  }
  html += fmt::format("</table>\n<p class=note>{} names of people redacted. Records the partner may not see are left "
                      "out entirely.</p>\n",
                      redactions);
  brief.html = html + std::string(kPageEnd);

  TOCSIN_RETURN_IF_ERROR(
      AddCaseEvent(transaction, context, request.case_id, "brief",
                   fmt::format("brief {} exported for {}", brief.export_id, request.partner),
                   TimelineRecord{Resource::kBrief, brief.export_id}));
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, context, Resource::kBrief, "create", brief.export_id,
                               {{"case", request.case_id},
                                {"partner", partner.value()},
                                {"maximum_label", access::ClearanceName(request.maximum_label)},
                                {"tasks", tasks.size()},
                                {"decisions", decisions.size()},
                                {"omitted", brief.omitted}},
                               request.reason));
  return brief;
}

}  // namespace tocsin::respond
