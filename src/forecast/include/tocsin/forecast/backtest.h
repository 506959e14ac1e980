// The rolling out-of-sample backtest of the Early Warning Project: for each last
// training year L, fit on years <= L and forecast from data year L + gap; then
// score each onset year t by "maxrisk2", the larger of the two forecasts made from
// years t-1 and t-2 that cover it, as EWP's model script does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tocsin/core/panel.h"
#include "tocsin/forecast/metrics.h"
#include "tocsin/forecast/risk_forecast.h"
#include "tocsin/forecast/specification.h"

namespace tocsin::forecast {

struct BacktestOptions {
  int first_training_year = 1991;
  int last_training_year = 2021;
  // The outcome scored per country-year (an onset in that year).
  std::string onset = "mk_onset";
  int threads = 1;  // fits of different years run in parallel; results do not depend on it
};

// The forecasts made from one data year.
struct BacktestYear {
  int trained_through = 0;
  int data_year = 0;
  double lambda = 0;
  int training_rows = 0;
  int nonzero = 0;
  std::string summary;             // what the window chose (FittedModel::summary)
  std::vector<CountryRisk> risks;  // by rank
};

// One country-year scored by maxrisk2.
struct ScoredCountryYear {
  int year = 0;
  std::string country;
  int cow = 0;
  int onset = 0;
  double max_risk = 0;  // maxrisk2
  int min_rank = 0;     // minrank2
};

struct BacktestMetrics {
  int first_year = 0;  // onset years scored
  int last_year = 0;
  int country_years = 0;
  int onsets = 0;
  double auc = 0;
  double average_precision = 0;
  double recall_at_10 = 0;  // share of onsets whose better rank was within the top 10
  double recall_at_20 = 0;
  double recall_at_30 = 0;
  double share_at_4_percent = 0;    // share of onsets with maxrisk2 >= 4%
  double share_at_2_5_percent = 0;  // ... >= 2.5%
  double false_positives_per_true_positive_at_4_percent = 0;  // among rows with maxrisk2 > 4%
  double brier = 0;
  double brier_skill = 0;
  double base_rate = 0;
  double log_loss = 0;
  // Logistic recalibration of maxrisk2 (metrics.h); NaN when it does not converge.
  double calibration_slope = 0;
  double calibration_intercept = 0;  // calibration in the large
  std::vector<CalibrationGroup> calibration;  // by risk decile
  RocCurve roc;
};

struct BacktestResult {
  std::vector<BacktestYear> years;
  std::vector<ScoredCountryYear> scored;
  BacktestMetrics metrics;
  double seconds = 0;
};

// Errors: FailedPrecondition for an empty training window; OutOfRange when the
// forecast years fall outside the panel; InvalidArgument when first > last.
Result<BacktestResult> RunBacktest(const Panel& panel, const ModelSpecification& spec, const BacktestOptions& options);

// Scores the forecasts of `years` by maxrisk2 against options.onset: every
// country-year t from the first data year + 1 to the last + 2 (EWP's yearmin and
// yearmax) that has a forecast from t-1 or t-2. RunBacktest's own scoring, exposed
// so that a saved backtest can be rescored without refitting. Errors: NotFound for
// an absent onset column.
Result<std::vector<ScoredCountryYear>> ScoreBacktestYears(const Panel& panel, const std::vector<BacktestYear>& years,
                                                          const BacktestOptions& options, int training_gap);

// Scores a set of country-year forecasts with maxrisk2 (exposed for tests).
Result<BacktestMetrics> ScoreMaxRisk(const std::vector<ScoredCountryYear>& scored);

}  // namespace tocsin::forecast
