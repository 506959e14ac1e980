#include "tocsin/judge/assessment_repository.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

#include "tocsin/access/record_columns.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/core/time.h"
#include "tocsin/judge/calendar_date.h"

namespace tocsin::judge {
namespace {

using store::Value;

Value Nullable(const std::optional<access::OrganisationId>& id) {
  return id ? Value(id->value()) : Value();
}

Status AuditAssessment(store::Transaction& transaction, const access::AuditActor& actor,
                       std::string_view verb, std::int64_t id, const nlohmann::json& detail,
                       const std::string& reason) {
  access::AuditEntry entry;
  entry.actor = actor;
  entry.action = fmt::format("assessment.{}", verb);
  entry.resource = std::string(access::ResourceName(access::Resource::kAssessment));
  entry.record_id = std::to_string(id);
  entry.reason = reason;
  entry.detail_json = detail.dump();
  return access::AppendAudit(transaction, std::move(entry)).status();
}

Result<bool> Exists(store::Transaction& transaction, std::string_view sql, const std::vector<Value>& params) {
  bool found = false;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row&) {
    found = true;
    return Status::Ok();
  }));
  return found;
}

// "scores.csv:4: " for an entry read from a file, else nothing.
std::string SourcePrefix(const ScoreEntry& score) {
  return score.source.empty() ? std::string() : score.source + ": ";
}

Status CheckEvidence(store::Transaction& transaction, const ScoreEntry& score, const Evidence& evidence,
                     const access::Principal* reader) {
  const std::string where = fmt::format("{}indicator {}: evidence '{}'", SourcePrefix(score), score.indicator,
                                        EvidenceText(evidence));
  if (evidence.kind == "document") return Status::Ok();  // the URL form is checked by ParseEvidence
  std::int64_t id = 0;
  const auto parsed = std::from_chars(evidence.reference.data(), evidence.reference.data() + evidence.reference.size(), id);
  if (parsed.ec != std::errc() || parsed.ptr != evidence.reference.data() + evidence.reference.size()) {
    return InvalidArgumentError(fmt::format("{}: the reference must be a record id", where));
  }
  // Field reports are events (access::Resource::kEvent), so both name an event row.
  const bool alert = evidence.kind == "alert";
  std::string sql =
      alert ? "SELECT 1 FROM alerts WHERE alerts.id = ?" : "SELECT 1 FROM events WHERE events.id = ?";
  std::vector<Value> params = {id};
  if (reader != nullptr) {
    // Evidence the reader may not open is, to them, evidence that does not exist.
    const access::SqlFilter visible = access::SqlFilterFor(
        *reader, access::Action::kRead, alert ? access::Resource::kAlert : access::Resource::kEvent,
        alert ? access::kAlertColumns : access::kEventColumns);
    sql += " AND " + visible.sql;
    params.insert(params.end(), visible.params.begin(), visible.params.end());
  }
  TOCSIN_ASSIGN_OR_RETURN(const bool found, Exists(transaction, sql, params));
  if (!found) return InvalidArgumentError(fmt::format("{}: no {} with id {}", where, evidence.kind, id));
  return Status::Ok();
}

Assessment ReadAssessmentRow(const store::Row& row) {
  Assessment assessment;
  assessment.id = row.Integer(0);
  assessment.gw = static_cast<int>(row.Integer(1));
  assessment.region = row.Text(2);
  assessment.as_of = row.Text(3);
  assessment.title = row.Text(4);
  assessment.created_by = row.Text(5);
  assessment.created_at = row.Text(6);
  assessment.label.label = access::ClearanceFromStored(row.Integer(7)).value_or(access::Clearance::kStrictlyConfidential);
  if (!row.IsNull(8)) assessment.label.owner = access::OrganisationId(row.Integer(8));
  if (!row.IsNull(9)) assessment.label.case_id = access::CaseId(row.Integer(9));
  return assessment;
}

constexpr std::string_view kSelectAssessment =
    "SELECT assessments.id, assessments.gw, assessments.region, assessments.as_of, assessments.title, "
    "assessments.created_by, assessments.created_at, assessments.label, assessments.owner_organisation_id, "
    "assessments.case_id FROM assessments";

Status LoadScores(store::Transaction& transaction, Assessment& assessment) {
  const std::vector<Value> params = {assessment.id};
  std::map<std::pair<std::int64_t, std::string>, std::size_t> position;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT s.analyst_id, users.name, s.indicator, s.score, s.confidence, s.note, s.scored_at "
      "FROM assessment_scores s JOIN users ON users.id = s.analyst_id WHERE s.assessment_id = ? "
      "ORDER BY CAST(s.indicator AS REAL), s.indicator, users.name",
      params, [&](const store::Row& row) {
        StoredScore score;
        score.entry.analyst = access::UserId(row.Integer(0));
        score.analyst_name = row.Text(1);
        score.entry.indicator = row.Text(2);
        score.entry.score = static_cast<int>(row.Integer(3));
        score.entry.confidence = static_cast<Confidence>(row.Integer(4));
        score.entry.note = row.Text(5);
        score.scored_at = row.Text(6);
        position[{row.Integer(0), score.entry.indicator}] = assessment.scores.size();
        assessment.scores.push_back(std::move(score));
        return Status::Ok();
      }));
  return transaction.Query(
      "SELECT analyst_id, indicator, kind, reference FROM assessment_evidence WHERE assessment_id = ? "
      "ORDER BY kind, reference",
      params, [&](const store::Row& row) {
        const auto found = position.find({row.Integer(0), row.Text(1)});
        if (found != position.end()) {
          assessment.scores[found->second].entry.evidence.push_back({row.Text(2), row.Text(3)});
        }
        return Status::Ok();
      });
}

}  // namespace

Result<Evidence> ParseEvidence(std::string_view text) {
  if (text.starts_with("https://") || text.starts_with("http://")) {
    return Evidence{"document", std::string(text)};
  }
  for (std::string_view kind : {"event", "alert", "report"}) {
    if (text.size() > kind.size() + 1 && text.starts_with(kind) && text[kind.size()] == ':') {
      return Evidence{std::string(kind), std::string(text.substr(kind.size() + 1))};
    }
  }
  return InvalidArgumentError(fmt::format(
      "evidence '{}' is not understood: use an http(s) URL, event:ID, alert:ID or report:ID", text));
}

std::string EvidenceText(const Evidence& evidence) {
  return evidence.kind == "document" ? evidence.reference : evidence.kind + ":" + evidence.reference;
}

Result<std::int64_t> CreateAssessment(store::Transaction& transaction, const access::AuditActor& actor,
                                      const NewAssessment& assessment, const std::string& reason) {
  if (CountryRegistry::Default().ByGw(assessment.gw) == nullptr) {
    return InvalidArgumentError(fmt::format("country: no Gleditsch-Ward state {}", assessment.gw));
  }
  TOCSIN_RETURN_IF_ERROR(ParseCalendarDate(assessment.as_of, "as_of").status());
  const std::vector<Value> params = {std::int64_t{assessment.gw},
                                     assessment.region,
                                     assessment.as_of,
                                     assessment.title,
                                     actor.name,
                                     NowUtc(),
                                     static_cast<std::int64_t>(assessment.label),
                                     Nullable(assessment.owner)};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO assessments (gw, region, as_of, title, created_by, created_at, "
                                      "label, owner_organisation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(AuditAssessment(
      transaction, actor, "create", id,
      // Not the country or region: the log is read by
      // auditors who may not read the assessment.
      {{"as_of", assessment.as_of}, {"label", access::ClearanceName(assessment.label)}}, reason));
  return id;
}

Status RecordScores(store::Transaction& transaction, const access::AuditActor& actor,
                    std::int64_t assessment_id, std::span<const ScoreEntry> scores,
                    const access::Principal* reader) {
  TOCSIN_ASSIGN_OR_RETURN(const bool exists,
                          Exists(transaction, "SELECT 1 FROM assessments WHERE id = ?", {assessment_id}));
  if (!exists) return NotFoundError(fmt::format("no assessment with id {}", assessment_id));
  const std::string now = NowUtc();
  nlohmann::json detail = nlohmann::json::array();
  for (const ScoreEntry& score : scores) {
    if (Framework::Default().FindIndicator(score.indicator) == nullptr) {
      return InvalidArgumentError(
          fmt::format("{}indicator '{}' is not in the Framework; `tocsin assess framework` lists them",
                      SourcePrefix(score), score.indicator));
    }
    if (score.score < kLowestScore || score.score > kHighestScore) {
      return InvalidArgumentError(fmt::format("{}indicator {}: score {} is outside 0 (absent) to 3 (strong)",
                                              SourcePrefix(score), score.indicator, score.score));
    }
    TOCSIN_ASSIGN_OR_RETURN(const bool analyst_exists,
                            Exists(transaction, "SELECT 1 FROM users WHERE id = ?", {score.analyst.value()}));
    if (!analyst_exists) return NotFoundError(fmt::format("no user with id {}", score.analyst.value()));
    for (const Evidence& evidence : score.evidence)
      TOCSIN_RETURN_IF_ERROR(CheckEvidence(transaction, score, evidence, reader));

    std::optional<std::pair<int, int>> previous;
    const std::vector<Value> key = {assessment_id, score.analyst.value(), score.indicator};
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT score, confidence FROM assessment_scores WHERE assessment_id = ? AND analyst_id = ? AND indicator = ?",
        key, [&](const store::Row& row) {
          previous = {static_cast<int>(row.Integer(0)), static_cast<int>(row.Integer(1))};
          return Status::Ok();
        }));
    TOCSIN_RETURN_IF_ERROR(transaction
                               .Execute("DELETE FROM assessment_scores WHERE assessment_id = ? AND analyst_id = ? "
                                        "AND indicator = ?",
                                        key)
                               .status());
    const std::vector<Value> row = {assessment_id, score.analyst.value(), score.indicator, std::int64_t{score.score},
                                    static_cast<std::int64_t>(score.confidence), score.note, now};
    TOCSIN_RETURN_IF_ERROR(transaction
                               .Execute("INSERT INTO assessment_scores (assessment_id, analyst_id, indicator, score, "
                                        "confidence, note, scored_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                        row)
                               .status());
    for (const Evidence& evidence : score.evidence) {
      const std::vector<Value> link = {assessment_id, score.analyst.value(), score.indicator, evidence.kind,
                                       evidence.reference};
      TOCSIN_RETURN_IF_ERROR(
          transaction
              .Execute("INSERT INTO assessment_evidence (assessment_id, analyst_id, indicator, kind, "
                       "reference) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                       link)
              .status());
    }
    const int confidence = static_cast<int>(score.confidence);
    if (previous && previous->first == score.score && previous->second == confidence) continue;
    const std::vector<Value> history = {assessment_id,
                                        score.analyst.value(),
                                        score.indicator,
                                        previous ? Value(std::int64_t{previous->first}) : Value(),
                                        std::int64_t{score.score},
                                        previous ? Value(std::int64_t{previous->second}) : Value(),
                                        std::int64_t{confidence},
                                        actor.name,
                                        now};
    TOCSIN_RETURN_IF_ERROR(transaction
                               .Execute("INSERT INTO assessment_history (assessment_id, analyst_id, indicator, "
                                        "old_score, new_score, old_confidence, new_confidence, changed_by, "
                                        "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                        history)
                               .status());
    detail.push_back({{"analyst", score.analyst.value()},
                      {"indicator", score.indicator},
                      {"score", score.score},
                      {"confidence", ConfidenceName(score.confidence)}});
  }
  return AuditAssessment(transaction, actor, "update", assessment_id, {{"scores", detail}}, "");
}

Result<access::RecordLabel> LoadAssessmentLabel(store::Transaction& transaction, std::int64_t id) {
  std::optional<access::RecordLabel> label;
  const std::vector<Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kSelectAssessment) + " WHERE assessments.id = ?", params,
                                           [&](const store::Row& row) {
                                             label = ReadAssessmentRow(row).label;
                                             return Status::Ok();
                                           }));
  if (!label) return NotFoundError("no assessment with that id");
  TOCSIN_ASSIGN_OR_RETURN(label->shared_with, access::LoadShares(transaction, access::Resource::kAssessment, id));
  return *label;
}

Result<Assessment> LoadAssessment(store::Transaction& transaction, std::int64_t id) {
  std::optional<Assessment> assessment;
  const std::vector<Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kSelectAssessment) + " WHERE assessments.id = ?", params,
                                           [&](const store::Row& row) {
                                             assessment = ReadAssessmentRow(row);
                                             return Status::Ok();
                                           }));
  if (!assessment) return NotFoundError("no assessment with that id");
  TOCSIN_ASSIGN_OR_RETURN(assessment->label.shared_with,
                          access::LoadShares(transaction, access::Resource::kAssessment, id));
  TOCSIN_RETURN_IF_ERROR(LoadScores(transaction, *assessment));
  return *std::move(assessment);
}

Result<std::vector<Assessment>> ListAssessments(store::Transaction& transaction, const access::SqlFilter& filter,
                                                std::optional<int> gw) {
  std::vector<Value> params;
  std::string sql = std::string(kSelectAssessment) + " WHERE " + filter.sql;
  params = filter.params;
  if (gw) {
    sql += " AND assessments.gw = ?";
    params.emplace_back(std::int64_t{*gw});
  }
  sql += " ORDER BY assessments.as_of DESC, assessments.id DESC";
  std::vector<Assessment> assessments;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    assessments.push_back(ReadAssessmentRow(row));
    return Status::Ok();
  }));
  for (Assessment& assessment : assessments) TOCSIN_RETURN_IF_ERROR(LoadScores(transaction, assessment));
  return assessments;
}

std::vector<IndicatorScore> ScoresOf(const Assessment& assessment) {
  std::vector<IndicatorScore> scores;
  for (const StoredScore& stored : assessment.scores) {
    scores.push_back(
        {stored.analyst_name, stored.entry.indicator, stored.entry.score, stored.entry.confidence});
  }
  return scores;
}

Result<std::vector<HistoryEntry>> CountryHistory(store::Transaction& transaction, const access::SqlFilter& filter,
                                                 int gw) {
  std::vector<Value> params = {std::int64_t{gw}};
  params.insert(params.end(), filter.params.begin(), filter.params.end());
  std::vector<HistoryEntry> history;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT h.assessment_id, assessments.as_of, users.name, h.indicator, h.old_score, h.new_score, "
      "h.old_confidence, h.new_confidence, h.changed_by, h.changed_at FROM assessment_history h "
      "JOIN assessments ON assessments.id = h.assessment_id JOIN users ON users.id = h.analyst_id "
      "WHERE assessments.gw = ? AND " +
          filter.sql + " ORDER BY h.id",
      params, [&](const store::Row& row) {
        HistoryEntry entry;
        entry.assessment_id = row.Integer(0);
        entry.as_of = row.Text(1);
        entry.analyst = row.Text(2);
        entry.indicator = row.Text(3);
        if (!row.IsNull(4)) entry.old_score = static_cast<int>(row.Integer(4));
        entry.new_score = static_cast<int>(row.Integer(5));
        if (!row.IsNull(6)) entry.old_confidence = static_cast<Confidence>(row.Integer(6));
        entry.new_confidence = static_cast<Confidence>(row.Integer(7));
        entry.changed_by = row.Text(8);
        entry.changed_at = row.Text(9);
        history.push_back(std::move(entry));
        return Status::Ok();
      }));
  return history;
}

}  // namespace tocsin::judge
