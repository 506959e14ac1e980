// Converts forecasts and backtests into the store's run records, and back.
#pragma once

#include <nlohmann/json.hpp>

#include "tocsin/core/panel.h"
#include "tocsin/forecast/backtest.h"
#include "tocsin/forecast/risk_forecast.h"
#include "tocsin/store/run_repository.h"

namespace tocsin::cli {

store::ModelRunRecord ForecastRecord(const forecast::RiskForecast& forecast, const forecast::ModelSpecification& spec,
                                     std::int64_t dataset_id, const Panel& panel);

store::ModelRunRecord BacktestRecord(const forecast::BacktestResult& backtest, const forecast::ModelSpecification& spec,
                                     const forecast::BacktestOptions& options, std::int64_t dataset_id,
                                     const Panel& panel);

// The backtest's headline metrics (what `backtest --format json` prints).
nlohmann::json BacktestMetricsJson(const forecast::BacktestMetrics& metrics);

}  // namespace tocsin::cli
