// Country risk forecasts from a country-year panel: fit the specification on the
// years up to T - gap, choose lambda by cross-validation, and score every country
// with complete data in year T, with each predictor's contribution.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/core/panel.h"
#include "tocsin/core/result.h"
#include "tocsin/forecast/elastic_net.h"
#include "tocsin/forecast/matrix.h"
#include "tocsin/forecast/model_choices.h"
#include "tocsin/forecast/risk_model.h"
#include "tocsin/forecast/specification.h"

namespace tocsin::forecast {

// The rows of a panel a model trains on, in panel order.
struct TrainingSet {
  Matrix x;                      // rows × predictors
  std::vector<double> y;         // 0/1 target
  std::vector<std::size_t> rows; // panel row of each training row
};

// Rows with year <= `last_year` that are complete on the predictors, the target
// and spec.complete_columns. Errors: NotFound for an absent column;
// FailedPrecondition when no row qualifies or the target has a single class.
Result<TrainingSet> BuildTrainingSet(const Panel& panel, const ModelSpecification& spec, int last_year);

// Where cross-validation folds come from: explicit ids (one per training row),
// or R's generator seeded with spec.seed.
struct FoldSource {
  std::vector<int> fold_ids;  // empty: generate
};

// Reads fold ids in the format of EWP's derived cv_foldid_*.csv (columns
// ewp_name, year, foldid) for every row of `training`: each from 1 to
// `fold_count`, each fold holding some training row, no country-year twice.
// Errors name the file, the line where it can, and any training row the file
// does not cover.
Result<std::vector<int>> ReadFoldFile(const std::string& path, const Panel& panel,
                                      const TrainingSet& training, int fold_count);

// The fields from `lambda` to `nonzero` describe the elastic nets (lambda.min for
// enet, the chosen lambda for enet-stable) and stay empty for xgb and the ensemble.
struct FittedModel {
  int trained_through = 0;
  int training_rows = 0;
  double lambda = 0;        // lambda.min
  double lambda_1se = 0;
  double intercept = 0;
  std::vector<double> coefficients;  // original scale, one per predictor
  std::vector<double> training_means;  // mean of each predictor over the training rows
  // Log-odds of a country-year at the training means: the point that per-country
  // contributions are measured from.
  double baseline_log_odds = 0;
  int nonzero = 0;
  CrossValidation cross_validation;  // enet only
  // What ScoreYear scores with for every model except the uncalibrated reference
  // (null then, so that enet's arithmetic stays exactly glmnet's).
  std::shared_ptr<const RiskModel> learned;
  std::string summary;  // what was chosen inside the training window, for people
  ModelChoices choices;  // the same, for refitting the model without choosing again
};

// Fits spec.model (specification.h) on the rows of `training` only: every choice
// (lambda, tree settings, calibration, ensemble weight) is made by cross-validation
// inside them. `folds` applies to enet's lambda and its calibration; the other
// models draw their folds from spec.seed. Errors: InvalidArgument for an unknown
// model or calibration, and those of the fits.
Result<FittedModel> FitModel(const TrainingSet& training, const ModelSpecification& spec, const FoldSource& folds,
                             int trained_through, int threads = 1);

struct CountryRisk {
  std::size_t panel_row = 0;
  std::string country;
  int cow = 0;
  double probability = 0;
  int rank = 0;                       // 1 = highest; ties share the lowest rank
  double log_odds = 0;
  // Per predictor: coefficient × (value − training mean), so that the log-odds is
  // model.baseline_log_odds plus their sum. Constants shared by every country (the
  // year terms) then add nothing, and what is left says why this country differs.
  std::vector<double> contributions;
  std::optional<int> outcome;         // the target where the panel knows it
};

// Scores every row of year `data_year` complete on the predictors, ranked by risk.
// Errors: OutOfRange when the panel has no row in that year.
Result<std::vector<CountryRisk>> ScoreYear(const Panel& panel, const ModelSpecification& spec,
                                           const FittedModel& model, int data_year);

struct RiskForecast {
  int data_year = 0;
  FittedModel model;
  std::vector<CountryRisk> risks;  // by rank
  double seconds = 0;
};

struct ForecastOptions {
  std::optional<int> data_year;  // default: the panel's last year
  std::string folds_file;        // EWP cv_foldid_*.csv; empty: generate from spec.seed
  int threads = 1;
};

// The forecast from `data_year`, trained on years <= data_year - spec.training_gap.
Result<RiskForecast> ForecastRisk(const Panel& panel, const ModelSpecification& spec, const ForecastOptions& options);

}  // namespace tocsin::forecast
