// Framework of Analysis assessments in the store: an assessment of a country
// (optionally a region) as of a date, each analyst's indicator scores with their
// confidence and evidence, and the history of every score given or revised.
// Writes append an audit entry in the same transaction. Functions take the
// caller's transaction and are as thread-safe as it is.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tocsin/access/audit_log.h"
#include "tocsin/access/policy.h"
#include "tocsin/judge/aggregation.h"
#include "tocsin/store/store.h"

namespace tocsin::judge {

// The columns of `assessments` for access::SqlFilterFor.
inline constexpr access::RecordColumns kAssessmentColumns = {.id = "assessments.id",
                                                             .label = "assessments.label",
                                                             .owner = "assessments.owner_organisation_id",
                                                             .case_id = "assessments.case_id"};

struct NewAssessment {
  int gw = 0;
  std::string region = {};  // empty: the whole country
  std::string as_of = {};   // YYYY-MM-DD
  std::string title = {};
  // Judgements name groups at risk: restricted unless the author says otherwise.
  access::Clearance label = access::Clearance::kRestricted;
  std::optional<access::OrganisationId> owner = {};
};

// What backs a score. kind: "document" (reference is an http(s) URL), "event",
// "alert" or "report" (reference is the record's id in Tocsin).
struct Evidence {
  std::string kind;
  std::string reference;
};

// Parses "event:12", "alert:3", "report:7" or an http(s) URL (a document).
// Errors: InvalidArgument saying which forms are accepted.
Result<Evidence> ParseEvidence(std::string_view text);
std::string EvidenceText(const Evidence& evidence);  // the form ParseEvidence reads

struct ScoreEntry {
  access::UserId analyst = {};
  std::string indicator = {};  // "7.3"
  int score = 0;               // 0..3
  Confidence confidence = Confidence::kMedium;
  std::string note = {};
  std::vector<Evidence> evidence = {};
  std::string source = {};  // where the entry was read ("scores.csv:4"), to name it in errors; not stored
};

struct StoredScore {
  ScoreEntry entry;
  std::string analyst_name;
  std::string scored_at;
};

struct Assessment {
  std::int64_t id = 0;
  int gw = 0;
  std::string region;
  std::string as_of;
  std::string title;
  std::string created_by;
  std::string created_at;
  access::RecordLabel label;
  std::vector<StoredScore> scores;  // by indicator, then analyst
};

// Errors: InvalidArgument (unknown country, malformed date, label), naming the field.
Result<std::int64_t> CreateAssessment(store::Transaction& transaction, const access::AuditActor& actor,
                                      const NewAssessment& assessment, const std::string& reason = "");

// Gives or revises scores, all or none: each replaces that analyst's earlier
// score of the indicator (and its evidence) and adds a history row when the
// score or confidence changed. Errors: NotFound (no such assessment or analyst),
// InvalidArgument naming the indicator, score, or evidence that is wrong (an
// event or alert that does not exist or that `reader`, when given, may not
// read; a document that is not a URL).
Status RecordScores(store::Transaction& transaction, const access::AuditActor& actor,
                    std::int64_t assessment_id, std::span<const ScoreEntry> scores,
                    const access::Principal* reader = nullptr);

// The label of assessment `id` for access::Decide. Errors: NotFound.
Result<access::RecordLabel> LoadAssessmentLabel(store::Transaction& transaction, std::int64_t id);

// Errors: NotFound.
Result<Assessment> LoadAssessment(store::Transaction& transaction, std::int64_t id);

// The assessments `filter` (SqlFilterFor over kAssessmentColumns) lets through,
// of country `gw` if given, newest as_of first, with their scores.
Result<std::vector<Assessment>> ListAssessments(store::Transaction& transaction, const access::SqlFilter& filter,
                                                std::optional<int> gw = std::nullopt);

// Scores of `assessment` as the aggregation takes them (analyst = login name).
std::vector<IndicatorScore> ScoresOf(const Assessment& assessment);

struct HistoryEntry {
  std::int64_t assessment_id = 0;
  std::string as_of;
  std::string analyst;
  std::string indicator;
  std::optional<int> old_score;
  int new_score = 0;
  std::optional<Confidence> old_confidence;
  Confidence new_confidence = Confidence::kMedium;
  std::string changed_by;
  std::string changed_at;
};

// Every score given or revised on country `gw`'s assessments that `filter`
// lets through, oldest first.
Result<std::vector<HistoryEntry>> CountryHistory(store::Transaction& transaction, const access::SqlFilter& filter,
                                                 int gw);

}  // namespace tocsin::judge
