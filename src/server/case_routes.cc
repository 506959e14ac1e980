// Cases over the API (docs/workflow.md): their members, status, timeline of signals
// and actions (with the Framework of Analysis assessments of the country), the
// options chosen on them, and briefs exported for partner organisations.
#include <fmt/format.h>

#include <algorithm>

#include "api_routes.h"
#include "respond_calls.h"
#include "tocsin/judge/aggregation.h"
#include "tocsin/judge/assessment_repository.h"
#include "tocsin/respond/brief.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

Result<Reply> ListCases(Call& call) {
  respond::CaseFilter filter;
  if (call.request.has_param("status")) {
    filter.status = respond::ParseCaseStatus(call.request.get_param_value("status"));
    if (!filter.status) {
      return InvalidArgumentError(
          "query parameter 'status' must be watch, preventive-action, crisis-response or closed");
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, call.IntQuery("gw"));
  if (gw) filter.gw = *gw;
  std::vector<respond::Case> cases;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(cases, respond::ListCases(transaction, context, filter));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kCase, cases));
  return Reply{.body = {{"cases", JsonList(cases)}}};
}

Result<Reply> OpenCase(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::NewCase request;
  TOCSIN_ASSIGN_OR_RETURN(request.title, RequiredString(body, "title"));
  TOCSIN_ASSIGN_OR_RETURN(request.gw, RequiredCountry(body));
  TOCSIN_ASSIGN_OR_RETURN(const auto admin1, OptionalString(body, "admin1"));
  request.admin1 = admin1.value_or("");
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  request.label = label.value_or(access::Clearance::kConfidential);
  TOCSIN_ASSIGN_OR_RETURN(request.origin_alert_id, OptionalInteger(body, "origin_alert_id"));
  TOCSIN_ASSIGN_OR_RETURN(const auto lead, OptionalString(body, "lead"));
  request.lead_user = lead.value_or("");
  TOCSIN_ASSIGN_OR_RETURN(request.members, OptionalStrings(body, "members"));
  TOCSIN_ASSIGN_OR_RETURN(const auto shared_with, OptionalOrganisations(body, "shared_with"));
  request.reason = Reason(body);
  respond::Case opened;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(request.shared_with, ResolveOrganisations(transaction, shared_with));
    TOCSIN_ASSIGN_OR_RETURN(opened, respond::OpenCase(transaction, context, request));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(opened)};
}

// The Framework of Analysis assessments of `gw` the caller may read, as
// timeline entries: the expert judgement among a case's signals.
Result<std::vector<judge::Assessment>> CountryAssessments(store::Transaction& transaction, const Call& call,
                                                          int gw) {
  if (!access::DecideRole(call.principal, Action::kRead, Resource::kAssessment)) {
    return std::vector<judge::Assessment>();
  }
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kAssessment, judge::kAssessmentColumns);
  return judge::ListAssessments(transaction, filter, gw);
}

respond::TimelineEntry AssessmentEntry(const judge::Assessment& assessment) {
  const judge::AssessmentSummary summary =
      judge::Summarise(judge::Framework::Default(), judge::ScoresOf(assessment));
  return {.at = assessment.as_of,
          .kind = "assessment",
          .text = summary.overall
                      ? fmt::format("Framework of Analysis assessment {}: overall {:.2f} of 3, {} analyst(s)",
                                    assessment.id, *summary.overall, summary.analysts.size())
                      : fmt::format("Framework of Analysis assessment {}: not yet scored", assessment.id),
          .actor = ""};
}

// One case with its timeline: its actions and signals (respond::CaseTimeline)
// and the Framework assessments of its country.
Result<Reply> GetCase(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  respond::Case record;
  std::vector<respond::TimelineEntry> timeline;
  std::vector<judge::Assessment> assessments;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(record, respond::GetCase(transaction, context, id));
    TOCSIN_ASSIGN_OR_RETURN(timeline, respond::CaseTimeline(transaction, context, id));
    TOCSIN_ASSIGN_OR_RETURN(assessments, CountryAssessments(transaction, call, record.gw));
    return Status::Ok();
  }));
  for (const judge::Assessment& assessment : assessments) timeline.push_back(AssessmentEntry(assessment));
  std::stable_sort(
      timeline.begin(), timeline.end(),
      [](const respond::TimelineEntry& a, const respond::TimelineEntry& b) { return a.at < b.at; });
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kCase, {{record.id, record.label}}));
  std::vector<ReturnedRecord> returned;
  for (const judge::Assessment& assessment : assessments)
    returned.push_back({assessment.id, assessment.label.label});
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kAssessment, returned));
  nlohmann::json body = respond::ToJson(record);
  body["timeline"] = JsonList(timeline);
  return Reply{.body = std::move(body)};
}

// Answers with the case as it is after `change`.
Result<Reply> ChangeCase(Call& call,
                         const std::function<Status(store::Transaction&, const respond::Context&,
                                                    std::int64_t, const nlohmann::json&)>& change) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::Case record;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_RETURN_IF_ERROR(change(transaction, context, id, body));
    TOCSIN_ASSIGN_OR_RETURN(record, respond::GetCase(transaction, context, id));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(record)};
}

Result<Reply> AddMember(Call& call) {
  return ChangeCase(call,
                    [](store::Transaction& transaction, const respond::Context& context, std::int64_t id,
                       const nlohmann::json& body) -> Status {
                      TOCSIN_ASSIGN_OR_RETURN(const std::string user, RequiredString(body, "user"));
                      return respond::AddCaseMember(transaction, context, id, user, Reason(body));
                    });
}

Result<Reply> SetStatus(Call& call) {
  return ChangeCase(call,
                    [](store::Transaction& transaction, const respond::Context& context, std::int64_t id,
                       const nlohmann::json& body) -> Status {
                      TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "status"));
                      const auto status = respond::ParseCaseStatus(name);
                      if (!status) {
                        return InvalidArgumentError(
                            "field 'status' must be watch, preventive action, crisis response or closed");
                      }
                      return respond::SetCaseStatus(transaction, context, id, *status, Reason(body));
                    });
}

Result<Reply> ListCaseOptions(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  std::vector<respond::CaseOption> options;
  access::Clearance case_label = access::Clearance::kPublic;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(options, respond::ListCaseOptions(transaction, context, id));
    TOCSIN_ASSIGN_OR_RETURN(const respond::Case record, respond::GetCase(transaction, context, id));
    case_label = record.label;
    return Status::Ok();
  }));
  // The options chosen on a case are read as the case is (at its label): a
  // confidential case's options are a confidential read.
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kCase, {{id, case_label}}));
  std::vector<ReturnedRecord> returned;
  for (const respond::CaseOption& option : options) returned.push_back({option.id, option.option.label});
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kOption, returned));
  return Reply{.body = {{"options", JsonList(options)}}};
}

Result<Reply> ChooseOption(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto option_id, OptionalInteger(body, "option_id"));
  if (!option_id) return InvalidArgumentError("field 'option_id' (an option of the catalogue) is required");
  TOCSIN_ASSIGN_OR_RETURN(const auto note, OptionalString(body, "note"));
  respond::CaseOption chosen;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(
        chosen, respond::ChooseOption(transaction, context, id, *option_id, note.value_or(""), Reason(body)));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(chosen)};
}

Result<Reply> ExportBrief(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::BriefRequest request{.case_id = id};
  TOCSIN_ASSIGN_OR_RETURN(request.partner, RequiredString(body, "partner"));
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "maximum_label"));
  request.maximum_label = label.value_or(access::Clearance::kRestricted);
  request.reason = Reason(body);
  respond::Brief brief;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(brief, respond::ExportBrief(transaction, context, request));
    return Status::Ok();
  }));
  return Reply{.status = 201,
               .body = {{"export_id", brief.export_id},
                        {"watermark", brief.watermark},
                        {"omitted", brief.omitted},
                        {"brief", brief.json},
                        {"html", brief.html}}};
}

}  // namespace

void AddCaseRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "response"};
  group.On(Resource::kCase)
      .Add("GET", "/api/v1/cases", "The cases the caller may read, newest first", Action::kRead, "",
           "CaseList", ListCases, 200,
           {{"status", "string",
             "Only cases in this status: watch, preventive-action, crisis-response, closed"},
            {"gw", "integer", "Only cases of this country"}});
  group.On(Resource::kCase)
      .Add("POST", "/api/v1/cases", "Open a case led by the caller's organisation", Action::kCreate,
           "NewCase", "Case", OpenCase, 201);
  group.On(Resource::kCase)
      .Add("GET", "/api/v1/cases/{id}", "One case with its timeline of signals and actions", Action::kRead,
           "", "CaseDetail", GetCase);
  group.On(Resource::kCase)
      .Add("POST", "/api/v1/cases/{id}/members", "Add a member to a case (need-to-know)", Action::kUpdate,
           "NewMember", "Case", AddMember);
  group.On(Resource::kCase)
      .Add("PUT", "/api/v1/cases/{id}/status", "Move a case to another status", Action::kUpdate,
           "CaseStatusChange", "Case", SetStatus);
  group.On(Resource::kCase)
      .Add("GET", "/api/v1/cases/{id}/options", "The preventive options chosen on a case", Action::kRead, "",
           "CaseOptionList", ListCaseOptions);
  group.On(Resource::kCase)
      .Add("POST", "/api/v1/cases/{id}/options", "Put an option of the catalogue on a case", Action::kUpdate,
           "NewCaseOption", "CaseOption", ChooseOption, 201);
  group.On(Resource::kBrief)
      .Add("POST", "/api/v1/cases/{id}/briefs",
           "Export a case brief for a partner organisation: only what it may see, watermarked and audited",
           Action::kCreate, "BriefRequest", "Brief", ExportBrief, 201);
}

}  // namespace tocsin::server
