#include "run_records.h"

#include <fmt/format.h>

#include <filesystem>
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

nlohmann::json CalibrationJson(const std::vector<forecast::CalibrationGroup>& groups) {
  nlohmann::json calibration = nlohmann::json::array();
  for (const auto& group : groups) {
    calibration.push_back({{"count", group.count},
                           {"mean_predicted", group.mean_predicted},
                           {"observed_rate", group.observed_rate},
                           {"lowest", group.lowest_predicted},
                           {"highest", group.highest_predicted}});
  }
  return calibration;
}

}  // namespace

std::string RunModelName(const forecast::ModelSpecification& spec) {
  const forecast::ModelSpecification defaults;
  std::string name = spec.model;
  if (spec.predictors != defaults.predictors) name += "+changes";
  if (spec.calibration != defaults.calibration) name += "+" + spec.calibration;
  if (spec.target != defaults.target) name += "@" + spec.target;
  return name;
}

Result<std::vector<forecast::ScoredCountryYear>> LoadSavedBacktest(store::Store& store, const Panel& panel,
                                                                   const forecast::ModelSpecification& spec,
                                                                   const forecast::BacktestOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(store::ModelRunRecord saved,
                          store::LoadLatestRun(store, {"backtest", RunModelName(spec), std::nullopt}));
  const std::string expected = BacktestRecord({}, spec, options, 0, panel).specification_json;
  if (saved.data_hash != panel.data_hash || saved.specification_json != expected) {
    return NotFoundError(fmt::format("no saved backtest of {} with this panel and specification", RunModelName(spec)));
  }
  std::map<int, forecast::BacktestYear> years;
  for (const store::ForecastRecord& record : saved.forecasts) {
    forecast::BacktestYear& year = years[record.data_year];
    year.data_year = record.data_year;
    forecast::CountryRisk risk;
    risk.country = record.country;
    risk.cow = record.cow;
    risk.probability = record.probability;
    risk.rank = record.rank;
    year.risks.push_back(std::move(risk));
  }
  std::vector<forecast::BacktestYear> ordered;
  for (auto& [data_year, year] : years) ordered.push_back(std::move(year));
  return forecast::ScoreBacktestYears(panel, ordered, options, spec.training_gap);
}

store::ModelRunRecord ComparisonRecord(const forecast::ModelComparison& comparison, std::int64_t dataset_id,
                                       const Panel& panel, double seconds) {
  store::ModelRunRecord run;
  // The store keeps forecasts and backtests only; a comparison is a backtest of
  // several models, stored under one name the report can ask for.
  run.kind = "backtest";
  run.model = kComparisonRunModel;
  run.dataset_id = dataset_id;
  run.data_hash = panel.data_hash;
  run.seconds = seconds;
  nlohmann::json models = nlohmann::json::array();
  for (const auto& model : comparison.models) {
    nlohmann::json metrics = nlohmann::json::array();
    for (std::size_t k = 0; k < model.compared.size(); ++k) {
      const auto& compared = model.compared[k];
      metrics.push_back({{"name", forecast::ComparedMetrics()[k].name},
                         {"value", compared.value.estimate},
                         {"lower", compared.value.lower},
                         {"upper", compared.value.upper},
                         {"difference", compared.difference.estimate},
                         {"difference_lower", compared.difference.lower},
                         {"difference_upper", compared.difference.upper},
                         {"share_better", compared.share_better}});
    }
    models.push_back({{"model", model.model},
                      {"metrics", metrics},
                      {"calibration", CalibrationJson(model.metrics.calibration)}});
  }
  run.specification_json = nlohmann::json{{"reference", comparison.reference}}.dump();
  run.metrics_json = nlohmann::json{{"reference", comparison.reference},
                                    {"resamples", comparison.resamples},
                                    {"level", comparison.level},
                                    {"models", models}}
                         .dump();
  return run;
}

Status RecordFoldsFile(store::ModelRunRecord& run, const std::string& path) {
  TOCSIN_ASSIGN_OR_RETURN(const std::string sha256, Sha256File(path));
  nlohmann::json specification = nlohmann::json::parse(run.specification_json);
  specification.erase("seed");
  specification["folds_file"] = {{"name", std::filesystem::path(path).filename().string()},
                                 {"sha256", sha256}};
  run.specification_json = specification.dump();
  return Status::Ok();
}

store::ModelRunRecord ForecastRecord(const forecast::RiskForecast& forecast, const forecast::ModelSpecification& spec,
                                     std::int64_t dataset_id, const Panel& panel) {
  store::ModelRunRecord run;
  run.kind = "forecast";
  run.model = RunModelName(spec);
  run.specification_json = spec.ToJson();
  run.dataset_id = dataset_id;
  run.data_hash = panel.data_hash;
  run.trained_through = forecast.model.trained_through;
  run.forecast_year = forecast.data_year;
  run.training_rows = forecast.model.training_rows;
  run.lambda = forecast.model.lambda;
  // Trees and the ensemble have no coefficients; their record holds the summary.
  nlohmann::json coefficients = nlohmann::json::object();
  if (forecast.model.coefficients.size() == spec.predictors.size()) {
    coefficients["(Intercept)"] = forecast.model.intercept;
    for (std::size_t j = 0; j < spec.predictors.size(); ++j) {
      coefficients[spec.predictors[j]] = forecast.model.coefficients[j];
    }
  }
  run.coefficients_json = coefficients.dump();
  const auto& cv = forecast.model.cross_validation;
  nlohmann::json metrics = {{"lambda_min", forecast.model.lambda},
                            {"lambda_1se", forecast.model.lambda_1se},
                            {"nonzero", forecast.model.nonzero},
                            {"baseline_log_odds", forecast.model.baseline_log_odds},
                            {"summary", forecast.model.summary}};
  if (!cv.mean_deviance.empty()) {
    metrics["cv_deviance_min"] = cv.mean_deviance[cv.index_min];
    metrics["lambdas"] = cv.fit.lambdas.size();
  }
  run.metrics_json = metrics.dump();
  run.seconds = forecast.seconds;
  for (const forecast::CountryRisk& risk : forecast.risks) {
    run.forecasts.push_back(RiskRecord(risk, forecast.data_year, spec.predictors, true));
  }
  return run;
}

void AddRiskIntervals(store::ModelRunRecord& run, const forecast::RiskIntervals& intervals, double level) {
  run.interval =
      store::IntervalRecord{.level = level, .resamples = intervals.resamples, .used = intervals.used};
  std::map<int, const forecast::RiskInterval*> by_country;
  for (const forecast::RiskInterval& interval : intervals.countries) by_country[interval.cow] = &interval;
  for (store::ForecastRecord& record : run.forecasts) {
    const auto interval = by_country.find(record.cow);
    if (interval == by_country.end()) continue;
    record.risk_lower = interval->second->lower;
    record.risk_upper = interval->second->upper;
  }
}

void AddModelOptions(CLI::App* command, std::string& model, std::string& calibration, std::string& target,
                     std::optional<double>& ensemble_weight, bool& changes) {
  command->add_option("--model", model, "Risk model: enet (EWP's, reproduced), enet-stable, xgb or ensemble")
      ->check(CLI::IsMember({"enet", "enet-stable", "xgb", "ensemble"}))
      ->capture_default_str();
  command->add_option("--calibration", calibration,
                      "Recalibration fitted inside each training window: none, platt or isotonic")
      ->check(CLI::IsMember({"none", "platt", "isotonic"}))
      ->capture_default_str();
  command->add_option("--target", target, "Outcome modelled: mk_onset_1or2 (onset in 2 years) or mk_onset_1 (1 year)")
      ->check(CLI::IsMember({"mk_onset_1or2", "mk_onset_1"}))
      ->capture_default_str();
  command
      ->add_option(
          "--ensemble-weight", ensemble_weight,
          "ensemble: weight on its calibrated enet-stable member, fixed in advance (0 to 1; xgb gets the "
          "rest) instead of chosen by inner cross-validation")
      ->check(CLI::Range(0.0, 1.0));
  command->add_flag(
      "--changes", changes,
      "Models other than enet also get the 1- to 3-year changes of 15 of EWP's predictors "
      "(docs/model.md): a variable set fixed in advance, not chosen inside the training window");
}

Status CheckChangesApply(const std::string& model) {
  if (model != "enet") return Status::Ok();
  return InvalidArgumentError(
      "--changes: enet is EWP's model reproduced, on its 39 predictors; use enet-stable, xgb or ensemble");
}

nlohmann::json BacktestMetricsJson(const forecast::BacktestMetrics& metrics) {
  return {{"first_year", metrics.first_year},
          {"last_year", metrics.last_year},
          {"country_years", metrics.country_years},
          {"onsets", metrics.onsets},
          {"auc", metrics.auc},
          {"average_precision", metrics.average_precision},
          {"recall_at_10", metrics.recall_at_10},
          {"recall_at_20", metrics.recall_at_20},
          {"recall_at_30", metrics.recall_at_30},
          {"share_at_4_percent", metrics.share_at_4_percent},
          {"share_at_2_5_percent", metrics.share_at_2_5_percent},
          {"false_positives_per_true_positive_at_4_percent", metrics.false_positives_per_true_positive_at_4_percent},
          {"brier", metrics.brier},
          {"brier_skill", metrics.brier_skill},
          {"base_rate", metrics.base_rate},
          {"log_loss", metrics.log_loss},
          {"calibration_slope", metrics.calibration_slope},
          {"calibration_intercept", metrics.calibration_intercept}};
}

store::ModelRunRecord BacktestRecord(const forecast::BacktestResult& backtest, const forecast::ModelSpecification& spec,
                                     const forecast::BacktestOptions& options, std::int64_t dataset_id,
                                     const Panel& panel) {
  store::ModelRunRecord run;
  run.kind = "backtest";
  run.model = RunModelName(spec);
  nlohmann::json specification = nlohmann::json::parse(spec.ToJson());
  specification["backtest"] = {{"first_training_year", options.first_training_year},
                               {"last_training_year", options.last_training_year},
                               {"onset", options.onset}};
  run.specification_json = specification.dump();
  run.dataset_id = dataset_id;
  run.data_hash = panel.data_hash;
  run.trained_through = options.last_training_year;
  nlohmann::json metrics = BacktestMetricsJson(backtest.metrics);
  metrics["calibration"] = CalibrationJson(backtest.metrics.calibration);
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
