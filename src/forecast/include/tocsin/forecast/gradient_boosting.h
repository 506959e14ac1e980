// Gradient-boosted trees for a binary outcome, through XGBoost's C API
// (Debian's libxgboost-dev), with per-row feature contributions (TreeSHAP,
// XGBoost's `pred_contribs`) as the explanation of each forecast.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/forecast/matrix.h"

namespace tocsin::forecast {

struct GradientBoostingOptions {
  int rounds = 300;                // boosting iterations
  double learning_rate = 0.03;     // eta
  int max_depth = 3;
  double min_child_weight = 2;     // in hessian units: about 2 / (p (1 - p)) rows at the base rate
  double subsample = 0.8;          // rows per tree
  double column_subsample = 0.8;   // predictors per tree
  double l2 = 1.0;                 // lambda on leaf weights
  int seed = 90035;
  int threads = 1;                 // XGBoost's nthread; results do not depend on it with `hist`
  // Per predictor: +1 risk may only rise with the value, -1 only fall, 0 free.
  // Empty: no constraints.
  std::vector<int> monotone;
};

// A fitted booster. Movable, not copyable; thread-compatible (XGBoost's predict
// is not safe on one booster from two threads at once).
class GradientBoostingModel {
 public:
  GradientBoostingModel(GradientBoostingModel&&) noexcept;
  GradientBoostingModel& operator=(GradientBoostingModel&&) noexcept;
  ~GradientBoostingModel();

  // Fits y (0/1) on x. Errors: InvalidArgument for mismatched sizes, non-binary y,
  // a monotone vector of the wrong length; Internal with XGBoost's message when
  // the library fails.
  static Result<GradientBoostingModel> Fit(const Matrix& x, std::span<const double> y,
                                           const GradientBoostingOptions& options);

  // Probabilities for each row of x (same columns as the training matrix).
  Result<std::vector<double>> Predict(const Matrix& x) const;

  // Contributions to the log-odds: rows × (columns + 1), the last column the bias.
  // Each row sums to that row's log-odds.
  Result<Matrix> Contributions(const Matrix& x) const;

 private:
  GradientBoostingModel() = default;
  void* booster_ = nullptr;  // BoosterHandle; void* keeps XGBoost out of this header
  std::size_t columns_ = 0;
};

}  // namespace tocsin::forecast
