// Comparing backtests of several models on the same country-years, with a paired
// bootstrap over onset years: each resample draws whole years with replacement
// and scores every model on the same draw, so that the interval of a difference
// reflects how much the two models disagree, not how noisy each is alone.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/forecast/backtest.h"

namespace tocsin::forecast {

struct BootstrapOptions {
  int resamples = 1000;
  std::uint64_t seed = 90035;
  double level = 0.95;  // central share of the resampled values in an interval
};

// What counts as better for a metric.
enum class Direction {
  kHigher,        // AUC, average precision, recall, share >= 4%, Brier skill
  kLower,         // Brier, log loss
  kCloserToOne,   // calibration slope
  kCloserToZero,  // calibration intercept
};

// The headline metrics in table order, with the direction of each.
struct MetricDefinition {
  const char* name;
  Direction direction;
};
const std::vector<MetricDefinition>& ComparedMetrics();

struct Interval {
  double estimate = 0;  // on the actual years
  double lower = 0;     // percentile bootstrap
  double upper = 0;
};

struct ComparedMetric {
  Interval value;
  Interval difference;      // this model minus the reference
  double share_better = 0;  // resamples in which this model beats the reference
};

struct ComparedModel {
  std::string model;
  BacktestMetrics metrics;              // on the actual years
  std::vector<ComparedMetric> compared;  // one per ComparedMetrics()
};

struct ModelComparison {
  std::string reference;
  int resamples = 0;  // resamples scored (a draw without an onset cannot be)
  double level = 0;
  std::vector<ComparedModel> models;  // the reference first
};

struct NamedBacktest {
  std::string model;
  std::vector<ScoredCountryYear> scored;
};

// Compares `backtests`, the first being the reference. Errors: InvalidArgument when
// there are none, when they do not score the same country-years in the same order,
// or when options are out of range; those of ScoreMaxRisk on the actual years.
// Pure and deterministic for a given seed.
Result<ModelComparison> CompareBacktests(const std::vector<NamedBacktest>& backtests, const BootstrapOptions& options);

// The value of ComparedMetrics()[index] in `metrics`.
double MetricValue(const BacktestMetrics& metrics, std::size_t index);

}  // namespace tocsin::forecast
