// Framework of Analysis assessments (docs/judgement.md): the factors and
// indicators, assessments and the caller's own scores, a country's latest
// factor scores (the dashboard's country page), its history of changes, the
// calendar of trigger dates, and the combined view of a country.
#include <fmt/format.h>

#include "api_routes.h"
#include "audit_trail.h"
#include "event_labels.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/judge/assessment_view.h"
#include "tocsin/judge/combined_view.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/trigger_calendar.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

Result<Reply> ListFramework(Call&) {
  nlohmann::json factors = nlohmann::json::array();
  for (const judge::Factor& factor : judge::Framework::Default().factors()) {
    nlohmann::json indicators = nlohmann::json::array();
    for (const judge::Indicator& indicator : factor.indicators) {
      indicators.push_back({{"code", indicator.code}, {"text", indicator.text}});
    }
    factors.push_back({{"factor", factor.number},
                       {"name", factor.name},
                       {"group", judge::CrimeGroupName(factor.group)},
                       {"indicators", std::move(indicators)}});
  }
  return Reply{.body = {{"scale", {"absent", "weak", "moderate", "strong"}},
                        {"confidence", {"low", "medium", "high"}},
                        {"factors", std::move(factors)}}};
}

nlohmann::json AssessmentListing(const judge::Assessment& assessment) {
  const judge::AssessmentSummary summary =
      judge::Summarise(judge::Framework::Default(), judge::ScoresOf(assessment));
  return {{"id", assessment.id},
          {"gw", assessment.gw},
          {"region", assessment.region},
          {"as_of", assessment.as_of},
          {"title", assessment.title},
          {"label", access::ClearanceName(assessment.label.label)},
          {"analysts", summary.analysts.size()},
          {"overall", Nullable(summary.overall)},
          {"alpha", Nullable(summary.alpha)}};
}

std::vector<ReturnedRecord> Returned(const std::vector<judge::Assessment>& assessments) {
  std::vector<ReturnedRecord> returned;
  for (const judge::Assessment& assessment : assessments) returned.push_back({assessment.id, assessment.label.label});
  return returned;
}

Result<Reply> ListAssessments(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, call.IntQuery("gw"));
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kAssessment, judge::kAssessmentColumns);
  std::vector<judge::Assessment> assessments;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    std::optional<int> country;
    if (gw) country = *gw;
    TOCSIN_ASSIGN_OR_RETURN(assessments, judge::ListAssessments(transaction, filter, country));
    return Status::Ok();
  }));
  nlohmann::json list = nlohmann::json::array();
  for (const judge::Assessment& assessment : assessments) list.push_back(AssessmentListing(assessment));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kAssessment, Returned(assessments)));
  return Reply{.body = {{"assessments", std::move(list)}}};
}

Result<Reply> CreateAssessment(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, OptionalInt(body, "gw"));
  if (!gw) return InvalidArgumentError("field 'gw' is required and must be an integer");
  TOCSIN_ASSIGN_OR_RETURN(const std::string as_of, RequiredString(body, "as_of"));
  TOCSIN_ASSIGN_OR_RETURN(const auto region, OptionalString(body, "region"));
  TOCSIN_ASSIGN_OR_RETURN(const auto title, OptionalString(body, "title"));
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  judge::NewAssessment assessment{.gw = *gw,
                                  .region = region.value_or(""),
                                  .as_of = as_of,
                                  .title = title.value_or(""),
                                  .label = label.value_or(access::Clearance::kRestricted),
                                  .owner = call.principal.organisation};
  // The new record is the caller's organisation's, at the label asked for.
  if (!access::Decide(call.principal, Action::kCreate, Resource::kAssessment,
                      {.label = assessment.label, .owner = assessment.owner})) {
    return PermissionDeniedError("a label may not be above your own clearance");
  }
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(id, judge::CreateAssessment(transaction, access::ActorOf(call.principal), assessment));
    return Status::Ok();
  }));
  return Reply{.status = 201,
               .body = {{"id", id},
                        {"gw", assessment.gw},
                        {"as_of", assessment.as_of},
                        {"label", access::ClearanceName(assessment.label)}}};
}

Result<Reply> GetAssessment(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  std::optional<judge::AssessmentView> view;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    auto label = judge::LoadAssessmentLabel(transaction, id);
    if (!label.ok() || !access::Decide(call.principal, Action::kRead, Resource::kAssessment, *label)) {
      return Hidden(Resource::kAssessment);
    }
    // The data beside the judgement counts only the events the caller may read.
    const access::SqlFilter events =
        access::SqlFilterFor(call.principal, Action::kRead, Resource::kEvent, kEventColumns);
    TOCSIN_ASSIGN_OR_RETURN(view, judge::BuildAssessmentView(transaction, id, &events));
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(
      AuditConfidentialReads(call, Resource::kAssessment, {{id, view->assessment.label.label}}));
  return Reply{.body = nlohmann::json::parse(judge::AssessmentViewJson(*view).dump())};
}

// The caller scores as themselves: {"scores": [{"indicator", "score",
// "confidence", "note", "evidence": ["event:12", "https://..."]}]}.
Result<Reply> PutScores(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  const auto scores = body.find("scores");
  if (scores == body.end() || !scores->is_array()) {
    return InvalidArgumentError("field 'scores' is required and must be an array of indicator scores");
  }
  std::vector<judge::ScoreEntry> entries;
  for (const nlohmann::json& item : *scores) {
    if (!item.is_object()) return InvalidArgumentError("each of 'scores' must be an object");
    TOCSIN_ASSIGN_OR_RETURN(const std::string indicator, RequiredString(item, "indicator"));
    TOCSIN_ASSIGN_OR_RETURN(const auto score, OptionalInt(item, "score"));
    if (!score) return InvalidArgumentError(fmt::format("indicator {}: 'score' (0-3) is required", indicator));
    TOCSIN_ASSIGN_OR_RETURN(const auto confidence_name, OptionalString(item, "confidence"));
    const auto confidence = judge::ParseConfidence(confidence_name.value_or("medium"));
    if (!confidence) return InvalidArgumentError(fmt::format("indicator {}: confidence is low, medium or high", indicator));
    TOCSIN_ASSIGN_OR_RETURN(const auto note, OptionalString(item, "note"));
    judge::ScoreEntry entry{.analyst = call.principal.user,
                            .indicator = indicator,
                            .score = *score,
                            .confidence = *confidence,
                            .note = note.value_or("")};
    if (const auto evidence = item.find("evidence"); evidence != item.end() && !evidence->is_null()) {
      if (!evidence->is_array()) return InvalidArgumentError("'evidence' must be an array of strings");
      for (const nlohmann::json& text : *evidence) {
        if (!text.is_string()) return InvalidArgumentError("'evidence' must be an array of strings");
        TOCSIN_ASSIGN_OR_RETURN(judge::Evidence link, judge::ParseEvidence(text.get<std::string>()));
        entry.evidence.push_back(std::move(link));
      }
    }
    entries.push_back(std::move(entry));
  }
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    auto label = judge::LoadAssessmentLabel(transaction, id);
    if (!label.ok() || !access::Decide(call.principal, Action::kUpdate, Resource::kAssessment, *label)) {
      return Hidden(Resource::kAssessment);
    }
    return judge::RecordScores(transaction, access::ActorOf(call.principal), id, entries, &call.principal);
  }));
  return Reply{.body = {{"id", id}, {"recorded", entries.size()}}};
}

Result<Reply> AssessmentSummary(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t gw, call.IdParameter("gw"));
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kAssessment, judge::kAssessmentColumns);
  std::vector<judge::Assessment> assessments;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(assessments, judge::ListAssessments(transaction, filter, static_cast<int>(gw)));
    return Status::Ok();
  }));
  if (assessments.empty()) return NotFoundError("no assessment of that country you may read");
  const judge::Assessment& latest = assessments.front();
  const judge::AssessmentSummary summary = judge::Summarise(judge::Framework::Default(), judge::ScoresOf(latest));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kAssessment, {{latest.id, latest.label.label}}));
  return Reply{.body = {{"gw", gw},
                        {"assessment_id", latest.id},
                        {"as_of", latest.as_of},
                        {"label", access::ClearanceName(latest.label.label)},
                        {"analysts", summary.analysts.size()},
                        {"overall", Nullable(summary.overall)},
                        {"alpha", Nullable(summary.alpha)},
                        {"factors", nlohmann::json::parse(judge::FactorScoresJson(summary).dump())}}};
}

Result<Reply> AssessmentHistory(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t gw, call.IdParameter("gw"));
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kAssessment, judge::kAssessmentColumns);
  std::vector<judge::HistoryEntry> history;
  std::vector<judge::Assessment> assessments;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(history, judge::CountryHistory(transaction, filter, static_cast<int>(gw)));
    TOCSIN_ASSIGN_OR_RETURN(assessments, judge::ListAssessments(transaction, filter, static_cast<int>(gw)));
    return Status::Ok();
  }));
  nlohmann::json changes = nlohmann::json::array();
  for (const judge::HistoryEntry& entry : history) {
    changes.push_back(
        {{"assessment_id", entry.assessment_id},
         {"as_of", entry.as_of},
         {"analyst", entry.analyst},
         {"indicator", entry.indicator},
         {"old_score", Nullable(entry.old_score)},
         {"new_score", entry.new_score},
         {"old_confidence",
          entry.old_confidence ? nlohmann::json(judge::ConfidenceName(*entry.old_confidence)) : nlohmann::json()},
         {"new_confidence", judge::ConfidenceName(entry.new_confidence)},
         {"changed_by", entry.changed_by},
         {"changed_at", entry.changed_at}});
  }
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kAssessment, Returned(assessments)));
  return Reply{.body = {{"gw", gw}, {"changes", std::move(changes)}}};
}

nlohmann::json TriggerJson(const judge::TriggerDate& date) {
  return {{"id", date.id},       {"gw", date.gw},         {"date", date.date},
          {"kind", date.kind},   {"description", date.description}, {"source", date.source}};
}

// Trigger dates are installation-wide reference data, public like countries.
Result<Reply> ListTriggerDates(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, call.IntQuery("gw"));
  std::vector<judge::TriggerDate> dates;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    std::optional<int> country;
    if (gw) country = *gw;
    TOCSIN_ASSIGN_OR_RETURN(dates, judge::ListTriggerDates(transaction, country));
    return Status::Ok();
  }));
  nlohmann::json list = nlohmann::json::array();
  for (const judge::TriggerDate& date : dates) list.push_back(TriggerJson(date));
  return Reply{.body = {{"trigger_dates", std::move(list)}}};
}

Result<Reply> AddTriggerDate(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, OptionalInt(body, "gw"));
  if (!gw) return InvalidArgumentError("field 'gw' is required and must be an integer");
  judge::TriggerDate date{.gw = *gw};
  TOCSIN_ASSIGN_OR_RETURN(date.date, RequiredString(body, "date"));
  TOCSIN_ASSIGN_OR_RETURN(date.kind, RequiredString(body, "kind"));
  TOCSIN_ASSIGN_OR_RETURN(date.description, RequiredString(body, "description"));
  TOCSIN_ASSIGN_OR_RETURN(const auto source, OptionalString(body, "source"));
  date.source = source.value_or("");
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(date.id, judge::AddTriggerDate(transaction, access::ActorOf(call.principal), date));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = TriggerJson(date)};
}

nlohmann::json BrierOrNull(const judge::CombinedEvaluation& evaluation, double brier) {
  return evaluation.questions > 0 ? nlohmann::json(brier) : nlohmann::json();
}

Result<Reply> CombinedCountryView(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t gw, call.IdParameter("gw"));
  judge::CombinedFilters filters = {
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kForecast, judge::kForecastRunColumns),
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kQuestion, judge::kQuestionColumns),
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kAssessment, judge::kAssessmentColumns),
      std::nullopt};
  // Open alerts are counted only for those who may read alerts, and only those they may read.
  if (access::DecideRole(call.principal, Action::kRead, Resource::kAlert)) {
    filters.alerts = access::SqlFilterFor(call.principal, Action::kRead, Resource::kAlert, kAlertColumns);
  }
  judge::CombinedView view;
  judge::CombinedEvaluation evaluation;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(view, judge::BuildCombinedView(transaction, static_cast<int>(gw), filters));
    TOCSIN_ASSIGN_OR_RETURN(evaluation, judge::EvaluateCombined(transaction, filters));
    return Status::Ok();
  }));
  nlohmann::json framework = nullptr;
  if (view.framework) {
    framework = {{"assessment_id", *view.assessment_id},
                 {"as_of", view.assessed_as_of},
                 {"overall", Nullable(view.framework->overall)},
                 {"factors", nlohmann::json::parse(judge::FactorScoresJson(*view.framework).dump())}};
  }
  return Reply{
      .body = {{"gw", gw},
               {"statistical",
                {{"probability", Nullable(view.statistical)},
                 {"run_id", Nullable(view.run_id)},
                 {"data_year", Nullable(view.data_year)}}},
               {"pool",
                {{"probability", Nullable(view.pool)},
                 {"question_id", Nullable(view.question_id)},
                 {"question", view.question}}},
               {"combined", {{"probability", Nullable(view.combined)}, {"pool_weight", judge::kPoolWeight}}},
               {"framework", std::move(framework)},
               {"open_alerts", Nullable(view.open_alerts)},
               // No resolved question, no score (null, not a perfect 0).
               {"evaluation",
                {{"questions", evaluation.questions},
                 {"statistical_brier", BrierOrNull(evaluation, evaluation.statistical_brier)},
                 {"pool_brier", BrierOrNull(evaluation, evaluation.pool_brier)},
                 {"combined_brier", BrierOrNull(evaluation, evaluation.combined_brier)}}}}};
}

}  // namespace

void AddJudgementRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "judgement", Resource::kAssessment};
  group.Add("GET", "/api/v1/framework", "The Framework of Analysis: 14 risk factors and their indicators",
        Action::kRead, "", "Framework", ListFramework);
  group.Add("GET", "/api/v1/assessments", "Assessments the caller may read, newest first", Action::kRead, "", "AssessmentList", ListAssessments, 200, {{"gw", "integer", "only this country"}});
  group.Add("POST", "/api/v1/assessments", "Start an assessment of a country as of a date", Action::kCreate, "NewAssessment", "Created", CreateAssessment, 201);
  group.Add("GET", "/api/v1/assessments/{id}",
        "One assessment: factor scores, agreement, disagreements and the data beside the judgement",
        Action::kRead, "", "Assessment", GetAssessment);
  group.Add("PUT", "/api/v1/assessments/{id}/scores", "Give or revise the caller's own indicator scores",
        Action::kUpdate, "Scores", "ScoresRecorded", PutScores);
  group.Add("GET", "/api/v1/countries/{gw}/assessment-summary",
        "The per-factor scores of a country's latest assessment the caller may read", Action::kRead, "", "AssessmentSummary", AssessmentSummary);
  group.Add("GET", "/api/v1/countries/{gw}/assessment-history",
        "Every score given or revised on a country's assessments, and by whom", Action::kRead, "", "AssessmentHistory", AssessmentHistory);
  group.Add("GET", "/api/v1/trigger-dates", "The calendar of trigger dates (indicator 8.8)", Action::kRead, "", "TriggerDateList", ListTriggerDates, 200, {{"gw", "integer", "only this country"}});
  group.Add("POST", "/api/v1/trigger-dates", "Add an election, referendum, census or other trigger date",
        Action::kCreate, "NewTriggerDate", "TriggerDate", AddTriggerDate, 201);
  group.Add("GET", "/api/v1/countries/{gw}/judgement",
        "Statistical risk, pool probability, framework scores and open alerts side by side, combined",
        Action::kRead, "", "CombinedView", CombinedCountryView);
}

}  // namespace tocsin::server
