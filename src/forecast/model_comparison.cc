#include "tocsin/forecast/model_comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace tocsin::forecast {
namespace {

// The percentile of sorted finite values (linear between order statistics).
double Percentile(const std::vector<double>& sorted, double share) {
  if (sorted.empty()) return std::nan("");
  const double position = share * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

Interval Summarise(double estimate, std::vector<double> values, double level) {
  std::erase_if(values, [](double value) { return !std::isfinite(value); });
  std::sort(values.begin(), values.end());
  const double tail = (1 - level) / 2;
  return {estimate, Percentile(values, tail), Percentile(values, 1 - tail)};
}

bool Beats(double value, double reference, Direction direction) {
  switch (direction) {
    case Direction::kHigher: return value > reference;
    case Direction::kLower: return value < reference;
    case Direction::kCloserToOne: return std::abs(value - 1) < std::abs(reference - 1);
    case Direction::kCloserToZero: return std::abs(value) < std::abs(reference);
  }
  return false;
}

}  // namespace

const std::vector<MetricDefinition>& ComparedMetrics() {
  static const std::vector<MetricDefinition> kMetrics = {{"AUC", Direction::kHigher},
                                                         {"average precision", Direction::kHigher},
                                                         {"recall@10", Direction::kHigher},
                                                         {"recall@20", Direction::kHigher},
                                                         {"recall@30", Direction::kHigher},
                                                         {"share >= 4%", Direction::kHigher},
                                                         {"Brier", Direction::kLower},
                                                         {"Brier skill", Direction::kHigher},
                                                         {"log loss", Direction::kLower},
                                                         {"calibration slope", Direction::kCloserToOne},
                                                         {"calibration intercept", Direction::kCloserToZero}};
  return kMetrics;
}

double MetricValue(const BacktestMetrics& metrics, std::size_t index) {
  const double values[] = {metrics.auc,          metrics.average_precision, metrics.recall_at_10,
                           metrics.recall_at_20, metrics.recall_at_30,      metrics.share_at_4_percent,
                           metrics.brier,        metrics.brier_skill,       metrics.log_loss,
                           metrics.calibration_slope, metrics.calibration_intercept};
  return index < std::size(values) ? values[index] : std::nan("");
}

Result<ModelComparison> CompareBacktests(const std::vector<NamedBacktest>& backtests, const BootstrapOptions& options) {
  if (backtests.empty()) return InvalidArgumentError("no backtests to compare");
  if (options.resamples < 1 || !(options.level > 0 && options.level < 1)) {
    return InvalidArgumentError(fmt::format("bootstrap needs resamples >= 1 and a level in (0, 1), not {} and {}",
                                            options.resamples, options.level));
  }
  const auto& reference_rows = backtests.front().scored;
  for (const NamedBacktest& backtest : backtests) {
    bool same = backtest.scored.size() == reference_rows.size();
    for (std::size_t i = 0; same && i < reference_rows.size(); ++i) {
      same = backtest.scored[i].year == reference_rows[i].year && backtest.scored[i].cow == reference_rows[i].cow;
    }
    if (!same) {
      return InvalidArgumentError(fmt::format("backtests of {} and {} score different country-years; compare them on "
                                              "the same panel and years",
                                              backtest.model, backtests.front().model));
    }
  }
  std::map<int, std::vector<std::size_t>> rows_by_year;
  for (std::size_t i = 0; i < reference_rows.size(); ++i) rows_by_year[reference_rows[i].year].push_back(i);
  std::vector<const std::vector<std::size_t>*> years;
  for (const auto& [year, rows] : rows_by_year) years.push_back(&rows);

  ModelComparison comparison;
  comparison.reference = backtests.front().model;
  comparison.level = options.level;
  const std::size_t metric_count = ComparedMetrics().size();
  // samples[model][metric] over resamples
  std::vector<std::vector<std::vector<double>>> samples(backtests.size(), std::vector<std::vector<double>>(metric_count));
  std::vector<std::vector<double>> wins(backtests.size(), std::vector<double>(metric_count, 0.0));
  for (const NamedBacktest& backtest : backtests) {
    TOCSIN_ASSIGN_OR_RETURN(BacktestMetrics metrics, ScoreMaxRisk(backtest.scored));
    comparison.models.push_back({backtest.model, std::move(metrics), {}});
  }

  // std::mt19937_64's sequence is fixed by the standard; drawing an index by modulo
  // keeps the resamples the same on every standard library (the bias is < 2^-58).
  std::mt19937_64 generator(options.seed);
  std::vector<ScoredCountryYear> resample;
  for (int draw = 0; draw < options.resamples; ++draw) {
    std::vector<std::size_t> chosen;
    for (std::size_t y = 0; y < years.size(); ++y) {
      const auto& rows = *years[generator() % years.size()];
      chosen.insert(chosen.end(), rows.begin(), rows.end());
    }
    if (std::none_of(chosen.begin(), chosen.end(), [&](std::size_t i) { return reference_rows[i].onset == 1; })) {
      continue;
    }
    std::vector<double> reference_values(metric_count);
    std::vector<std::vector<double>> values(backtests.size(), std::vector<double>(metric_count));
    bool scored = true;
    for (std::size_t m = 0; m < backtests.size() && scored; ++m) {
      resample.clear();
      for (std::size_t i : chosen) resample.push_back(backtests[m].scored[i]);
      const auto metrics = ScoreMaxRisk(resample);
      scored = metrics.ok();
      for (std::size_t k = 0; scored && k < metric_count; ++k) values[m][k] = MetricValue(*metrics, k);
    }
    // A draw whose onsets all share one class of forecast cannot score AUC; skip it
    // for every model so that the comparison stays paired.
    if (!scored) continue;
    ++comparison.resamples;
    for (std::size_t m = 0; m < backtests.size(); ++m) {
      for (std::size_t k = 0; k < metric_count; ++k) {
        samples[m][k].push_back(values[m][k]);
        if (Beats(values[m][k], values[0][k], ComparedMetrics()[k].direction)) ++wins[m][k];
      }
    }
  }
  for (std::size_t m = 0; m < backtests.size(); ++m) {
    for (std::size_t k = 0; k < metric_count; ++k) {
      const double estimate = MetricValue(comparison.models[m].metrics, k);
      const double reference = MetricValue(comparison.models[0].metrics, k);
      std::vector<double> differences(samples[m][k].size());
      for (std::size_t r = 0; r < differences.size(); ++r) differences[r] = samples[m][k][r] - samples[0][k][r];
      ComparedMetric compared;
      compared.value = Summarise(estimate, samples[m][k], options.level);
      compared.difference = Summarise(estimate - reference, std::move(differences), options.level);
      compared.share_better = comparison.resamples == 0 ? 0 : wins[m][k] / comparison.resamples;
      comparison.models[m].compared.push_back(compared);
    }
  }
  return comparison;
}

}  // namespace tocsin::forecast
