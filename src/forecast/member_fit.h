// Fitting the models other than the uncalibrated reference. Each fit returns the
// model trained on every row of the training window and its out-of-fold
// predictions on those rows (each from a model that did not see the row), from
// which calibration and ensemble weights are chosen without leaving the window.
#pragma once

#include <cmath>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/forecast/calibration.h"
#include "tocsin/forecast/model_choices.h"
#include "tocsin/forecast/risk_forecast.h"
#include "tocsin/forecast/risk_model.h"
#include "tocsin/forecast/specification.h"

namespace tocsin::forecast {

// The probability of log-odds `log_odds`.
inline double Logistic(double log_odds) {
  return 1.0 / (1.0 + std::exp(-log_odds));
}

// A penalised logistic model at one lambda, on the original scale.
struct LinearFit {
  double lambda = 0;
  double intercept = 0;
  std::vector<double> coefficients;
  std::vector<double> means;  // training means, the origin of contributions
  int nonzero = 0;
};

struct MemberFit {
  std::shared_ptr<const RiskModel> model;
  std::vector<double> out_of_fold;  // one probability per training row
  std::string summary;              // what was chosen, for people
  std::optional<LinearFit> linear;  // set for the elastic nets
  ModelChoices choices;             // what was chosen, to refit without choosing again
};

// The rows of `x` listed in `rows`, in that order.
Matrix SelectRows(const Matrix& x, const std::vector<std::size_t>& rows);

// Rows of fold `fold` (held out) and the others (trained on), by fold id.
void SplitFold(std::span<const int> fold_ids, int fold, std::vector<std::size_t>* train,
               std::vector<std::size_t>* held_out);

std::shared_ptr<const RiskModel> MakeLinearModel(LinearFit fit);

// The reference model at its lambda.min, with out-of-fold predictions from the
// same folds (each fold's own glmnet path read at lambda.min, as cv.glmnet does).
Result<MemberFit> FitReferenceMember(const TrainingSet& training, const ModelSpecification& spec,
                                     std::span<const int> fold_ids, LinearFit reference);

// enet-stable (specification.h).
Result<MemberFit> FitStableElasticNet(const TrainingSet& training, const ModelSpecification& spec);

// xgb: settings chosen by inner cross-validation on log loss.
Result<MemberFit> FitBoostedTrees(const TrainingSet& training, const ModelSpecification& spec);

// The elastic net fitted at one `lambda` given in advance (glmnet's path of one
// value). Errors: FailedPrecondition when that path is empty.
Result<ElasticNetCoefficients> FitAtLambda(const Matrix& x, std::span<const double> y,
                                           const ElasticNetOptions& options, double lambda);

// The elastic net at a `lambda` already chosen, on every row of `training`, and
// the mean over `fold_draws` (each a fold id, 1..k, per row) of the out-of-fold
// predictions at that lambda; no draws: no out-of-fold predictions. A fold
// without rows is skipped. For refitting on resampled rows (risk_interval.h).
Result<MemberFit> FitElasticNetAt(const TrainingSet& training, const ModelSpecification& spec, double lambda,
                                  std::span<const std::vector<int>> fold_draws);

// xgb at a `setting` already chosen, with out-of-fold predictions from the folds
// `fold_ids` (1..k per row; empty: none). For refitting on resampled rows.
Result<MemberFit> FitBoostedTreesAt(const TrainingSet& training, const ModelSpecification& spec,
                                    const TreeSetting& setting, std::span<const int> fold_ids);

// Wraps `member` in a calibrator fitted on its out-of-fold predictions; the
// out-of-fold predictions are mapped through it too. kNone returns it unchanged.
Result<MemberFit> CalibrateMember(MemberFit member, CalibrationMethod method, std::span<const double> outcomes);

// The ensemble (specification.h): members calibrated with `method` (Platt when none).
Result<MemberFit> FitEnsemble(const TrainingSet& training, const ModelSpecification& spec, CalibrationMethod method);

// linear_weight × `linear` + (1 − linear_weight) × `trees`, out-of-fold predictions
// included, with both members' choices. A member whose weight is 0 may be empty.
MemberFit CombineMembers(const MemberFit& linear, const MemberFit& trees, double linear_weight);

}  // namespace tocsin::forecast
