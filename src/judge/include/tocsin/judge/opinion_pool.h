// The opinion pool: pools of forecasters, yes/no questions with a deadline and
// resolution criteria, forecasts with a rationale (every revision kept), and
// resolution with a source. A pool's members are its need-to-know: only they
// forecast, see each other's forecasts and see the leaderboard. Writes append an
// audit entry in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/access/audit_log.h"
#include "tocsin/access/policy.h"
#include "tocsin/store/store.h"

namespace tocsin::judge {

inline constexpr access::RecordColumns kQuestionColumns = {.id = "pool_questions.id",
                                                           .label = "pool_questions.label",
                                                           .owner = "pool_questions.owner_organisation_id",
                                                           .case_id = "pool_questions.case_id"};

struct NewPool {
  std::string name = {};
  // Unset: chosen on the pool's resolved questions (ChooseExtremising); 1: plain
  // mean log-odds; any other value: that factor, fixed.
  std::optional<double> extremising = {};
  std::vector<access::UserId> members = {};
  std::optional<access::OrganisationId> owner = {};
};

struct Pool {
  std::int64_t id = 0;
  std::string name;
  std::optional<double> extremising;
  std::vector<std::pair<access::UserId, std::string>> members;  // id, login name
};

// Errors: AlreadyExists (the name), NotFound (a member), InvalidArgument.
Result<std::int64_t> CreatePool(store::Transaction& transaction, const access::AuditActor& actor,
                                const NewPool& pool);
Status AddPoolMember(store::Transaction& transaction, const access::AuditActor& actor, std::int64_t pool_id,
                     access::UserId user);
// Errors: NotFound.
Result<Pool> LoadPool(store::Transaction& transaction, std::int64_t pool_id);
Result<Pool> FindPool(store::Transaction& transaction, const std::string& name);
Result<bool> IsPoolMember(store::Transaction& transaction, std::int64_t pool_id, access::UserId user);
// The pools `user` is a member of, by name.
Result<std::vector<Pool>> PoolsOf(store::Transaction& transaction, access::UserId user);

struct NewQuestion {
  std::int64_t pool_id = 0;
  std::optional<int> gw = {};
  std::string text = {};
  std::string criteria = {};  // how the question will be resolved, and by what source
  std::string deadline = {};  // YYYY-MM-DD; forecasts close at the end of that day (UTC)
  access::Clearance label = access::Clearance::kRestricted;
  std::optional<access::OrganisationId> owner = {};
};

struct Question {
  std::int64_t id = 0;
  std::int64_t pool_id = 0;
  std::string pool;
  std::optional<int> gw;
  std::string text;
  std::string criteria;
  std::string deadline;
  std::string created_by;
  std::string created_at;
  access::RecordLabel label;
  std::optional<bool> outcome;  // set once resolved
  std::string resolution_source;
  std::string resolved_by;
  std::string resolved_at;

  // When forecasts stopped counting: the resolution, or the end of the deadline day.
  std::string ClosesAt() const;
};

struct Forecast {
  std::int64_t id = 0;
  access::UserId user;
  std::string forecaster;  // login name
  double probability = 0;
  std::string rationale;
  std::string made_at;
};

// Errors: InvalidArgument naming the field (text, criteria, deadline, country).
Result<std::int64_t> OpenQuestion(store::Transaction& transaction, const access::AuditActor& actor,
                                  const NewQuestion& question);
// Errors: NotFound.
Result<Question> LoadQuestion(store::Transaction& transaction, std::int64_t id);
// The questions `filter` (SqlFilterFor over kQuestionColumns) lets through, of
// country `gw` if given, open ones first, then by deadline.
Result<std::vector<Question>> ListQuestions(store::Transaction& transaction, const access::SqlFilter& filter,
                                            std::optional<int> gw = std::nullopt);

// A forecast or a revision by `forecaster`. Errors: PermissionDenied (not a
// member of the question's pool), FailedPrecondition (resolved or past its
// deadline), InvalidArgument (probability outside [0.001, 0.999], no rationale).
Result<std::int64_t> SubmitForecast(store::Transaction& transaction, const access::AuditActor& actor,
                                    std::int64_t question_id, access::UserId forecaster, double probability,
                                    const std::string& rationale);

// Every forecast and revision, oldest first.
Result<std::vector<Forecast>> LoadForecasts(store::Transaction& transaction, std::int64_t question_id);
// Each forecaster's latest forecast made at or before `at` (ISO 8601 UTC), by name.
std::vector<Forecast> LatestForecasts(const std::vector<Forecast>& forecasts, const std::string& at);

// Errors: FailedPrecondition (already resolved), InvalidArgument (no source).
Status ResolveQuestion(store::Transaction& transaction, const access::AuditActor& actor, std::int64_t question_id,
                       bool outcome, const std::string& source);

}  // namespace tocsin::judge
