// The response workflow over the API (docs/workflow.md): the watchlist and its
// proposals, the catalogue of preventive options, cases with their members,
// status, timeline and chosen options, tasks, decisions, the warning-to-response
// gap report and partner briefs. Every decision is the respond module's, through
// the one access policy; these handlers read requests and shape answers.
#include <fmt/format.h>
#include <openssl/evp.h>

#include "api_routes.h"
#include "audit_trail.h"
#include "json_fields.h"
#include "services.h"
#include "tocsin/judge/aggregation.h"
#include "tocsin/judge/assessment_repository.h"
#include "tocsin/respond/brief.h"
#include "tocsin/respond/gap.h"
#include "tocsin/respond/json.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

// Runs `work` in a read transaction as the caller, on the server's clock.
Status ReadAs(Call& call, const std::function<Status(store::Transaction&, const respond::Context&)>& work) {
  const respond::Context context{call.principal, call.services.clock()};
  return call.store().Read([&](store::Transaction& transaction) { return work(transaction, context); });
}

// Runs `work` in a write transaction as the caller. Overdue tasks are escalated
// to their case leads first, so that no change is made on a stale picture.
Status WriteAs(Call& call, const std::function<Status(store::Transaction&, const respond::Context&)>& work) {
  const respond::Context context{call.principal, call.services.clock()};
  return call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(respond::EscalateOverdueTasks(transaction, context).status());
    return work(transaction, context);
  });
}

std::string Reason(const nlohmann::json& body) {
  const auto reason = body.find("reason");
  return reason != body.end() && reason->is_string() ? reason->get<std::string>() : std::string();
}

Result<std::vector<std::string>> OptionalStrings(const nlohmann::json& body, std::string_view field) {
  std::vector<std::string> strings;
  const auto found = body.find(field);
  if (found == body.end() || found->is_null()) return strings;
  if (!found->is_array())
    return InvalidArgumentError(fmt::format("field '{}' must be an array of strings", field));
  for (const nlohmann::json& item : *found) {
    if (!item.is_string())
      return InvalidArgumentError(fmt::format("field '{}' must be an array of strings", field));
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

Result<int> RequiredCountry(const nlohmann::json& body) {
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, OptionalInt(body, "gw"));
  if (!gw) return InvalidArgumentError("field 'gw' (the Gleditsch-Ward number of the country) is required");
  return *gw;
}

// Records "<resource>.read" for the confidential records of a list, as every read does.
template <typename T>
Status AuditList(const Call& call, Resource resource, const std::vector<T>& records) {
  std::vector<ReturnedRecord> returned;
  for (const T& record : records) returned.push_back({record.id, record.label});
  return AuditConfidentialReads(call, resource, returned);
}

template <typename T>
nlohmann::json JsonList(const std::vector<T>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const T& record : records) list.push_back(respond::ToJson(record));
  return list;
}

// --- Watchlist -------------------------------------------------------------

Result<Reply> ListWatchlist(Call& call) {
  std::vector<respond::WatchlistEntry> entries;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(entries, respond::ListWatchlist(transaction, context));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kWatchlist, entries));
  return Reply{.body = {{"entries", JsonList(entries)}}};
}

Result<Reply> ListProposals(Call& call) {
  std::optional<respond::ProposalState> state;
  if (call.request.has_param("state")) {
    const std::string name = call.request.get_param_value("state");
    for (auto candidate : {respond::ProposalState::kPending, respond::ProposalState::kAccepted,
                           respond::ProposalState::kRejected}) {
      if (respond::ProposalStateName(candidate) == name) state = candidate;
    }
    if (!state) return InvalidArgumentError("query parameter 'state' must be pending, accepted or rejected");
  }
  std::vector<respond::Proposal> proposals;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposals, respond::ListProposals(transaction, context, state));
    return Status::Ok();
  }));
  return Reply{.body = {{"proposals", JsonList(proposals)}}};
}

Result<Reply> Propose(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto change, OptionalString(body, "change"));
  TOCSIN_ASSIGN_OR_RETURN(const int gw, RequiredCountry(body));
  TOCSIN_ASSIGN_OR_RETURN(const auto tier, OptionalInt(body, "tier"));
  respond::Proposal proposal;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposal, respond::ProposeChange(transaction, context, change.value_or("add"), gw,
                                                             tier.value_or(2), Reason(body)));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(proposal)};
}

Result<Reply> ProposeFromSignals(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::SignalThresholds thresholds;
  TOCSIN_ASSIGN_OR_RETURN(const auto top, OptionalInteger(body, "top"));
  if (top) {
    if (*top < 0 || *top > 1000) return InvalidArgumentError("field 'top' must be between 0 and 1000");
    thresholds.top = static_cast<int>(*top);
  }
  if (const auto probability = body.find("probability");
      probability != body.end() && !probability->is_null()) {
    if (!probability->is_number() || *probability < 0.0 || *probability > 1.0) {
      return InvalidArgumentError("field 'probability' must be a number between 0 and 1");
    }
    thresholds.probability = probability->get<double>();
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto severity, OptionalString(body, "minimum_severity"));
  if (severity) thresholds.minimum_severity = *severity;
  std::vector<respond::Proposal> proposals;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposals, respond::ProposeFromSignals(transaction, context, thresholds));
    return Status::Ok();
  }));
  return Reply{.body = {{"proposals", JsonList(proposals)}}};
}

Result<Reply> DecideProposal(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto accept, OptionalBool(body, "accept"));
  if (!accept) return InvalidArgumentError("field 'accept' (true to accept, false to reject) is required");
  respond::Proposal proposal;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(proposal,
                            respond::DecideProposal(transaction, context, id, *accept, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(proposal)};
}

// --- Options ---------------------------------------------------------------

Result<std::optional<respond::OptionCategory>> CategoryNamed(const std::optional<std::string>& name) {
  if (!name) return std::optional<respond::OptionCategory>();
  const auto category = respond::ParseOptionCategory(*name);
  if (!category) {
    return InvalidArgumentError(
        "category must be diplomatic, economic, legal, security, humanitarian or communication");
  }
  return std::optional<respond::OptionCategory>(*category);
}

Result<Reply> ListOptions(Call& call) {
  std::optional<std::string> name;
  if (call.request.has_param("category")) name = call.request.get_param_value("category");
  TOCSIN_ASSIGN_OR_RETURN(const auto category, CategoryNamed(name));
  std::vector<respond::Option> options;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(options, respond::ListOptions(transaction, context, category));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kOption, options));
  return Reply{.body = {{"options", JsonList(options)}}};
}

Result<Reply> AddOption(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string category_name, RequiredString(body, "category"));
  TOCSIN_ASSIGN_OR_RETURN(const auto category, CategoryNamed(category_name));
  respond::Option option{.category = *category};
  TOCSIN_ASSIGN_OR_RETURN(option.name, RequiredString(body, "name"));
  TOCSIN_ASSIGN_OR_RETURN(option.description, RequiredString(body, "description"));
  TOCSIN_ASSIGN_OR_RETURN(option.owner_kinds, OptionalStrings(body, "owner_kinds"));
  TOCSIN_ASSIGN_OR_RETURN(const auto lead_time, OptionalInt(body, "lead_time_days"));
  option.lead_time_days = lead_time.value_or(0);
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  option.label = label.value_or(access::Clearance::kRestricted);
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(option, respond::AddOption(transaction, context, option, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(option)};
}

// --- Cases -----------------------------------------------------------------

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
  request.shared_with = shared_with.value_or(std::vector<access::OrganisationId>());
  request.reason = Reason(body);
  respond::Case opened;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
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
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(options, respond::ListCaseOptions(transaction, context, id));
    return Status::Ok();
  }));
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

// --- Tasks -----------------------------------------------------------------

Result<Reply> ListTasks(Call& call) {
  respond::TaskFilter filter;
  TOCSIN_ASSIGN_OR_RETURN(filter.case_id, call.IntegerQuery("case"));
  if (call.request.has_param("overdue")) {
    const std::string overdue = call.request.get_param_value("overdue");
    if (overdue != "true" && overdue != "false") {
      return InvalidArgumentError("query parameter 'overdue' must be true or false");
    }
    filter.overdue_only = overdue == "true";
  }
  std::vector<respond::Task> tasks;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(tasks, respond::ListTasks(transaction, context, filter));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kTask, tasks));
  return Reply{.body = {{"tasks", JsonList(tasks)}}};
}

Result<Reply> CreateTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::NewTask request;
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, OptionalInteger(body, "case_id"));
  if (!case_id) return InvalidArgumentError("field 'case_id' is required");
  request.case_id = *case_id;
  TOCSIN_ASSIGN_OR_RETURN(request.case_option_id, OptionalInteger(body, "case_option_id"));
  TOCSIN_ASSIGN_OR_RETURN(request.title, RequiredString(body, "title"));
  TOCSIN_ASSIGN_OR_RETURN(request.owner_organisation, RequiredString(body, "owner_organisation"));
  TOCSIN_ASSIGN_OR_RETURN(const auto owner_user, OptionalString(body, "owner_user"));
  request.owner_user = owner_user.value_or("");
  TOCSIN_ASSIGN_OR_RETURN(request.due_at, RequiredString(body, "due_at"));
  TOCSIN_ASSIGN_OR_RETURN(request.label, OptionalClearance(body, "label"));
  TOCSIN_ASSIGN_OR_RETURN(const auto shared_with, OptionalOrganisations(body, "shared_with"));
  request.shared_with = shared_with.value_or(std::vector<access::OrganisationId>());
  request.reason = Reason(body);
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::CreateTask(transaction, context, request));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(task)};
}

Result<Reply> GetTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::GetTask(transaction, context, id));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kTask, {{task.id, task.label}}));
  return Reply{.body = respond::ToJson(task)};
}

Result<Reply> AcknowledgeTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::AcknowledgeTask(transaction, context, id, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(task)};
}

Result<Reply> FinishTask(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "status"));
  const auto status = respond::ParseTaskStatus(name);
  if (!status || (*status != respond::TaskStatus::kDone && *status != respond::TaskStatus::kCancelled)) {
    return InvalidArgumentError("field 'status' must be done or cancelled");
  }
  respond::Task task;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(task, respond::FinishTask(transaction, context, id, *status, Reason(body)));
    return Status::Ok();
  }));
  return Reply{.body = respond::ToJson(task)};
}

// --- Decisions -------------------------------------------------------------

Result<Reply> ListDecisions(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, call.IntegerQuery("case"));
  std::vector<respond::DecisionRecord> decisions;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(decisions, respond::ListDecisions(transaction, context, case_id));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditList(call, Resource::kDecision, decisions));
  return Reply{.body = {{"decisions", JsonList(decisions)}}};
}

Result<Reply> RecordDecision(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  respond::NewDecision request;
  TOCSIN_ASSIGN_OR_RETURN(const auto case_id, OptionalInteger(body, "case_id"));
  if (!case_id) return InvalidArgumentError("field 'case_id' is required");
  request.case_id = *case_id;
  TOCSIN_ASSIGN_OR_RETURN(request.what, RequiredString(body, "what"));
  TOCSIN_ASSIGN_OR_RETURN(request.who, RequiredString(body, "who"));
  TOCSIN_ASSIGN_OR_RETURN(request.why, RequiredString(body, "why"));
  TOCSIN_ASSIGN_OR_RETURN(const auto decided_at, OptionalString(body, "decided_at"));
  request.decided_at = decided_at.value_or("");
  TOCSIN_ASSIGN_OR_RETURN(const std::vector<std::string> signals, OptionalStrings(body, "signals"));
  for (const std::string& text : signals) {
    TOCSIN_ASSIGN_OR_RETURN(respond::Signal signal, respond::ParseSignal(text));
    request.signals.push_back(signal);
  }
  TOCSIN_ASSIGN_OR_RETURN(request.label, OptionalClearance(body, "label"));
  respond::DecisionRecord decision;
  TOCSIN_RETURN_IF_ERROR(WriteAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(decision, respond::RecordDecision(transaction, context, request));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = respond::ToJson(decision)};
}

// --- The gap report --------------------------------------------------------

// The Content-Security-Policy of a self-contained report page: no script at
// all, and only its own <style> block, allowed by its SHA-256 (the API's
// policy, style-src 'self', would leave the page unstyled).
std::string ReportPagePolicy(const std::string& html) {
  std::string style_hashes;
  for (std::size_t open = html.find("<style>"); open != std::string::npos;
       open = html.find("<style>", open)) {
    open += std::string_view("<style>").size();
    const std::size_t close = html.find("</style>", open);
    if (close == std::string::npos) break;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(html.data() + open, close - open, digest, &length, EVP_sha256(), nullptr);
    unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
    EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
    style_hashes += fmt::format(" 'sha256-{}'", reinterpret_cast<const char*>(encoded));
  }
  return fmt::format(
      "default-src 'none'; style-src{}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors "
      "'none'",
      style_hashes.empty() ? " 'none'" : style_hashes);
}

Result<Reply> GapReport(Call& call) {
  respond::GapOptions options;
  if (call.request.has_param("quarter")) options.quarter = call.request.get_param_value("quarter");
  if (call.request.has_param("maximum_label")) {
    options.maximum_label = access::ParseClearance(call.request.get_param_value("maximum_label"));
    if (!options.maximum_label) {
      return InvalidArgumentError(
          "query parameter 'maximum_label' must be public, restricted, confidential or "
          "strictly-confidential");
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto top, call.IntegerQuery("top"));
  if (top) {
    if (*top < 1 || *top > 1000)
      return InvalidArgumentError("query parameter 'top' must be between 1 and 1000");
    options.top = static_cast<int>(*top);
  }
  const std::string format =
      call.request.has_param("format") ? call.request.get_param_value("format") : "json";
  if (format != "json" && format != "html")
    return InvalidArgumentError("query parameter 'format' must be json or html");
  respond::GapReport report;
  TOCSIN_RETURN_IF_ERROR(ReadAs(call, [&](store::Transaction& transaction, const respond::Context& context) {
    TOCSIN_ASSIGN_OR_RETURN(report, respond::ComputeGap(transaction, context, options));
    return Status::Ok();
  }));
  std::vector<ReturnedRecord> cases;
  for (const respond::CaseGap& gap : report.cases)
    cases.push_back({gap.case_id, access::Clearance::kConfidential});
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kGapReport, cases));
  if (format == "html") {
    std::string html = respond::GapReportHtml(report);
    std::string policy = ReportPagePolicy(html);
    return Reply{.stream = [html = std::move(html), policy = std::move(policy)](httplib::Response& response) {
      // This page's own policy replaces the API's (the other security headers stay).
      response.headers.erase("Content-Security-Policy");
      response.set_header("Content-Security-Policy", policy);
      response.set_content(html, "text/html; charset=utf-8");
    }};
  }
  return Reply{.body = respond::GapReportJson(report)};
}

}  // namespace

void AddRespondRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "response"};
  group.On(Resource::kWatchlist)
      .Add("GET", "/api/v1/watchlist", "The countries on the watchlist, with tier and reason", Action::kRead,
           "", "WatchlistList", ListWatchlist);
  group.On(Resource::kWatchlist)
      .Add("GET", "/api/v1/watchlist/proposals", "Proposals to add or remove countries, newest first",
           Action::kRead, "", "ProposalList", ListProposals, 200,
           {{"state", "string", "Only proposals in this state: pending, accepted or rejected"}});
  group.On(Resource::kWatchlist)
      .Add("POST", "/api/v1/watchlist/proposals",
           "Propose adding (or removing) a country, with tier and reason", Action::kCreate, "NewProposal",
           "Proposal", Propose, 201);
  group.On(Resource::kWatchlist)
      .Add("POST", "/api/v1/watchlist/proposals/from-signals",
           "Propose the top-ranked forecast countries and those with severe alerts that are not yet listed",
           Action::kCreate, "SignalThresholds", "ProposalList", ProposeFromSignals);
  group.On(Resource::kWatchlist)
      .Add("POST", "/api/v1/watchlist/proposals/{id}/decision",
           "Accept or reject a pending proposal, with a reason", Action::kUpdate, "ProposalDecision",
           "Proposal", DecideProposal);
  group.On(Resource::kOption)
      .Add("GET", "/api/v1/options", "The catalogue of preventive options the caller may read", Action::kRead,
           "", "OptionList", ListOptions, 200,
           {{"category", "string",
             "Only this category: diplomatic, economic, legal, security, humanitarian or communication"}});
  group.On(Resource::kOption)
      .Add("POST", "/api/v1/options", "Add an option of the caller's organisation to the catalogue",
           Action::kCreate, "NewOption", "Option", AddOption, 201);
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
  group.On(Resource::kTask)
      .Add("GET", "/api/v1/tasks", "Tasks the caller may read, soonest due first", Action::kRead, "",
           "TaskList", ListTasks, 200,
           {{"case", "integer", "Only tasks of this case"},
            {"overdue", "string", "true: only overdue tasks"}});
  group.On(Resource::kTask)
      .Add("POST", "/api/v1/tasks", "Put an option into motion: a task with an owner and a due date",
           Action::kCreate, "NewTask", "Task", CreateTask, 201);
  group.On(Resource::kTask).Add("GET", "/api/v1/tasks/{id}", "One task", Action::kRead, "", "Task", GetTask);
  group.On(Resource::kTask)
      .Add("POST", "/api/v1/tasks/{id}/acknowledge", "The owner organisation acknowledges a task",
           Action::kUpdate, "Reason", "Task", AcknowledgeTask);
  group.On(Resource::kTask)
      .Add("POST", "/api/v1/tasks/{id}/completion", "Mark a task done or cancelled", Action::kUpdate,
           "TaskCompletion", "Task", FinishTask);
  group.On(Resource::kDecision)
      .Add("GET", "/api/v1/decisions", "Decisions the caller may read", Action::kRead, "", "DecisionList",
           ListDecisions, 200, {{"case", "integer", "Only decisions on this case"}});
  group.On(Resource::kDecision)
      .Add("POST", "/api/v1/decisions", "Record a decision on a case: what, who, when, why and its signals",
           Action::kCreate, "NewDecision", "Decision", RecordDecision, 201);
  group.On(Resource::kGapReport)
      .Add("GET", "/api/v1/gap-report",
           "The warning-to-response gap: time to owner, to decision and to action; overdue tasks; coverage",
           Action::kRead, "", "GapReport", GapReport, 200,
           {{"quarter", "string", "Only alerts raised and cases opened in this quarter, e.g. 2026Q1"},
            {"maximum_label", "string", "A shareable version: nothing above this label"},
            {"top", "integer", "Forecast ranks counted as the top (default 30)"},
            {"format", "string", "json (default) or html, a self-contained page"}});
}

}  // namespace tocsin::server
