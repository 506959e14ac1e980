#include "tocsin/forecast/backtest.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "tocsin/forecast/change_variables.h"

namespace tocsin::forecast {
namespace {

// EWP's two reporting thresholds: "high" (4%) and "elevated" (2.5%) risk.
constexpr double kHighRisk = 0.04;
constexpr double kElevatedRisk = 0.025;

Result<BacktestYear> RunYear(const Panel& panel, const ModelSpecification& spec, int last_training_year) {
  BacktestYear year;
  year.trained_through = last_training_year;
  year.data_year = last_training_year + spec.training_gap;
  TOCSIN_ASSIGN_OR_RETURN(TrainingSet training, BuildTrainingSet(panel, spec, last_training_year));
  TOCSIN_ASSIGN_OR_RETURN(FittedModel model, FitModel(training, spec, FoldSource{}, last_training_year));
  year.lambda = model.lambda;
  year.training_rows = model.training_rows;
  year.nonzero = model.nonzero;
  year.summary = model.summary;
  TOCSIN_ASSIGN_OR_RETURN(year.risks, ScoreYear(panel, spec, model, year.data_year));
  return year;
}

double Share(const std::vector<ScoredCountryYear>& rows, auto predicate) {
  if (rows.empty()) return 0;
  const auto count = std::count_if(rows.begin(), rows.end(), predicate);
  return static_cast<double>(count) / static_cast<double>(rows.size());
}

}  // namespace

Result<BacktestMetrics> ScoreMaxRisk(const std::vector<ScoredCountryYear>& scored) {
  if (scored.empty()) return FailedPreconditionError("no country-year has a backtest forecast to score");
  BacktestMetrics metrics;
  std::vector<double> probabilities;
  std::vector<double> outcomes;
  std::vector<ScoredCountryYear> onsets;
  metrics.first_year = scored.front().year;
  metrics.last_year = scored.front().year;
  for (const ScoredCountryYear& row : scored) {
    probabilities.push_back(row.max_risk);
    outcomes.push_back(row.onset);
    if (row.onset == 1) onsets.push_back(row);
    metrics.first_year = std::min(metrics.first_year, row.year);
    metrics.last_year = std::max(metrics.last_year, row.year);
  }
  metrics.country_years = static_cast<int>(scored.size());
  metrics.onsets = static_cast<int>(onsets.size());
  TOCSIN_ASSIGN_OR_RETURN(metrics.auc, AreaUnderRocCurve(probabilities, outcomes));
  TOCSIN_ASSIGN_OR_RETURN(metrics.roc, ComputeRocCurve(probabilities, outcomes));
  TOCSIN_ASSIGN_OR_RETURN(metrics.brier, BrierScore(probabilities, outcomes));
  TOCSIN_ASSIGN_OR_RETURN(metrics.brier_skill, BrierSkillScore(probabilities, outcomes));
  TOCSIN_ASSIGN_OR_RETURN(metrics.log_loss, LogLoss(probabilities, outcomes));
  TOCSIN_ASSIGN_OR_RETURN(metrics.calibration, CalibrationTable(probabilities, outcomes));
  TOCSIN_ASSIGN_OR_RETURN(metrics.average_precision, AveragePrecision(probabilities, outcomes));
  const auto recalibration = FitLogisticRecalibration(probabilities, outcomes);
  metrics.calibration_slope = recalibration.ok() ? recalibration->slope : std::nan("");
  const auto in_the_large = CalibrationInTheLarge(probabilities, outcomes);
  metrics.calibration_intercept = in_the_large.ok() ? *in_the_large : std::nan("");
  metrics.base_rate = static_cast<double>(metrics.onsets) / static_cast<double>(metrics.country_years);
  metrics.recall_at_10 = Share(onsets, [](const auto& row) { return row.min_rank <= 10; });
  metrics.recall_at_20 = Share(onsets, [](const auto& row) { return row.min_rank <= 20; });
  metrics.recall_at_30 = Share(onsets, [](const auto& row) { return row.min_rank <= 30; });
  metrics.share_at_4_percent = Share(onsets, [](const auto& row) { return row.max_risk >= kHighRisk; });
  metrics.share_at_2_5_percent = Share(onsets, [](const auto& row) { return row.max_risk >= kElevatedRisk; });
  int above = 0;
  int above_onsets = 0;
  for (const ScoredCountryYear& row : scored) {
    if (row.max_risk > kHighRisk) {
      ++above;
      above_onsets += row.onset;
    }
  }
  metrics.false_positives_per_true_positive_at_4_percent =
      above_onsets == 0 ? 0 : static_cast<double>(above - above_onsets) / above_onsets;
  return metrics;
}

Result<std::vector<ScoredCountryYear>> ScoreBacktestYears(const Panel& panel, const std::vector<BacktestYear>& years,
                                                          const BacktestOptions& options, int training_gap) {
  TOCSIN_ASSIGN_OR_RETURN(const std::size_t onset_column, panel.Variable(options.onset));
  const int last_data_year = options.last_training_year + training_gap;
  std::vector<ScoredCountryYear> scored_rows;
  // Score each country-year t in [first data year + 1, last data year + 1] ∩ panel
  // by the forecasts from t-1 and t-2 (EWP: yearmin = min + 1, yearmax = max + 2).
  std::map<std::pair<int, int>, const CountryRisk*> by_year_country;
  for (const BacktestYear& year : years) {
    for (const CountryRisk& risk : year.risks) by_year_country[{year.data_year, risk.cow}] = &risk;
  }
  const int first_scored = options.first_training_year + training_gap + 1;
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    const PanelKey& key = panel.key(row);
    if (key.year < first_scored || key.year > last_data_year + 2 || panel.missing(row, onset_column)) continue;
    ScoredCountryYear scored{key.year, key.country, key.cow, static_cast<int>(panel.value(row, onset_column)), -1, 0};
    for (int lag : {1, 2}) {
      const auto found = by_year_country.find({key.year - lag, key.cow});
      if (found == by_year_country.end()) continue;
      if (scored.max_risk < 0 || found->second->probability > scored.max_risk) scored.max_risk = found->second->probability;
      if (scored.min_rank == 0 || found->second->rank < scored.min_rank) scored.min_rank = found->second->rank;
    }
    if (scored.max_risk >= 0) scored_rows.push_back(std::move(scored));
  }
  return scored_rows;
}

Result<BacktestResult> RunBacktest(const Panel& given, const ModelSpecification& spec,
                                   const BacktestOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TOCSIN_ASSIGN_OR_RETURN(const std::optional<Panel> derived, AddChangeVariables(given, spec.predictors));
  const Panel& panel = derived ? *derived : given;
  if (options.first_training_year > options.last_training_year) {
    return InvalidArgumentError(fmt::format("backtest from {} to {}: the first training year must not be after the last",
                                            options.first_training_year, options.last_training_year));
  }
  const int last_data_year = options.last_training_year + spec.training_gap;
  if (last_data_year > panel.last_year() || options.first_training_year < panel.first_year()) {
    return OutOfRangeError(fmt::format(
        "backtest training years {}-{} forecast data years up to {}, but the panel covers {}-{}",
        options.first_training_year, options.last_training_year, last_data_year, panel.first_year(), panel.last_year()));
  }
  TOCSIN_RETURN_IF_ERROR(panel.Variable(options.onset).status());

  const int count = options.last_training_year - options.first_training_year + 1;
  std::vector<std::optional<Result<BacktestYear>>> results(count);
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next++; i < count; i = next++) results[i] = RunYear(panel, spec, options.first_training_year + i);
  };
  const int threads = std::clamp(options.threads, 1, count);
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();

  BacktestResult result;
  for (auto& year : results) {
    if (!year->ok()) return year->status();
    result.years.push_back(std::move(*year).value());
  }

  TOCSIN_ASSIGN_OR_RETURN(result.scored, ScoreBacktestYears(panel, result.years, options, spec.training_gap));
  TOCSIN_ASSIGN_OR_RETURN(result.metrics, ScoreMaxRisk(result.scored));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace tocsin::forecast
