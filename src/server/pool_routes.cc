// The opinion pool (docs/judgement.md): pools and their members, questions,
// forecasts and their revisions, resolution, scores and the leaderboard. A
// pool's members are its need-to-know: individual forecasts, scores and the
// leaderboard are shown to members only (404 to anyone else), while the pool's
// aggregate probability goes with the question to whoever may read it.
#include <fmt/format.h>

#include <algorithm>

#include "api_routes.h"
#include "audit_trail.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/pool_scores.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

nlohmann::json ScoreJson(const judge::ForecasterScore& score) {
  return {{"forecaster", score.forecaster},
          {"probability", score.probability},
          {"brier", score.brier},
          {"log_score", score.log_score}};
}

nlohmann::json QuestionJson(const judge::Question& question, std::optional<double> pool) {
  nlohmann::json json = {{"id", question.id},
                         {"pool_id", question.pool_id},
                         {"pool", question.pool},
                         {"gw", Nullable(question.gw)},
                         {"text", question.text},
                         {"criteria", question.criteria},
                         {"deadline", question.deadline},
                         {"label", access::ClearanceName(question.label.label)},
                         {"pool_probability", Nullable(pool)},
                         {"outcome", nullptr}};
  if (question.outcome) {
    json["outcome"] = *question.outcome ? "yes" : "no";
    json["resolution_source"] = question.resolution_source;
    json["resolved_at"] = question.resolved_at;
  }
  return json;
}

// The question `id` if the caller may perform `action` on it, else 404.
Result<judge::Question> VisibleQuestion(store::Transaction& transaction, const Call& call, std::int64_t id,
                                        Action action) {
  auto question = judge::LoadQuestion(transaction, id);
  if (!question.ok() || !access::Decide(call.principal, action, Resource::kQuestion, question->label)) {
    return Hidden(Resource::kQuestion);
  }
  return *std::move(question);
}

Result<bool> Member(store::Transaction& transaction, const Call& call, std::int64_t pool_id) {
  return judge::IsPoolMember(transaction, pool_id, call.principal.user);
}

Result<Reply> ListPools(Call& call) {
  nlohmann::json pools = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto mine, judge::PoolsOf(transaction, call.principal.user));
    for (const judge::Pool& pool : mine) {
      nlohmann::json members = nlohmann::json::array();
      for (const auto& [id, name] : pool.members) members.push_back({{"id", id.value()}, {"name", name}});
      pools.push_back({{"id", pool.id}, {"name", pool.name}, {"members", std::move(members)}});
    }
    return Status::Ok();
  }));
  return Reply{.body = {{"pools", std::move(pools)}}};
}

Result<Reply> CreatePool(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  judge::NewPool pool{.owner = call.principal.organisation};
  TOCSIN_ASSIGN_OR_RETURN(pool.name, RequiredString(body, "name"));
  if (const auto factor = body.find("extremising"); factor != body.end() && !factor->is_null()) {
    if (!factor->is_number()) return InvalidArgumentError("field 'extremising' must be a number");
    pool.extremising = factor->get<double>();
  }
  pool.members.push_back(call.principal.user);
  if (const auto members = body.find("members"); members != body.end() && !members->is_null()) {
    if (!members->is_array()) return InvalidArgumentError("field 'members' must be an array of user ids");
    for (const nlohmann::json& id : *members) {
      if (!IsInt64(id)) return InvalidArgumentError("field 'members' must be an array of user ids");
      pool.members.emplace_back(id.get<std::int64_t>());
    }
  }
  std::sort(pool.members.begin(), pool.members.end());
  pool.members.erase(std::unique(pool.members.begin(), pool.members.end()), pool.members.end());
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    // A pool is its organisation's: its members are colleagues. A user of another
    // organisation is answered as one that does not exist, so that a pool cannot
    // be used to list the accounts of the installation.
    for (const access::UserId member : pool.members) {
      bool colleague = false;
      const std::vector<store::Value> params = {member.value(), call.principal.organisation.value()};
      TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT 1 FROM users WHERE id = ? AND organisation_id = ?",
                                               params, [&](const store::Row&) {
                                                 colleague = true;
                                                 return Status::Ok();
                                               }));
      if (!colleague)
        return NotFoundError(fmt::format("no user with id {} in your organisation", member.value()));
    }
    TOCSIN_ASSIGN_OR_RETURN(id, judge::CreatePool(transaction, access::ActorOf(call.principal), pool));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = {{"id", id}, {"name", pool.name}, {"members", pool.members.size()}}};
}

Result<Reply> ListQuestions(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, call.IntQuery("gw"));
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kQuestion, judge::kQuestionColumns);
  nlohmann::json list = nlohmann::json::array();
  std::vector<ReturnedRecord> returned;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    std::optional<int> country;
    if (gw) country = *gw;
    TOCSIN_ASSIGN_OR_RETURN(const auto questions, judge::ListQuestions(transaction, filter, country));
    for (const judge::Question& question : questions) {
      TOCSIN_ASSIGN_OR_RETURN(const auto pool, judge::CurrentPoolProbability(transaction, question));
      list.push_back(QuestionJson(question, pool));
      returned.push_back({question.id, question.label.label});
    }
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kQuestion, returned));
  return Reply{.body = {{"questions", std::move(list)}}};
}

Result<Reply> OpenQuestion(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const auto pool_id, OptionalInteger(body, "pool_id"));
  if (!pool_id) return InvalidArgumentError("field 'pool_id' is required and must be an integer");
  judge::NewQuestion question{.pool_id = *pool_id, .owner = call.principal.organisation};
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, OptionalInt(body, "gw"));
  if (gw) question.gw = *gw;
  TOCSIN_ASSIGN_OR_RETURN(question.text, RequiredString(body, "text"));
  TOCSIN_ASSIGN_OR_RETURN(question.criteria, RequiredString(body, "criteria"));
  TOCSIN_ASSIGN_OR_RETURN(question.deadline, RequiredString(body, "deadline"));
  TOCSIN_ASSIGN_OR_RETURN(const auto label, OptionalClearance(body, "label"));
  question.label = label.value_or(access::Clearance::kRestricted);
  if (!access::Decide(call.principal, Action::kCreate, Resource::kQuestion,
                      {.label = question.label, .owner = question.owner})) {
    return PermissionDeniedError("a label may not be above your own clearance");
  }
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const bool member, Member(transaction, call, *pool_id));
    if (!member) return NotFoundError("no pool with that id among yours");
    TOCSIN_ASSIGN_OR_RETURN(id, judge::OpenQuestion(transaction, access::ActorOf(call.principal), question));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = {{"id", id}, {"deadline", question.deadline}}};
}

Result<Reply> GetQuestion(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json body;
  access::Clearance label = access::Clearance::kPublic;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Question question, VisibleQuestion(transaction, call, id, Action::kRead));
    label = question.label.label;
    TOCSIN_ASSIGN_OR_RETURN(const auto pool, judge::CurrentPoolProbability(transaction, question));
    body = QuestionJson(question, pool);
    TOCSIN_ASSIGN_OR_RETURN(const bool member, Member(transaction, call, question.pool_id));
    if (!member) return Status::Ok();
    nlohmann::json forecasts = nlohmann::json::array();
    TOCSIN_ASSIGN_OR_RETURN(const auto all, judge::LoadForecasts(transaction, id));
    for (const judge::Forecast& forecast : all) {
      forecasts.push_back({{"id", forecast.id},
                           {"forecaster", forecast.forecaster},
                           {"probability", forecast.probability},
                           {"rationale", forecast.rationale},
                           {"made_at", forecast.made_at}});
    }
    body["forecasts"] = std::move(forecasts);
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kQuestion, {{id, label}}));
  return Reply{.body = std::move(body)};
}

Result<Reply> SubmitForecast(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  const auto probability = body.find("probability");
  if (probability == body.end() || !probability->is_number()) {
    return InvalidArgumentError("field 'probability' is required and must be a number from 0.001 to 0.999");
  }
  TOCSIN_ASSIGN_OR_RETURN(const std::string rationale, RequiredString(body, "rationale"));
  std::int64_t forecast = 0;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Question question, VisibleQuestion(transaction, call, id, Action::kCreate));
    TOCSIN_ASSIGN_OR_RETURN(const bool member, Member(transaction, call, question.pool_id));
    if (!member) return Hidden(Resource::kQuestion);
    TOCSIN_ASSIGN_OR_RETURN(forecast, judge::SubmitForecast(transaction, access::ActorOf(call.principal), id,
                                                            call.principal.user, probability->get<double>(),
                                                            rationale));
    return Status::Ok();
  }));
  return Reply{.status = 201, .body = {{"id", forecast}, {"question_id", id}}};
}

Result<Reply> Resolve(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string outcome, RequiredString(body, "outcome"));
  if (outcome != "yes" && outcome != "no") return InvalidArgumentError("field 'outcome' must be \"yes\" or \"no\"");
  TOCSIN_ASSIGN_OR_RETURN(const std::string source, RequiredString(body, "source"));
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(VisibleQuestion(transaction, call, id, Action::kUpdate).status());
    return judge::ResolveQuestion(transaction, access::ActorOf(call.principal), id, outcome == "yes", source);
  }));
  return Reply{.body = {{"id", id}, {"outcome", outcome}, {"source", source}}};
}

Result<Reply> QuestionScores(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json body;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const judge::Question question, VisibleQuestion(transaction, call, id, Action::kRead));
    TOCSIN_ASSIGN_OR_RETURN(const bool member, Member(transaction, call, question.pool_id));
    if (!member) return Hidden(Resource::kQuestion);
    TOCSIN_ASSIGN_OR_RETURN(const judge::QuestionScores scores, judge::ScoreQuestion(transaction, question));
    nlohmann::json forecasters = nlohmann::json::array();
    for (const judge::ForecasterScore& score : scores.forecasters) forecasters.push_back(ScoreJson(score));
    body = {{"question_id", id},
            {"outcome", scores.outcome ? "yes" : "no"},
            {"forecasters", std::move(forecasters)},
            {"pool", scores.pool ? ScoreJson(*scores.pool) : nlohmann::json()}};
    return Status::Ok();
  }));
  return Reply{.body = std::move(body)};
}

Result<Reply> Leaderboard(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kQuestion, judge::kQuestionColumns);
  nlohmann::json body;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const bool member, Member(transaction, call, id));
    if (!member) return NotFoundError("no pool with that id among yours");
    TOCSIN_ASSIGN_OR_RETURN(const judge::Leaderboard board, judge::BuildLeaderboard(transaction, id, filter));
    nlohmann::json rows = nlohmann::json::array();
    for (const judge::LeaderboardRow& row : board.rows) {
      rows.push_back({{"forecaster", row.forecaster},
                      {"questions", row.questions},
                      {"mean_brier", row.mean_brier},
                      {"mean_log_score", row.mean_log_score}});
    }
    nlohmann::json history = nlohmann::json::array();
    for (const judge::QuestionScores& scores : board.history) {
      history.push_back({{"question_id", scores.question_id},
                         {"resolved_at", scores.resolved_at},
                         {"outcome", scores.outcome ? "yes" : "no"},
                         {"pool_brier", scores.pool ? nlohmann::json(scores.pool->brier) : nlohmann::json()}});
    }
    body = {{"pool_id", board.pool_id},
            {"pool", board.pool},
            {"extremising", {{"factor", board.extremising.factor},
                             {"fitted", board.extremising.fitted},
                             {"questions", board.extremising.questions}}},
            {"rows", std::move(rows)},
            {"history", std::move(history)}};
    return Status::Ok();
  }));
  return Reply{.body = std::move(body)};
}

}  // namespace

void AddPoolRoutes(std::vector<Route>& routes) {
  const RouteGroup group{routes, "opinion pool", Resource::kQuestion};
  group.Add("GET", "/api/v1/pools", "The pools the caller is a member of", Action::kRead, "", "PoolList", ListPools);
  group.Add("POST", "/api/v1/pools", "Create a pool; the caller and the named users are its members", Action::kCreate, "NewPool", "Created", CreatePool, 201);
  group.Add("GET", "/api/v1/pools/{id}/leaderboard",
        "A pool's leaderboard, Brier and log scores over time (members only)", Action::kRead, "", "Leaderboard", Leaderboard);
  group.Add("GET", "/api/v1/pool/questions", "Questions the caller may read, with the pool's probability",
        Action::kRead, "", "QuestionList", ListQuestions, 200, {{"gw", "integer", "only this country"}});
  group.Add("POST", "/api/v1/pool/questions", "Open a yes/no question in one of the caller's pools", Action::kCreate, "NewQuestion", "Created", OpenQuestion, 201);
  group.Add("GET", "/api/v1/pool/questions/{id}",
        "A question with the pool's probability, and its forecasts for the pool's members", Action::kRead, "", "Question", GetQuestion);
  group.Add("POST", "/api/v1/pool/questions/{id}/forecasts", "Submit or revise the caller's forecast (members only)",
        Action::kCreate, "NewForecast", "Created", SubmitForecast, 201);
  group.Add("POST", "/api/v1/pool/questions/{id}/resolution", "Resolve a question with its source", Action::kUpdate, "Resolution", "Resolution", Resolve);
  group.Add("GET", "/api/v1/pool/questions/{id}/scores", "Each forecaster's and the pool's scores (members only)",
        Action::kRead, "", "QuestionScores", QuestionScores);
}

}  // namespace tocsin::server
