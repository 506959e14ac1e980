#include "logistic_path.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "block_kernels.h"
#include "column_encoding.h"
#include "exponential.h"
#include "log_likelihood.h"
#include "vector_kernels.h"
#include "weighted_residual.h"

namespace tocsin::forecast {
namespace {

// glmnet.control() defaults that the binomial solver reads.
constexpr double kMinProbability = 1e-9;  // pmin: fitted probabilities are kept inside it
static_assert(kMinProbability >= kMinLikelihoodProbability);
constexpr double kMinLambdaRatioFloor = 1e-6;  // eps: the smallest flmin honoured
constexpr double kMinDevianceGain = 1e-5;      // fdev: stop when a lambda explains less
constexpr double kMaxDevianceRatio = 0.999;    // devmax: stop when the fit is almost saturated
constexpr int kMinLambdasBeforeStop = 5;       // mnlam
// lambda_max divides by alpha; glmnet floors it so that ridge still gets a finite grid.
constexpr double kMinAlphaForLambdaMax = 1e-3;

class LogisticPathSolver {
 public:
  LogisticPathSolver(const StandardizedDesign& design, std::span<const double> y,
                     const LogisticPathSettings& settings)
      : design_(design),
        y_(y),
        settings_(settings),
        rows_(design.rows),
        cols_(design.cols),
        weight_(1.0 / static_cast<double>(design.rows)),
        max_link_(std::log(1.0 / kMinProbability - 1.0)),
        min_weight_sum_((1.0 + kMinProbability) * kMinProbability * (1.0 - kMinProbability)),
        columns_(EncodeColumns(design)),
        beta_(cols_, 0.0),
        saved_beta_(cols_, 0.0),
        moments_(cols_),
        abs_gradient_(cols_, 0.0),
        strong_(cols_, false),
        active_flag_(cols_, false),
        probability_(rows_, 0.0),
        working_weight_(PaddedRows(rows_), 0.0),
        next_weight_(PaddedRows(rows_), 0.0),
        residual_(rows_),
        link_(PaddedRows(rows_), 0.0) {
    active_.reserve(cols_);
  }

  Result<LogisticPathFit> Run();

 private:
  enum class PointOutcome { kConverged, kOutOfPasses };

  bool OutOfPasses() const { return passes_ > settings_.max_passes; }

  void FitNullModel();
  PointOutcome FitPoint(double lambda, double previous_lambda);
  PointOutcome SolveWeightedLeastSquares(double l1, double l2);
  bool Pass(bool over_strong_set, double l1, double l2);
  void UpdateCoordinate(std::size_t k, bool may_activate, double l1, double l2);
  void ComputeLink();
  void UpdateIntercept();
  void StartQuadraticApproximation();
  bool RefreshQuadraticApproximation();
  bool QuadraticApproximationSettled() const;
  bool AddKktViolators(double l1);
  double Deviance() const;
  void Record(double lambda, LogisticPathFit& fit) const;

  const StandardizedDesign& design_;
  std::span<const double> y_;
  const LogisticPathSettings& settings_;
  const std::size_t rows_;
  const std::size_t cols_;
  const double weight_;          // every observation weighs 1/n
  const double max_link_;        // beyond it the probability is taken as 0 or 1
  const double min_weight_sum_;  // below it the fit has separated the classes

  const std::vector<EncodedColumn> columns_;
  double intercept_ = 0;
  double saved_intercept_ = 0;
  std::vector<double> beta_;
  std::vector<double> saved_beta_;      // coefficients when the quadratic approximation was made
  std::vector<ColumnMoments> moments_;  // under the current weights, for strong-set columns
  std::vector<double> abs_gradient_;    // |x_k . r| when k was last outside the strong set
  std::vector<bool> strong_;
  std::vector<bool> active_flag_;
  std::vector<std::size_t> active_;  // ever-active predictors, in order of entry
  std::vector<double> probability_;
  // Row-indexed vectors that sparse columns' blocks touch are padded with zeros to
  // whole blocks (column_encoding.h).
  AlignedVector working_weight_;  // v_i = w_i p_i (1 - p_i)
  AlignedVector next_weight_;     // the next v, while the current one is still needed
  WeightedResidual residual_;     // r_i = w_i (y_i - p_i), kept current
  AlignedVector link_;
  double weight_sum_ = 0;  // sum_i v_i
  double null_deviance_ = 0;
  double threshold_ = 0;  // tolerance scaled by the null deviance
  double largest_change_ = 0;
  int passes_ = 0;
};

// The intercept-only model every path starts from (glmnet's `construct`).
void LogisticPathSolver::FitNullModel() {
  const double mean = weight_ * Sum(y_.data(), rows_);
  const double variance = mean * (1.0 - mean);
  intercept_ = std::log(mean / (1.0 - mean));
  saved_intercept_ = 0;
  double* residual = residual_.data();
  for (std::size_t i = 0; i < rows_; ++i) {
    working_weight_[i] = variance * weight_;
    residual[i] = weight_ * (y_[i] - mean);
    probability_[i] = mean;
  }
  weight_sum_ = variance;
  residual_.Reset(working_weight_.data(), weight_sum_);
  // With 0/1 responses the saturated model's deviance is zero, so the null deviance
  // is the intercept-only model's.
  null_deviance_ = -(intercept_ * mean + std::log(1.0 - mean));
  threshold_ = settings_.tolerance * null_deviance_;
  for (std::size_t k = 0; k < cols_; ++k) {
    if (design_.usable[k]) abs_gradient_[k] = std::abs(residual_.Gradient(columns_[k], moments_[k]));
  }
}

Result<LogisticPathFit> LogisticPathSolver::Run() {
  FitNullModel();
  LogisticPathFit fit;
  const bool own_grid = settings_.lambdas.empty();
  const int lambda_count = own_grid ? settings_.lambda_count : static_cast<int>(settings_.lambdas.size());
  double ratio = 1.0;
  if (own_grid) {
    const double floored = std::max(kMinLambdaRatioFloor, settings_.lambda_min_ratio);
    ratio = std::pow(floored, 1.0 / (lambda_count - 1.0));
  }
  const int min_lambdas = std::min(kMinLambdasBeforeStop, lambda_count);
  double current = 0;
  for (int m = 0; m < lambda_count; ++m) {
    double previous = current;
    double lambda = previous;
    if (!own_grid) {
      lambda = settings_.lambdas[m];
    } else if (m > 1) {
      lambda *= ratio;
    } else if (m == 0) {
      lambda = kBigLambda;
    } else {
      // lambda_max: the smallest lambda at which every coefficient stays zero.
      previous = 0;
      for (std::size_t k = 0; k < cols_; ++k) {
        if (design_.usable[k]) previous = std::max(previous, abs_gradient_[k]);
      }
      previous /= std::max(settings_.alpha, kMinAlphaForLambdaMax);
      lambda = previous * ratio;
    }
    current = lambda;
    if (FitPoint(lambda, previous) == PointOutcome::kOutOfPasses) {
      fit.complete = false;
      break;
    }
    Record(lambda, fit);
    // A user grid is always fitted to its end, as glmnet does.
    if (m + 1 < min_lambdas || !own_grid) continue;
    const double gain = fit.deviance_ratios[m] - (m == 0 ? 0.0 : fit.deviance_ratios[m - 1]);
    if (gain < kMinDevianceGain || fit.deviance_ratios[m] > kMaxDevianceRatio) break;
    if (weight_sum_ <= min_weight_sum_) break;
  }
  if (fit.lambdas.empty()) {
    return FailedPreconditionError("elastic net: no convergence at the first lambda within " +
                                   std::to_string(settings_.max_passes) + " passes");
  }
  fit.active_order.assign(active_.begin(), active_.end());
  fit.null_deviance = null_deviance_;
  fit.passes = passes_;
  return fit;
}

void LogisticPathSolver::Record(double lambda, LogisticPathFit& fit) const {
  fit.lambdas.push_back(lambda);
  fit.intercepts.push_back(intercept_);
  fit.coefficients.push_back(beta_);
  fit.active_counts.push_back(static_cast<int>(active_.size()));
  fit.deviance_ratios.push_back((null_deviance_ - Deviance()) / null_deviance_);
}

// One lambda: IRLS around coordinate descent, as glmnet's point solver.
LogisticPathSolver::PointOutcome LogisticPathSolver::FitPoint(double lambda, double previous_lambda) {
  const double l1 = lambda * settings_.alpha;
  const double l2 = lambda * (1.0 - settings_.alpha);
  // Sequential strong rule (Tibshirani et al. 2012): screen out predictors whose
  // gradient is far enough below the new lambda; the KKT check below repairs misses.
  const double screen = settings_.alpha * (2.0 * lambda - previous_lambda);
  for (std::size_t k = 0; k < cols_; ++k) {
    if (strong_[k] || !design_.usable[k]) continue;
    if (abs_gradient_[k] > screen) strong_[k] = true;
  }
  while (true) {
    if (OutOfPasses()) return PointOutcome::kOutOfPasses;
    StartQuadraticApproximation();
    if (SolveWeightedLeastSquares(l1, l2) == PointOutcome::kOutOfPasses) {
      return PointOutcome::kOutOfPasses;
    }
    if (!RefreshQuadraticApproximation()) return PointOutcome::kConverged;
    if (!QuadraticApproximationSettled()) continue;
    if (!AddKktViolators(l1)) return PointOutcome::kConverged;
  }
}

void LogisticPathSolver::StartQuadraticApproximation() {
  saved_intercept_ = intercept_;
  for (std::size_t k : active_) saved_beta_[k] = beta_[k];
  for (std::size_t k = 0; k < cols_; ++k) {
    if (!strong_[k]) continue;
    ComputeMoments(columns_[k], working_weight_.data(), weight_sum_, rows_, moments_[k]);
  }
}

// A full pass over the strong set, then passes over the active set until they
// settle, until a full pass changes nothing beyond the threshold.
LogisticPathSolver::PointOutcome LogisticPathSolver::SolveWeightedLeastSquares(double l1, double l2) {
  while (true) {
    if (Pass(true, l1, l2)) return PointOutcome::kConverged;
    if (OutOfPasses()) return PointOutcome::kOutOfPasses;
    while (!Pass(false, l1, l2)) {
      if (OutOfPasses()) return PointOutcome::kOutOfPasses;
    }
  }
}

bool LogisticPathSolver::Pass(bool over_strong_set, double l1, double l2) {
  ++passes_;
  largest_change_ = 0;
  if (over_strong_set) {
    for (std::size_t k = 0; k < cols_; ++k) {
      if (strong_[k]) UpdateCoordinate(k, true, l1, l2);
    }
  } else {
    for (std::size_t k : active_) UpdateCoordinate(k, false, l1, l2);
  }
  UpdateIntercept();
  return largest_change_ < threshold_;
}

void LogisticPathSolver::UpdateCoordinate(std::size_t k, bool may_activate, double l1, double l2) {
  const double old_beta = beta_[k];
  const double curvature = moments_[k].curvature;
  const double gradient = residual_.Gradient(columns_[k], moments_[k]);
  const double unpenalised = gradient + old_beta * curvature;
  const double shrunk = std::abs(unpenalised) - l1;
  const double new_beta = shrunk > 0.0 ? std::copysign(shrunk, unpenalised) / (curvature + l2) : 0.0;
  beta_[k] = new_beta;
  if (new_beta == old_beta) return;
  if (may_activate && !active_flag_[k]) {
    active_flag_[k] = true;
    active_.push_back(k);
  }
  const double change = new_beta - old_beta;
  largest_change_ = std::max(curvature * change * change, largest_change_);
  residual_.Subtract(columns_[k], change, moments_[k]);
}

void LogisticPathSolver::UpdateIntercept() {
  const double change = residual_.Total() / weight_sum_;
  if (change == 0.0) return;
  intercept_ += change;
  largest_change_ = std::max(weight_sum_ * change * change, largest_change_);
  residual_.SubtractWeights(change);
}

// Recomputes probabilities, weights and residuals at the current coefficients.
// Returns false when the weights have collapsed (the classes are separated).
bool LogisticPathSolver::RefreshQuadraticApproximation() {
  ComputeLink();
  ExpOfNegated(link_.data(), probability_.data(), rows_);
  for (std::size_t i = 0; i < rows_; ++i) {
    const double link = link_[i];
    // Probabilities beyond pmin are pinned to 0 or 1 so that coefficients cannot drift off.
    const double probability = 1.0 / (1.0 + probability_[i]);
    probability_[i] = link < -max_link_ ? 0.0 : link > max_link_ ? 1.0 : probability;
    next_weight_[i] = weight_ * probability_[i] * (1.0 - probability_[i]);
  }
  const double next_weight_sum = Sum(next_weight_.data(), rows_);
  if (next_weight_sum <= min_weight_sum_) {
    // glmnet keeps the residual of the old weights and takes the new ones.
    residual_.Materialize();
    working_weight_.swap(next_weight_);
    weight_sum_ = next_weight_sum;
    residual_.Reset(working_weight_.data(), weight_sum_);
    return false;
  }
  working_weight_.swap(next_weight_);
  weight_sum_ = next_weight_sum;
  double* residual = residual_.data();
  for (std::size_t i = 0; i < rows_; ++i) residual[i] = weight_ * (y_[i] - probability_[i]);
  residual_.Reset(working_weight_.data(), weight_sum_);
  return true;
}

// link = intercept + sum_k beta_k x_k over the active columns, the common values of
// sparse columns summed first.
void LogisticPathSolver::ComputeLink() {
  double constant = intercept_;
  for (std::size_t k : active_) {
    if (columns_[k].sparse) constant += beta_[k] * columns_[k].base;
  }
  std::fill(link_.begin(), link_.begin() + static_cast<std::ptrdiff_t>(rows_), constant);
  for (std::size_t k : active_) {
    const EncodedColumn& column = columns_[k];
    if (column.sparse) {
      BlockAddScaled(link_.data(), beta_[k] * column.factor, column.blocks());
    } else {
      AddScaled(link_.data(), beta_[k], column.values, rows_);
    }
  }
}

// glmnet's IRLS test: no coefficient moved, in curvature-weighted squares, by more
// than the threshold since the approximation was made.
bool LogisticPathSolver::QuadraticApproximationSettled() const {
  const double intercept_change = intercept_ - saved_intercept_;
  if (weight_sum_ * intercept_change * intercept_change > threshold_) return false;
  for (std::size_t k : active_) {
    const double change = beta_[k] - saved_beta_[k];
    if (moments_[k].curvature * change * change > threshold_) return false;
  }
  return true;
}

// Returns whether any predictor outside the strong set violates the KKT condition;
// those join the strong set.
bool LogisticPathSolver::AddKktViolators(double l1) {
  bool added = false;
  for (std::size_t k = 0; k < cols_; ++k) {
    if (strong_[k] || !design_.usable[k]) continue;
    abs_gradient_[k] = std::abs(residual_.Gradient(columns_[k], moments_[k]));
    if (abs_gradient_[k] > l1) {
      strong_[k] = true;
      added = true;
    }
  }
  return added;
}

// Half the binomial deviance per unit weight, probabilities clamped to [pmin, 1 - pmin].
double LogisticPathSolver::Deviance() const {
  return -weight_ * BinomialLogLikelihood(probability_.data(), y_.data(), rows_, kMinProbability);
}

}  // namespace

Result<LogisticPathFit> FitLogisticPath(const StandardizedDesign& design, std::span<const double> y,
                                        const LogisticPathSettings& settings) {
  if (std::none_of(design.usable.begin(), design.usable.end(), [](bool usable) { return usable; })) {
    return FailedPreconditionError("elastic net: every predictor is constant");
  }
  LogisticPathSolver solver(design, y, settings);
  return solver.Run();
}

}  // namespace tocsin::forecast
