// One country side by side: the statistical risk (the latest stored forecast
// run), the opinion pool's probability (its open question on the country), the
// Framework scores (the latest assessment) and the open alerts, with a combined
// probability (docs/judgement.md, "Combined view"):
//
//   combined = logistic(w * logit(pool) + (1 - w) * logit(statistical)),  w = kPoolWeight
//
// and either one alone when the other is missing. Framework scores and alerts
// are shown beside it but do not enter it: nothing yet maps a 0-3 score to a
// probability, and guessing one would hide a judgement inside a number.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/access/record_columns.h"
#include "tocsin/judge/aggregation.h"
#include "tocsin/store/store.h"

namespace tocsin::judge {

// Equal weight: the pool updates within days where the model is annual, the
// model has a long, scored record; neither has earned more on our questions yet.
// EvaluateCombined reports how this weighting does on resolved questions.
inline constexpr double kPoolWeight = 0.5;

using access::kForecastRunColumns;

// What the caller may see, each as access::SqlFilterFor gives it.
struct CombinedFilters {
  access::SqlFilter forecasts;    // over kForecastRunColumns
  access::SqlFilter questions;    // over kQuestionColumns
  access::SqlFilter assessments;  // over kAssessmentColumns
  // Over the alerts table (alerts.id, .label, .owner_organisation_id,
  // .case_id); none: the caller may not read alerts and no count is shown.
  std::optional<access::SqlFilter> alerts = {};
};

struct CombinedView {
  int gw = 0;
  std::optional<double> statistical;  // risk of a new mass killing within two years
  std::optional<std::int64_t> run_id;
  std::optional<int> data_year;
  std::optional<double> pool;  // the pool's probability on its open question
  std::optional<std::int64_t> question_id;
  std::string question;
  std::optional<std::int64_t> assessment_id;
  std::string assessed_as_of;
  std::optional<AssessmentSummary> framework;
  std::optional<int> open_alerts;  // none: the caller may not read alerts
  std::optional<double> combined;
};

double CombineProbabilities(std::optional<double> statistical, std::optional<double> pool, double pool_weight,
                            bool* defined);

Result<CombinedView> BuildCombinedView(store::Transaction& transaction, int gw, const CombinedFilters& filters);

struct CombinedEvaluation {
  int questions = 0;  // resolved country questions with both a statistical risk and a pool
  double statistical_brier = 0;
  double pool_brier = 0;
  double combined_brier = 0;
};

// On every resolved question about a country that the filters let through: the
// Brier score of the statistical risk (the latest run made before the question
// closed), of the pool when it closed, and of their combination.
Result<CombinedEvaluation> EvaluateCombined(store::Transaction& transaction, const CombinedFilters& filters);

}  // namespace tocsin::judge
