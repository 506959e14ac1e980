#include "tocsin/forecast/risk_forecast.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "member_fit.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/core/csv_reader.h"
#include "tocsin/forecast/change_variables.h"
#include "tocsin/forecast/r_random.h"

namespace tocsin::forecast {
namespace {

Result<std::vector<std::size_t>> VariableIndexes(const Panel& panel, const std::vector<std::string>& names) {
  std::vector<std::size_t> indexes;
  std::vector<std::string> missing;
  for (const std::string& name : names) {
    const auto index = panel.Variable(name);
    if (index.ok()) {
      indexes.push_back(*index);
    } else {
      missing.push_back("'" + name + "'");
    }
  }
  if (!missing.empty()) {
    return NotFoundError(fmt::format("{}: missing column{} {}", panel.source.empty() ? "panel" : panel.source,
                                     missing.size() > 1 ? "s" : "", fmt::join(missing, ", ")));
  }
  return indexes;
}

// Ranks by decreasing probability; ties share the lowest rank (R's ties.method = "min").
void AssignRanks(std::vector<CountryRisk>& risks) {
  std::stable_sort(risks.begin(), risks.end(),
                   [](const CountryRisk& a, const CountryRisk& b) { return a.probability > b.probability; });
  for (std::size_t i = 0; i < risks.size(); ++i) {
    risks[i].rank = (i > 0 && risks[i].probability == risks[i - 1].probability) ? risks[i - 1].rank
                                                                                 : static_cast<int>(i + 1);
  }
}

}  // namespace

Result<TrainingSet> BuildTrainingSet(const Panel& panel, const ModelSpecification& spec, int last_year) {
  TOCSIN_ASSIGN_OR_RETURN(auto predictors, VariableIndexes(panel, spec.predictors));
  std::vector<std::string> required = spec.complete_columns;
  required.push_back(spec.target);
  TOCSIN_ASSIGN_OR_RETURN(auto complete, VariableIndexes(panel, required));
  const std::size_t target = complete.back();

  TrainingSet training;
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    if (panel.key(row).year > last_year) continue;
    const auto is_missing = [&](std::size_t variable) { return panel.missing(row, variable); };
    if (std::any_of(predictors.begin(), predictors.end(), is_missing)) continue;
    if (std::any_of(complete.begin(), complete.end(), is_missing)) continue;
    training.rows.push_back(row);
  }
  if (training.rows.empty()) {
    return FailedPreconditionError(fmt::format(
        "no complete training rows in years <= {} (the panel covers {}-{}); choose a later year", last_year,
        panel.first_year(), panel.last_year()));
  }
  training.x = Matrix(training.rows.size(), predictors.size());
  training.y.resize(training.rows.size());
  double positives = 0;
  for (std::size_t i = 0; i < training.rows.size(); ++i) {
    for (std::size_t j = 0; j < predictors.size(); ++j) training.x(i, j) = panel.value(training.rows[i], predictors[j]);
    const double outcome = panel.value(training.rows[i], target);
    if (outcome != 0 && outcome != 1) {
      const PanelKey& key = panel.key(training.rows[i]);
      return InvalidArgumentError(fmt::format("{}: {} {}: target '{}' is {}, expected 0 or 1", panel.source,
                                              key.country, key.year, spec.target, outcome));
    }
    training.y[i] = outcome;
    positives += outcome;
  }
  if (positives == 0 || positives == static_cast<double>(training.rows.size())) {
    return FailedPreconditionError(fmt::format("the {} training rows in years <= {} all have {} = {}; a model needs both",
                                               training.rows.size(), last_year, spec.target, positives == 0 ? 0 : 1));
  }
  return training;
}

Result<std::vector<int>> ReadFoldFile(const std::string& path, const Panel& panel,
                                      const TrainingSet& training, int fold_count) {
  TOCSIN_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::Open(path));
  TOCSIN_ASSIGN_OR_RETURN(auto columns, reader.Columns({"ewp_name", "year", "foldid"}));
  struct Assigned {
    int fold = 0;
    std::size_t line = 0;
  };
  std::map<std::pair<std::string, int>, Assigned> folds;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
    if (!more) break;
    TOCSIN_ASSIGN_OR_RETURN(const int year, reader.IntegerIn(columns[1], kFirstYear, kLastYear));
    TOCSIN_ASSIGN_OR_RETURN(const int fold, reader.IntegerIn(columns[2], 1, fold_count));
    std::pair<std::string, int> key = {std::string(reader.Field(columns[0])), year};
    const auto [where, added] = folds.emplace(std::move(key), Assigned{fold, reader.line()});
    if (!added) {
      return InvalidArgumentError(fmt::format("{}:{}: {} {} already has a fold at line {}", path,
                                              reader.line(), where->first.first, year, where->second.line));
    }
  }
  std::vector<int> ids;
  ids.reserve(training.rows.size());
  std::vector<int> rows_in_fold(static_cast<std::size_t>(fold_count) + 1, 0);
  for (std::size_t row : training.rows) {
    const PanelKey& key = panel.key(row);
    const auto found = folds.find({key.country, key.year});
    if (found == folds.end()) {
      return InvalidArgumentError(
          fmt::format("{}: no fold id for training row {} {}; the file must cover every training row", path,
                      key.country, key.year));
    }
    ids.push_back(found->second.fold);
    ++rows_in_fold[static_cast<std::size_t>(found->second.fold)];
  }
  for (int fold = 1; fold <= fold_count; ++fold) {
    if (rows_in_fold[static_cast<std::size_t>(fold)] == 0) {
      return InvalidArgumentError(fmt::format(
          "{}: fold {} has no training row; the cross-validation has {} folds and each must hold some", path,
          fold, fold_count));
    }
  }
  return ids;
}

namespace {

// Every model but the reference: fit, calibrate, and record what was chosen.
Result<FittedModel> FitLearnedModel(const TrainingSet& training, const ModelSpecification& spec, ModelKind kind,
                                    CalibrationMethod calibration, int trained_through) {
  MemberFit member;
  if (kind == ModelKind::kEnsemble) {
    TOCSIN_ASSIGN_OR_RETURN(member, FitEnsemble(training, spec, calibration));
  } else {
    if (kind == ModelKind::kStableElasticNet) {
      TOCSIN_ASSIGN_OR_RETURN(member, FitStableElasticNet(training, spec));
    } else {
      TOCSIN_ASSIGN_OR_RETURN(member, FitBoostedTrees(training, spec));
    }
    TOCSIN_ASSIGN_OR_RETURN(member, CalibrateMember(std::move(member), calibration, training.y));
  }
  FittedModel model;
  model.trained_through = trained_through;
  model.training_rows = static_cast<int>(training.rows.size());
  model.learned = member.model;
  model.summary = member.summary;
  model.choices = member.choices;
  if (member.linear) {
    model.lambda = member.linear->lambda;
    model.intercept = member.linear->intercept;
    model.coefficients = member.linear->coefficients;
    model.training_means = member.linear->means;
    model.nonzero = member.linear->nonzero;
    model.baseline_log_odds = model.intercept;
    for (std::size_t j = 0; j < model.coefficients.size(); ++j) {
      model.baseline_log_odds += model.coefficients[j] * model.training_means[j];
    }
  }
  return model;
}

}  // namespace

Result<FittedModel> FitModel(const TrainingSet& training, const ModelSpecification& spec, const FoldSource& folds,
                             int trained_through, int threads) {
  TOCSIN_ASSIGN_OR_RETURN(const ModelKind kind, ParseModelKind(spec.model));
  TOCSIN_ASSIGN_OR_RETURN(const CalibrationMethod calibration, ParseCalibrationMethod(spec.calibration));
  if (kind != ModelKind::kReference) return FitLearnedModel(training, spec, kind, calibration, trained_through);
  std::vector<int> fold_ids = folds.fold_ids;
  if (fold_ids.empty()) fold_ids = RFoldIds(spec.seed, static_cast<int>(training.rows.size()), spec.folds);
  TOCSIN_ASSIGN_OR_RETURN(CrossValidation cv,
                          CrossValidateElasticNet(training.x, training.y, fold_ids, spec.elastic_net, threads));
  FittedModel model;
  model.trained_through = trained_through;
  model.training_rows = static_cast<int>(training.rows.size());
  model.lambda = cv.lambda_min();
  model.lambda_1se = cv.lambda_1se();
  model.intercept = cv.fit.intercepts[cv.index_min];
  model.coefficients = cv.fit.coefficients[cv.index_min];
  model.nonzero = cv.fit.NonZero(cv.index_min);
  model.training_means.assign(training.x.cols(), 0.0);
  model.baseline_log_odds = model.intercept;
  for (std::size_t j = 0; j < training.x.cols(); ++j) {
    double sum = 0;
    for (std::size_t i = 0; i < training.x.rows(); ++i) sum += training.x(i, j);
    model.training_means[j] = sum / static_cast<double>(training.x.rows());
    model.baseline_log_odds += model.coefficients[j] * model.training_means[j];
  }
  model.cross_validation = std::move(cv);
  model.summary = fmt::format("enet, lambda.min {:.6g} by 10-fold CV, {} non-zero", model.lambda, model.nonzero);
  if (calibration != CalibrationMethod::kNone) {
    LinearFit reference{model.lambda, model.intercept, model.coefficients, model.training_means, model.nonzero};
    TOCSIN_ASSIGN_OR_RETURN(MemberFit member, FitReferenceMember(training, spec, fold_ids, std::move(reference)));
    TOCSIN_ASSIGN_OR_RETURN(member, CalibrateMember(std::move(member), calibration, training.y));
    model.learned = member.model;
    model.summary += fmt::format(", {} calibration on out-of-fold predictions", CalibrationMethodName(calibration));
  }
  model.choices.lambda = model.lambda;
  model.choices.fold_ids = std::move(fold_ids);
  return model;
}

Result<std::vector<CountryRisk>> ScoreYear(const Panel& panel, const ModelSpecification& spec,
                                           const FittedModel& model, int data_year) {
  if (data_year < panel.first_year() || data_year > panel.last_year()) {
    return OutOfRangeError(fmt::format("year {} is outside the panel ({}-{})", data_year, panel.first_year(),
                                       panel.last_year()));
  }
  TOCSIN_ASSIGN_OR_RETURN(auto predictors, VariableIndexes(panel, spec.predictors));
  const auto target = panel.Variable(spec.target);
  std::vector<CountryRisk> risks;
  if (model.learned) {
    std::vector<std::size_t> rows;
    for (std::size_t row = 0; row < panel.rows(); ++row) {
      if (panel.key(row).year != data_year) continue;
      if (std::any_of(predictors.begin(), predictors.end(), [&](std::size_t v) { return panel.missing(row, v); })) {
        continue;
      }
      rows.push_back(row);
    }
    if (rows.empty()) return OutOfRangeError(fmt::format("no country has complete predictors in year {}", data_year));
    Matrix x(rows.size(), predictors.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (std::size_t j = 0; j < predictors.size(); ++j) x(i, j) = panel.value(rows[i], predictors[j]);
    }
    TOCSIN_ASSIGN_OR_RETURN(const ModelScores scores, model.learned->Score(x));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      CountryRisk risk;
      risk.panel_row = rows[i];
      risk.country = panel.key(rows[i]).country;
      risk.cow = panel.key(rows[i]).cow;
      risk.probability = scores.probabilities[i];
      risk.log_odds = std::log(risk.probability / (1.0 - risk.probability));
      risk.contributions.resize(predictors.size());
      for (std::size_t j = 0; j < predictors.size(); ++j) risk.contributions[j] = scores.contributions(i, j);
      if (target.ok() && !panel.missing(rows[i], *target)) {
        risk.outcome = static_cast<int>(panel.value(rows[i], *target));
      }
      risks.push_back(std::move(risk));
    }
    AssignRanks(risks);
    return risks;
  }
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    if (panel.key(row).year != data_year) continue;
    if (std::any_of(predictors.begin(), predictors.end(), [&](std::size_t v) { return panel.missing(row, v); })) {
      continue;
    }
    CountryRisk risk;
    risk.panel_row = row;
    risk.country = panel.key(row).country;
    risk.cow = panel.key(row).cow;
    // The log-odds is summed exactly as glmnet's predict does (intercept + x·beta);
    // contributions are an explanation of it, not a second computation path.
    risk.log_odds = model.intercept;
    risk.contributions.resize(predictors.size());
    for (std::size_t j = 0; j < predictors.size(); ++j) {
      const double value = panel.value(row, predictors[j]);
      risk.log_odds += model.coefficients[j] * value;
      const double mean = j < model.training_means.size() ? model.training_means[j] : 0.0;
      risk.contributions[j] = model.coefficients[j] * (value - mean);
    }
    risk.probability = Logistic(risk.log_odds);
    if (target.ok() && !panel.missing(row, *target)) risk.outcome = static_cast<int>(panel.value(row, *target));
    risks.push_back(std::move(risk));
  }
  if (risks.empty()) {
    return OutOfRangeError(fmt::format("no country has complete predictors in year {}", data_year));
  }
  AssignRanks(risks);
  return risks;
}

Result<RiskForecast> ForecastRisk(const Panel& given, const ModelSpecification& spec,
                                  const ForecastOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TOCSIN_ASSIGN_OR_RETURN(const std::optional<Panel> derived, AddChangeVariables(given, spec.predictors));
  const Panel& panel = derived ? *derived : given;
  RiskForecast forecast;
  forecast.data_year = options.data_year.value_or(panel.last_year());
  if (forecast.data_year < panel.first_year() || forecast.data_year > panel.last_year()) {
    return OutOfRangeError(fmt::format("year {} is outside the panel ({}-{})", forecast.data_year,
                                       panel.first_year(), panel.last_year()));
  }
  const int trained_through = forecast.data_year - spec.training_gap;
  TOCSIN_ASSIGN_OR_RETURN(TrainingSet training, BuildTrainingSet(panel, spec, trained_through));
  FoldSource folds;
  if (!options.folds_file.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(folds.fold_ids, ReadFoldFile(options.folds_file, panel, training, spec.folds));
  }
  TOCSIN_ASSIGN_OR_RETURN(forecast.model, FitModel(training, spec, folds, trained_through, options.threads));
  TOCSIN_ASSIGN_OR_RETURN(forecast.risks, ScoreYear(panel, spec, forecast.model, forecast.data_year));
  forecast.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return forecast;
}

}  // namespace tocsin::forecast
