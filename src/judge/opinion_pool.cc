#include "tocsin/judge/opinion_pool.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "tocsin/access/record_shares.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/core/time.h"
#include "tocsin/judge/calendar_date.h"
#include "tocsin/judge/probability_scores.h"

namespace tocsin::judge {
namespace {

using store::Value;

Status AuditQuestion(store::Transaction& transaction, const access::AuditActor& actor, std::string_view verb,
                     std::string record_id, const nlohmann::json& detail) {
  access::AuditEntry entry;
  entry.actor = actor;
  entry.action = "question." + std::string(verb);
  entry.resource = std::string(access::ResourceName(access::Resource::kQuestion));
  entry.record_id = std::move(record_id);
  entry.detail_json = detail.dump();
  return access::AppendAudit(transaction, std::move(entry)).status();
}

constexpr std::string_view kPoolById = "SELECT id, name, extremising FROM pools WHERE id = ?";
constexpr std::string_view kPoolByName = "SELECT id, name, extremising FROM pools WHERE name = ?";

Result<Pool> LoadPoolWhere(store::Transaction& transaction, std::string_view query, const Value& key,
                           const std::string& describe) {
  std::optional<Pool> pool;
  const std::vector<Value> params = {key};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(query, params, [&](const store::Row& row) {
        pool.emplace();
        pool->id = row.Integer(0);
        pool->name = row.Text(1);
        if (!row.IsNull(2)) pool->extremising = row.Real(2);
        return Status::Ok();
      }));
  if (!pool) return NotFoundError(fmt::format("no pool {}", describe));
  const std::vector<Value> id = {pool->id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT users.id, users.name FROM pool_members JOIN users ON users.id = pool_members.user_id "
      "WHERE pool_members.pool_id = ? ORDER BY users.name",
      id, [&](const store::Row& row) {
        pool->members.emplace_back(access::UserId(row.Integer(0)), row.Text(1));
        return Status::Ok();
      }));
  return *std::move(pool);
}

constexpr std::string_view kSelectQuestion =
    "SELECT pool_questions.id, pool_questions.pool_id, pools.name, pool_questions.gw, pool_questions.text, "
    "pool_questions.criteria, pool_questions.deadline, pool_questions.created_by, pool_questions.created_at, "
    "pool_questions.label, pool_questions.owner_organisation_id, pool_questions.case_id, pool_questions.outcome, "
    "pool_questions.resolution_source, pool_questions.resolved_by, pool_questions.resolved_at "
    "FROM pool_questions JOIN pools ON pools.id = pool_questions.pool_id";

Question ReadQuestion(const store::Row& row) {
  Question question;
  question.id = row.Integer(0);
  question.pool_id = row.Integer(1);
  question.pool = row.Text(2);
  if (!row.IsNull(3)) question.gw = static_cast<int>(row.Integer(3));
  question.text = row.Text(4);
  question.criteria = row.Text(5);
  question.deadline = row.Text(6);
  question.created_by = row.Text(7);
  question.created_at = row.Text(8);
  question.label.label = access::ClearanceFromStored(row.Integer(9)).value_or(access::Clearance::kStrictlyConfidential);
  if (!row.IsNull(10)) question.label.owner = access::OrganisationId(row.Integer(10));
  if (!row.IsNull(11)) question.label.case_id = access::CaseId(row.Integer(11));
  if (!row.IsNull(12)) question.outcome = row.Integer(12) == 1;
  if (!row.IsNull(13)) question.resolution_source = row.Text(13);
  if (!row.IsNull(14)) question.resolved_by = row.Text(14);
  if (!row.IsNull(15)) question.resolved_at = row.Text(15);
  return question;
}

}  // namespace

std::string Question::ClosesAt() const {
  const std::string end_of_deadline = deadline + "T23:59:59Z";
  return !resolved_at.empty() && resolved_at < end_of_deadline ? resolved_at : end_of_deadline;
}

Result<std::int64_t> CreatePool(store::Transaction& transaction, const access::AuditActor& actor,
                                const NewPool& pool) {
  if (pool.name.empty()) return InvalidArgumentError("name: a pool needs a name");
  if (pool.extremising && !(*pool.extremising > 0 && *pool.extremising <= kHighestExtremising)) {
    return InvalidArgumentError(fmt::format(
        "extremising: the factor must be above 0 and at most {} (1 is the plain mean of log-odds), not {}",
        kHighestExtremising, *pool.extremising));
  }
  if (FindPool(transaction, pool.name).ok()) {
    return AlreadyExistsError(fmt::format("a pool named '{}' already exists", pool.name));
  }
  const std::vector<Value> params = {pool.name, pool.extremising ? Value(*pool.extremising) : Value(), actor.name,
                                     NowUtc(), pool.owner ? Value(pool.owner->value()) : Value()};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO pools (name, extremising, created_by, created_at, "
                                      "owner_organisation_id) VALUES (?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  // AuditQuestion details carry ids, never text that may be as sensitive as a label allows.
  TOCSIN_RETURN_IF_ERROR(
      AuditQuestion(transaction, actor, "pool", "pool:" + std::to_string(id), {{"pool", id}}));
  for (access::UserId member : pool.members) TOCSIN_RETURN_IF_ERROR(AddPoolMember(transaction, actor, id, member));
  return id;
}

Status AddPoolMember(store::Transaction& transaction, const access::AuditActor& actor, std::int64_t pool_id,
                     access::UserId user) {
  bool known = false;
  const std::vector<Value> id = {user.value()};
  TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT 1 FROM users WHERE id = ?", id, [&](const store::Row&) {
    known = true;
    return Status::Ok();
  }));
  if (!known) return NotFoundError(fmt::format("no user with id {}", user.value()));
  const std::vector<Value> params = {pool_id, user.value(), NowUtc()};
  TOCSIN_ASSIGN_OR_RETURN(
      const std::int64_t added,
      transaction.Execute(
          "INSERT INTO pool_members (pool_id, user_id, added_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          params));
  if (added == 0) return Status::Ok();
  return AuditQuestion(transaction, actor, "member", "pool:" + std::to_string(pool_id),
                       {{"user", user.value()}});
}

Result<Pool> LoadPool(store::Transaction& transaction, std::int64_t pool_id) {
  return LoadPoolWhere(transaction, kPoolById, pool_id, fmt::format("with id {}", pool_id));
}

Result<Pool> FindPool(store::Transaction& transaction, const std::string& name) {
  return LoadPoolWhere(transaction, kPoolByName, name, fmt::format("named '{}'", name));
}

Result<bool> IsPoolMember(store::Transaction& transaction, std::int64_t pool_id, access::UserId user) {
  bool member = false;
  const std::vector<Value> params = {pool_id, user.value()};
  TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT 1 FROM pool_members WHERE pool_id = ? AND user_id = ?", params,
                                           [&](const store::Row&) {
                                             member = true;
                                             return Status::Ok();
                                           }));
  return member;
}

Result<std::vector<Pool>> PoolsOf(store::Transaction& transaction, access::UserId user) {
  std::vector<std::int64_t> ids;
  const std::vector<Value> params = {user.value()};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT pools.id FROM pools JOIN pool_members ON pool_members.pool_id = pools.id "
      "WHERE pool_members.user_id = ? ORDER BY pools.name",
      params, [&](const store::Row& row) {
        ids.push_back(row.Integer(0));
        return Status::Ok();
      }));
  std::vector<Pool> pools;
  for (std::int64_t id : ids) {
    TOCSIN_ASSIGN_OR_RETURN(Pool pool, LoadPool(transaction, id));
    pools.push_back(std::move(pool));
  }
  return pools;
}

Result<std::int64_t> OpenQuestion(store::Transaction& transaction, const access::AuditActor& actor,
                                  const NewQuestion& question) {
  if (question.text.empty()) return InvalidArgumentError("text: ask a yes/no question");
  if (question.criteria.empty()) {
    return InvalidArgumentError("criteria: say how the question will be resolved, and by what source");
  }
  TOCSIN_RETURN_IF_ERROR(ParseCalendarDate(question.deadline, "deadline").status());
  // Forecasts close at the end of the deadline: one already past would open a
  // question nobody could forecast on.
  if (const std::string now = NowUtc(); question.deadline + "T23:59:59Z" < now) {
    return InvalidArgumentError(fmt::format(
        "deadline: {} has passed (now {}); a question asks about what is to come", question.deadline, now));
  }
  if (question.gw && CountryRegistry::Default().ByGw(*question.gw) == nullptr) {
    return InvalidArgumentError(fmt::format("country: no Gleditsch-Ward state {}", *question.gw));
  }
  TOCSIN_RETURN_IF_ERROR(LoadPool(transaction, question.pool_id).status());
  const std::vector<Value> params = {question.pool_id,
                                     question.gw ? Value(std::int64_t{*question.gw}) : Value(),
                                     question.text,
                                     question.criteria,
                                     question.deadline,
                                     actor.name,
                                     NowUtc(),
                                     static_cast<std::int64_t>(question.label),
                                     question.owner ? Value(question.owner->value()) : Value()};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO pool_questions (pool_id, gw, text, criteria, deadline, created_by, "
                                      "created_at, label, owner_organisation_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(AuditQuestion(transaction, actor, "create", std::to_string(id),
                                       {{"pool", question.pool_id}, {"deadline", question.deadline}}));
  return id;
}

Result<Question> LoadQuestion(store::Transaction& transaction, std::int64_t id) {
  std::optional<Question> question;
  const std::vector<Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(std::string(kSelectQuestion) + " WHERE pool_questions.id = ?", params,
                                           [&](const store::Row& row) {
                                             question = ReadQuestion(row);
                                             return Status::Ok();
                                           }));
  if (!question) return NotFoundError("no question with that id");
  TOCSIN_ASSIGN_OR_RETURN(question->label.shared_with,
                          access::LoadShares(transaction, access::Resource::kQuestion, id));
  return *std::move(question);
}

Result<std::vector<Question>> ListQuestions(store::Transaction& transaction, const access::SqlFilter& filter,
                                            std::optional<int> gw) {
  std::string sql = std::string(kSelectQuestion) + " WHERE " + filter.sql;
  std::vector<Value> params = filter.params;
  if (gw) {
    sql += " AND pool_questions.gw = ?";
    params.emplace_back(std::int64_t{*gw});
  }
  sql += " ORDER BY pool_questions.outcome IS NOT NULL, pool_questions.deadline, pool_questions.id";
  std::vector<Question> questions;
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    questions.push_back(ReadQuestion(row));
    return Status::Ok();
  }));
  return questions;
}

Result<std::int64_t> SubmitForecast(store::Transaction& transaction, const access::AuditActor& actor,
                                    std::int64_t question_id, access::UserId forecaster, double probability,
                                    const std::string& rationale) {
  if (!(probability >= kLowestProbability && probability <= kHighestProbability)) {
    return InvalidArgumentError(fmt::format("probability: {} is outside {} to {}", probability, kLowestProbability,
                                            kHighestProbability));
  }
  if (rationale.empty()) return InvalidArgumentError("rationale: give a short reason for the forecast");
  TOCSIN_ASSIGN_OR_RETURN(const Question question, LoadQuestion(transaction, question_id));
  TOCSIN_ASSIGN_OR_RETURN(const bool member, IsPoolMember(transaction, question.pool_id, forecaster));
  if (!member) {
    return PermissionDeniedError(
        fmt::format("only members of pool '{}' forecast on its questions", question.pool));
  }
  const std::string now = NowUtc();
  if (question.outcome) return FailedPreconditionError(fmt::format("question {} is resolved", question_id));
  if (now > question.ClosesAt()) {
    return FailedPreconditionError(fmt::format("question {} closed on {}", question_id, question.deadline));
  }
  const std::vector<Value> params = {question_id, forecaster.value(), probability, rationale, now};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("INSERT INTO pool_forecasts (question_id, user_id, probability, rationale, "
                                      "made_at) VALUES (?, ?, ?, ?, ?)",
                                      params)
                             .status());
  const std::int64_t id = transaction.LastInsertId();
  TOCSIN_RETURN_IF_ERROR(
      AuditQuestion(transaction, actor, "update", std::to_string(question_id),
                    {{"forecast", id}, {"forecaster", forecaster.value()}, {"probability", probability}}));
  return id;
}

Result<std::vector<Forecast>> LoadForecasts(store::Transaction& transaction, std::int64_t question_id) {
  std::vector<Forecast> forecasts;
  const std::vector<Value> params = {question_id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT f.id, f.user_id, users.name, f.probability, f.rationale, f.made_at FROM pool_forecasts f "
      "JOIN users ON users.id = f.user_id WHERE f.question_id = ? ORDER BY f.id",
      params, [&](const store::Row& row) {
        forecasts.push_back({.id = row.Integer(0),
                             .user = access::UserId(row.Integer(1)),
                             .forecaster = row.Text(2),
                             .probability = row.Real(3),
                             .rationale = row.Text(4),
                             .made_at = row.Text(5)});
        return Status::Ok();
      }));
  return forecasts;
}

std::vector<Forecast> LatestForecasts(const std::vector<Forecast>& forecasts, const std::string& at) {
  std::map<std::string, Forecast> latest;
  for (const Forecast& forecast : forecasts) {
    if (forecast.made_at <= at) latest[forecast.forecaster] = forecast;  // ordered by id: later wins
  }
  std::vector<Forecast> result;
  for (auto& [name, forecast] : latest) result.push_back(std::move(forecast));
  return result;
}

Status ResolveQuestion(store::Transaction& transaction, const access::AuditActor& actor, std::int64_t question_id,
                       bool outcome, const std::string& source) {
  if (source.empty()) return InvalidArgumentError("source: name the source that resolves the question");
  TOCSIN_ASSIGN_OR_RETURN(const Question question, LoadQuestion(transaction, question_id));
  if (question.outcome) {
    return FailedPreconditionError(fmt::format("question {} was already resolved on {}", question_id,
                                               question.resolved_at));
  }
  const std::vector<Value> params = {std::int64_t{outcome ? 1 : 0}, source, actor.name, NowUtc(), question_id};
  TOCSIN_RETURN_IF_ERROR(transaction
                             .Execute("UPDATE pool_questions SET outcome = ?, resolution_source = ?, resolved_by = ?, "
                                      "resolved_at = ? WHERE id = ?",
                                      params)
                             .status());
  return AuditQuestion(transaction, actor, "update", std::to_string(question_id),
                       {{"outcome", outcome ? "yes" : "no"}});
}

}  // namespace tocsin::judge
