// Converts forecasts and backtests into the store's run records, and back.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "tocsin/core/panel.h"
#include "tocsin/forecast/backtest.h"
#include "tocsin/forecast/model_comparison.h"
#include "tocsin/forecast/risk_forecast.h"
#include "tocsin/forecast/risk_interval.h"
#include "tocsin/store/run_repository.h"

namespace tocsin::cli {

// The name a run is stored under: the model, then "+calibration" and
// "@target" when they are not the defaults, so that `enet` always means EWP's model.
std::string RunModelName(const forecast::ModelSpecification& spec);

// Records in `run`'s specification the fold file its cross-validation used (its
// name and SHA-256) in place of the seed, which then chose nothing: a run must
// say how it can be made again.
Status RecordFoldsFile(store::ModelRunRecord& run, const std::string& path);

store::ModelRunRecord ForecastRecord(const forecast::RiskForecast& forecast, const forecast::ModelSpecification& spec,
                                     std::int64_t dataset_id, const Panel& panel);

// Adds `intervals`, made at `level`, to the forecast run `run`: the run's counts
// of resamples asked for and used, and each forecast's risk_lower and risk_upper
// (matched by country).
void AddRiskIntervals(store::ModelRunRecord& run, const forecast::RiskIntervals& intervals, double level);

store::ModelRunRecord BacktestRecord(const forecast::BacktestResult& backtest, const forecast::ModelSpecification& spec,
                                     const forecast::BacktestOptions& options, std::int64_t dataset_id,
                                     const Panel& panel);

// Adds --model, --calibration and --target, the choices a run records in its
// specification, to `command` (forecast and backtest take the same ones).
void AddModelOptions(CLI::App* command, std::string& model, std::string& calibration, std::string& target,
                     std::optional<double>& ensemble_weight, bool& changes);

// `--changes` with `model`: InvalidArgument for enet, which stays on EWP's predictors.
Status CheckChangesApply(const std::string& model);

// The backtest saved in `store` for `spec` and `options` on this panel, rescored
// without refitting; NotFound when there is none with the same specification.
// The caller decides whether a saved run is trustworthy (it may come from an
// older build).
Result<std::vector<forecast::ScoredCountryYear>> LoadSavedBacktest(store::Store& store, const Panel& panel,
                                                                   const forecast::ModelSpecification& spec,
                                                                   const forecast::BacktestOptions& options);

// The backtest's headline metrics (what `backtest --format json` prints).
nlohmann::json BacktestMetricsJson(const forecast::BacktestMetrics& metrics);

inline constexpr const char* kComparisonRunModel = "comparison";

// A comparison as a backtest run of model kComparisonRunModel (the models it
// compared are in its metrics):
// every metric with its interval, difference and share better, and each model's
// calibration deciles for the report's reliability diagrams.
store::ModelRunRecord ComparisonRecord(const forecast::ModelComparison& comparison, std::int64_t dataset_id,
                                       const Panel& panel, double seconds);

}  // namespace tocsin::cli
