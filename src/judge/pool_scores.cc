#include "tocsin/judge/pool_scores.h"

#include <algorithm>
#include <map>

#include "tocsin/core/time.h"

namespace tocsin::judge {
namespace {

ForecasterScore Scored(std::string name, double probability, bool outcome) {
  return {std::move(name), probability, BrierScore(probability, outcome), LogScore(probability, outcome)};
}

}  // namespace

Result<QuestionScores> ScoreQuestion(store::Transaction& transaction, const Question& question, double extremising) {
  if (!question.outcome) return FailedPreconditionError("the question is not resolved yet");
  QuestionScores scores;
  scores.question_id = question.id;
  scores.resolved_at = question.resolved_at;
  scores.outcome = *question.outcome;
  TOCSIN_ASSIGN_OR_RETURN(const auto forecasts, LoadForecasts(transaction, question.id));
  std::vector<double> probabilities;
  for (const Forecast& forecast : LatestForecasts(forecasts, question.ClosesAt())) {
    scores.forecasters.push_back(Scored(forecast.forecaster, forecast.probability, scores.outcome));
    probabilities.push_back(forecast.probability);
  }
  if (!probabilities.empty()) {
    scores.pool = Scored("pool", PoolProbability(probabilities), scores.outcome);
    if (extremising != 1.0) {
      scores.extremised_pool =
          Scored("pool (extremised)", PoolProbability(probabilities, extremising), scores.outcome);
    }
  }
  return scores;
}

Result<Leaderboard> BuildLeaderboard(store::Transaction& transaction, std::int64_t pool_id,
                                     const access::SqlFilter& filter) {
  TOCSIN_ASSIGN_OR_RETURN(const Pool pool, LoadPool(transaction, pool_id));
  Leaderboard board;
  board.pool_id = pool.id;
  board.pool = pool.name;
  // A member sees the scores of the questions they may read: a question above
  // their clearance must not show through its scores.
  std::vector<std::int64_t> ids;
  std::vector<store::Value> params = {pool_id};
  params.insert(params.end(), filter.params.begin(), filter.params.end());
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT pool_questions.id FROM pool_questions WHERE pool_questions.pool_id = ? AND "
      "pool_questions.outcome IS NOT NULL AND " + filter.sql + " ORDER BY pool_questions.resolved_at, pool_questions.id",
      params,
      [&](const store::Row& row) {
        ids.push_back(row.Integer(0));
        return Status::Ok();
      }));
  std::vector<Question> questions;
  std::vector<ResolvedForecasts> resolved;
  for (std::int64_t id : ids) {
    TOCSIN_ASSIGN_OR_RETURN(Question question, LoadQuestion(transaction, id));
    TOCSIN_ASSIGN_OR_RETURN(const QuestionScores plain, ScoreQuestion(transaction, question));
    ResolvedForecasts entry{.probabilities = {}, .outcome = *question.outcome};
    for (const ForecasterScore& score : plain.forecasters) entry.probabilities.push_back(score.probability);
    resolved.push_back(std::move(entry));
    questions.push_back(std::move(question));
  }
  if (pool.extremising) {
    board.extremising.factor = *pool.extremising;
    board.extremising.questions = static_cast<int>(resolved.size());
  } else {
    board.extremising = ChooseExtremising(resolved);
  }
  std::map<std::string, LeaderboardRow> rows;
  auto add = [&](const ForecasterScore& score) {
    LeaderboardRow& row = rows[score.forecaster];
    row.forecaster = score.forecaster;
    ++row.questions;
    row.mean_brier += score.brier;
    row.mean_log_score += score.log_score;
  };
  for (const Question& question : questions) {
    TOCSIN_ASSIGN_OR_RETURN(QuestionScores scores, ScoreQuestion(transaction, question, board.extremising.factor));
    for (const ForecasterScore& score : scores.forecasters) add(score);
    if (scores.pool) add(*scores.pool);
    if (scores.extremised_pool) add(*scores.extremised_pool);
    board.history.push_back(std::move(scores));
  }
  for (auto& [name, row] : rows) {
    row.mean_brier /= row.questions;
    row.mean_log_score /= row.questions;
    board.rows.push_back(row);
  }
  std::stable_sort(board.rows.begin(), board.rows.end(), [](const LeaderboardRow& a, const LeaderboardRow& b) {
    return a.mean_brier < b.mean_brier;
  });
  return board;
}

Result<std::optional<double>> CurrentPoolProbability(store::Transaction& transaction, const Question& question) {
  TOCSIN_ASSIGN_OR_RETURN(const auto forecasts, LoadForecasts(transaction, question.id));
  const std::string at = question.outcome ? question.ClosesAt() : std::min(NowUtc(), question.ClosesAt());
  std::vector<double> probabilities;
  for (const Forecast& forecast : LatestForecasts(forecasts, at)) probabilities.push_back(forecast.probability);
  if (probabilities.empty()) return std::optional<double>();
  // The pool's own factor when it fixed one. A fitted factor is not applied: it is
  // chosen on the questions each reader may see, and one question's probability
  // must be the same for everyone who reads it.
  TOCSIN_ASSIGN_OR_RETURN(const Pool pool, LoadPool(transaction, question.pool_id));
  return std::optional<double>(PoolProbability(probabilities, pool.extremising.value_or(1.0)));
}

}  // namespace tocsin::judge
