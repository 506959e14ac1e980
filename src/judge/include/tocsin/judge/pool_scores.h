// Scores of the opinion pool: each forecaster's and the pool's Brier and log
// scores on every resolved question, and the leaderboard over time
// (docs/judgement.md, "Scoring"). A forecaster's score on a question is that of
// their latest forecast made before the question closed (resolution or deadline,
// whichever came first); the pool's is that of the mean log-odds of those
// forecasts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/probability_scores.h"

namespace tocsin::judge {

struct ForecasterScore {
  std::string forecaster;
  double probability = 0;
  double brier = 0;
  double log_score = 0;
};

struct QuestionScores {
  std::int64_t question_id = 0;
  std::string resolved_at;
  bool outcome = false;
  std::vector<ForecasterScore> forecasters;  // by name
  std::optional<ForecasterScore> pool;             // mean log-odds (factor 1); none without forecasts
  std::optional<ForecasterScore> extremised_pool;  // with the pool's factor, when it is not 1
};

// Errors: NotFound, FailedPrecondition (not resolved yet).
Result<QuestionScores> ScoreQuestion(store::Transaction& transaction, const Question& question,
                                     double extremising = 1.0);

struct LeaderboardRow {
  std::string forecaster;  // a login name, or "pool" / "pool (extremised)"
  int questions = 0;
  double mean_brier = 0;
  double mean_log_score = 0;
};

struct Leaderboard {
  std::int64_t pool_id = 0;
  std::string pool;
  ExtremisingChoice extremising;        // the factor used for "pool (extremised)"
  std::vector<LeaderboardRow> rows;     // best (lowest) mean Brier first
  std::vector<QuestionScores> history;  // resolved questions, in order of resolution
};

// The leaderboard of pool `pool_id` over the resolved questions of the pool
// that `filter` (SqlFilterFor over kQuestionColumns) lets through. Only for the
// pool's members: callers check IsPoolMember first.
Result<Leaderboard> BuildLeaderboard(store::Transaction& transaction, std::int64_t pool_id,
                                     const access::SqlFilter& filter);

// The pool's probability for `question` now (or when it closed): mean log-odds
// of each member's latest forecast, times the pool's fixed extremising factor if
// it has one. Nullopt without forecasts.
Result<std::optional<double>> CurrentPoolProbability(store::Transaction& transaction, const Question& question);

}  // namespace tocsin::judge
