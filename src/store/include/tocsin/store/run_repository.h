// Model runs (a forecast or a backtest) and the forecasts they made.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/store/store.h"

namespace tocsin::store {

struct ForecastRecord {
  int data_year = 0;               // the forecast is made from this year's data
  int cow = 0;
  std::optional<int> gw;
  std::string country;
  double probability = 0;
  int rank = 0;                    // 1 = highest risk among the run's forecasts for data_year
  std::optional<int> outcome;      // known outcome (backtests)
  std::string contributions_json;  // {"variable": contribution to the log-odds, ...}
  // The bootstrap interval of `probability` (ModelRunRecord::interval); none
  // when the run has no intervals.
  std::optional<double> risk_lower = {};
  std::optional<double> risk_upper = {};
};

// How a run's risk intervals were made: of `resamples` bootstrap refits asked
// for, `used` could be fitted; each interval holds the central `level` of their risks.
struct IntervalRecord {
  double level = 0;
  int resamples = 0;
  int used = 0;
};

struct ModelRunRecord {
  std::int64_t id = 0;              // set by SaveModelRun
  std::string kind;                 // "forecast" or "backtest"
  std::string model;                // e.g. "enet"
  std::string specification_json;
  std::int64_t dataset_id = 0;
  std::string data_hash;
  std::optional<int> trained_through;
  std::optional<int> forecast_year;
  std::optional<int> training_rows;
  std::optional<double> lambda;
  std::string metrics_json;
  std::string coefficients_json;
  double seconds = 0;
  std::string created_at;           // set by SaveModelRun (UTC, ISO 8601)
  std::optional<IntervalRecord> interval;  // absent: no risk intervals were asked for
  std::vector<ForecastRecord> forecasts;
};

// Stores a run and its forecasts in one transaction; returns the run id. A
// forecast's interval is refused (and nothing stored) unless it holds
// 0 <= risk_lower <= risk_upper <= 1.
Result<std::int64_t> SaveModelRun(Store& store, ModelRunRecord run);

struct RunQuery {
  std::string kind = "forecast";
  std::optional<std::string> model;
  std::optional<int> forecast_year;
};

// The most recent run matching `query`, with its forecasts ordered by data year
// and rank. NotFound when there is none.
Result<ModelRunRecord> LoadLatestRun(Store& store, const RunQuery& query);

}  // namespace tocsin::store
