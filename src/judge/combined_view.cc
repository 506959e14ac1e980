#include "tocsin/judge/combined_view.h"

#include "tocsin/judge/assessment_repository.h"
#include "tocsin/judge/opinion_pool.h"
#include "tocsin/judge/pool_scores.h"
#include "tocsin/judge/probability_scores.h"

namespace tocsin::judge {
namespace {

using store::Value;

std::vector<Value> With(std::vector<Value> first, const access::SqlFilter& filter) {
  first.insert(first.end(), filter.params.begin(), filter.params.end());
  return first;
}

struct StatisticalRisk {
  double probability = 0;
  std::int64_t run_id = 0;
  int data_year = 0;
};

// The latest visible forecast run created at or before `before` that holds a
// forecast for `gw`, and its forecast from the latest data year.
Result<std::optional<StatisticalRisk>> LatestRisk(store::Transaction& transaction, int gw,
                                                  const access::SqlFilter& filter, const std::string& before) {
  std::optional<StatisticalRisk> risk;
  const std::vector<Value> params = With({std::int64_t{gw}, before}, filter);
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT forecasts.probability, model_runs.id, forecasts.data_year FROM forecasts "
      "JOIN model_runs ON model_runs.id = forecasts.run_id WHERE model_runs.kind = 'forecast' "
      "AND forecasts.gw = ? AND model_runs.created_at <= ? AND " +
          filter.sql + " ORDER BY model_runs.id DESC, forecasts.data_year DESC LIMIT 1",
      params, [&](const store::Row& row) {
        risk = StatisticalRisk{row.Real(0), row.Integer(1), static_cast<int>(row.Integer(2))};
        return Status::Ok();
      }));
  return risk;
}

// Later than any stored instant: "no upper bound" for LatestRisk.
constexpr std::string_view kEndOfTime = "9999-12-31T23:59:59Z";

}  // namespace

double CombineProbabilities(std::optional<double> statistical, std::optional<double> pool, double pool_weight,
                            bool* defined) {
  *defined = statistical || pool;
  if (statistical && pool) {
    return FromLogOdds(pool_weight * LogOdds(*pool) + (1 - pool_weight) * LogOdds(*statistical));
  }
  if (pool) return *pool;
  return statistical.value_or(0);
}

Result<CombinedView> BuildCombinedView(store::Transaction& transaction, int gw, const CombinedFilters& filters) {
  CombinedView view;
  view.gw = gw;
  TOCSIN_ASSIGN_OR_RETURN(const auto risk, LatestRisk(transaction, gw, filters.forecasts, std::string(kEndOfTime)));
  if (risk) {
    view.statistical = risk->probability;
    view.run_id = risk->run_id;
    view.data_year = risk->data_year;
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto questions, ListQuestions(transaction, filters.questions, gw));
  for (const Question& question : questions) {
    if (question.outcome) continue;  // open questions come first; the first open one counts
    TOCSIN_ASSIGN_OR_RETURN(const auto pool, CurrentPoolProbability(transaction, question));
    view.question_id = question.id;
    view.question = question.text;
    view.pool = pool;
    break;
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto assessments, ListAssessments(transaction, filters.assessments, gw));
  if (!assessments.empty()) {
    const Assessment& latest = assessments.front();
    view.assessment_id = latest.id;
    view.assessed_as_of = latest.as_of;
    view.framework = Summarise(Framework::Default(), ScoresOf(latest));
  }
  if (filters.alerts) {
    int open = 0;
    const access::SqlFilter& alerts = *filters.alerts;
    const std::vector<Value> params = With({std::int64_t{gw}}, alerts);
    TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT count(*) FROM alerts WHERE alerts.gw = ? AND "
                                             "alerts.state <> 'decided' AND " + alerts.sql,
                                             params, [&](const store::Row& row) {
                                               open = static_cast<int>(row.Integer(0));
                                               return Status::Ok();
                                             }));
    view.open_alerts = open;
  }
  bool defined = false;
  const double combined = CombineProbabilities(view.statistical, view.pool, kPoolWeight, &defined);
  if (defined) view.combined = combined;
  return view;
}

Result<CombinedEvaluation> EvaluateCombined(store::Transaction& transaction, const CombinedFilters& filters) {
  CombinedEvaluation evaluation;
  TOCSIN_ASSIGN_OR_RETURN(const auto questions, ListQuestions(transaction, filters.questions));
  for (const Question& question : questions) {
    if (!question.outcome || !question.gw) continue;
    TOCSIN_ASSIGN_OR_RETURN(const auto risk, LatestRisk(transaction, *question.gw, filters.forecasts,
                                                        question.ClosesAt()));
    TOCSIN_ASSIGN_OR_RETURN(const auto pool, CurrentPoolProbability(transaction, question));
    if (!risk || !pool) continue;
    bool defined = false;
    const double combined = CombineProbabilities(risk->probability, pool, kPoolWeight, &defined);
    ++evaluation.questions;
    evaluation.statistical_brier += BrierScore(risk->probability, *question.outcome);
    evaluation.pool_brier += BrierScore(*pool, *question.outcome);
    evaluation.combined_brier += BrierScore(combined, *question.outcome);
  }
  if (evaluation.questions > 0) {
    evaluation.statistical_brier /= evaluation.questions;
    evaluation.pool_brier /= evaluation.questions;
    evaluation.combined_brier /= evaluation.questions;
  }
  return evaluation;
}

}  // namespace tocsin::judge
