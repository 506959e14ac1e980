#include "run_records.h"

#include <map>

#include "tocsin/core/country_registry.h"

namespace tocsin::cli {
namespace {

std::optional<int> GwOf(int cow, int year) {
  const Country* country = CountryRegistry::Default().ByCow(cow, year);
  if (country == nullptr) return std::nullopt;
  return country->gw;
}

store::ForecastRecord RiskRecord(const forecast::CountryRisk& risk, int data_year,
                                 const std::vector<std::string>& predictors, bool with_contributions) {
  store::ForecastRecord record;
  record.data_year = data_year;
  record.cow = risk.cow;
  record.gw = GwOf(risk.cow, data_year);
  record.country = risk.country;
  record.probability = risk.probability;
  record.rank = risk.rank;
  record.outcome = risk.outcome;
  if (with_contributions) {
    nlohmann::json contributions = nlohmann::json::object();
    for (std::size_t j = 0; j < predictors.size(); ++j) {
      if (risk.contributions[j] != 0) contributions[predictors[j]] = risk.contributions[j];
    }
    record.contributions_json = contributions.dump();
  }
  return record;
}

}  // namespace

store::ModelRunRecord ForecastRecord(const forecast::RiskForecast& forecast, const forecast::ModelSpecification& spec,
                                     std::int64_t dataset_id, const Panel& panel) {
  store::ModelRunRecord run;
  run.kind = "forecast";
  run.model = spec.model;
  run.specification_json = spec.ToJson();
  run.dataset_id = dataset_id;
  run.data_hash = panel.data_hash;
  run.trained_through = forecast.model.trained_through;
  run.forecast_year = forecast.data_year;
  run.training_rows = forecast.model.training_rows;
  run.lambda = forecast.model.lambda;
  nlohmann::json coefficients = {{"(Intercept)", forecast.model.intercept}};
  for (std::size_t j = 0; j < spec.predictors.size(); ++j) coefficients[spec.predictors[j]] = forecast.model.coefficients[j];
  run.coefficients_json = coefficients.dump();
  const auto& cv = forecast.model.cross_validation;
  run.metrics_json = nlohmann::json{{"lambda_min", forecast.model.lambda},
                                    {"lambda_1se", forecast.model.lambda_1se},
                                    {"nonzero", forecast.model.nonzero},
                                    {"baseline_log_odds", forecast.model.baseline_log_odds},
                                    {"cv_deviance_min", cv.mean_deviance[cv.index_min]},
                                    {"lambdas", cv.fit.lambdas.size()}}
                         .dump();
  run.seconds = forecast.seconds;
  for (const forecast::CountryRisk& risk : forecast.risks) {
    run.forecasts.push_back(RiskRecord(risk, forecast.data_year, spec.predictors, true));
  }
  return run;
}

nlohmann::json BacktestMetricsJson(const forecast::BacktestMetrics& metrics) {
  return {{"first_year", metrics.first_year},
          {"last_year", metrics.last_year},
          {"country_years", metrics.country_years},
          {"onsets", metrics.onsets},
          {"auc", metrics.auc},
          {"recall_at_10", metrics.recall_at_10},
          {"recall_at_20", metrics.recall_at_20},
          {"recall_at_30", metrics.recall_at_30},
          {"share_at_4_percent", metrics.share_at_4_percent},
          {"share_at_2_5_percent", metrics.share_at_2_5_percent},
          {"false_positives_per_true_positive_at_4_percent", metrics.false_positives_per_true_positive_at_4_percent},
          {"brier", metrics.brier},
          {"brier_skill", metrics.brier_skill},
          {"base_rate", metrics.base_rate},
          {"log_loss", metrics.log_loss}};
}

store::ModelRunRecord BacktestRecord(const forecast::BacktestResult& backtest, const forecast::ModelSpecification& spec,
                                     const forecast::BacktestOptions& options, std::int64_t dataset_id,
                                     const Panel& panel) {
  store::ModelRunRecord run;
  run.kind = "backtest";
  run.model = spec.model;
  nlohmann::json specification = nlohmann::json::parse(spec.ToJson());
  specification["backtest"] = {{"first_training_year", options.first_training_year},
                               {"last_training_year", options.last_training_year},
                               {"onset", options.onset}};
  run.specification_json = specification.dump();
  run.dataset_id = dataset_id;
  run.data_hash = panel.data_hash;
  run.trained_through = options.last_training_year;
  nlohmann::json metrics = BacktestMetricsJson(backtest.metrics);
  nlohmann::json calibration = nlohmann::json::array();
  for (const auto& group : backtest.metrics.calibration) {
    calibration.push_back({{"count", group.count},
                           {"mean_predicted", group.mean_predicted},
                           {"observed_rate", group.observed_rate},
                           {"lowest", group.lowest_predicted},
                           {"highest", group.highest_predicted}});
  }
  metrics["calibration"] = calibration;
  metrics["roc"] = {{"fpr", backtest.metrics.roc.false_positive_rates}, {"tpr", backtest.metrics.roc.true_positive_rates}};
  nlohmann::json years = nlohmann::json::array();
  std::map<int, std::pair<int, int>> onsets_by_year;  // year -> (onsets, caught in top 30)
  for (const auto& row : backtest.scored) {
    if (row.onset == 1) {
      auto& [onsets, caught] = onsets_by_year[row.year];
      ++onsets;
      if (row.min_rank <= 30) ++caught;
    }
  }
  for (const auto& year : backtest.years) {
    const auto& [onsets, caught] = onsets_by_year[year.data_year + 1];
    years.push_back({{"trained_through", year.trained_through},
                     {"data_year", year.data_year},
                     {"lambda", year.lambda},
                     {"training_rows", year.training_rows},
                     {"nonzero", year.nonzero},
                     {"onsets_next_year", onsets},
                     {"onsets_next_year_top30", caught}});
  }
  metrics["years"] = years;
  nlohmann::json onsets = nlohmann::json::array();
  for (const auto& row : backtest.scored) {
    if (row.onset == 1) {
      onsets.push_back({{"year", row.year}, {"country", row.country}, {"maxrisk2", row.max_risk}, {"minrank2", row.min_rank}});
    }
  }
  metrics["onset_rows"] = onsets;
  run.metrics_json = metrics.dump();
  run.seconds = backtest.seconds;
  for (const auto& year : backtest.years) {
    for (const auto& risk : year.risks) run.forecasts.push_back(RiskRecord(risk, year.data_year, spec.predictors, false));
  }
  return run;
}

}  // namespace tocsin::cli
