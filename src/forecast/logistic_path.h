// The solver inside FitElasticNet: glmnet's two-class logistic path on predictors
// that are already centred and scaled. Internal to the forecast module.
//
// It follows glmnet 4.1-6 (glmnetpp's binomial two-class point solver, the C++ port
// of the Fortran `lognet2n`) step by step, because glmnet stops each coordinate
// descent at a tolerance of about 1e-4 on the coefficients: only the same sequence of
// updates gives the same numbers. The order of the loops, the strong-rule screening,
// the convergence tests and the early stop are glmnet's; the arithmetic is arranged
// for speed but evaluates the same expressions.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::forecast {

// Predictors ready for the solver: each usable column centred on its mean and, when
// standardising, divided by its standard deviation (1/n variance).
struct StandardizedDesign {
  const double* columns = nullptr;  // rows x cols, column-major; not owned
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::size_t stride = 0;    // from one column to the next, >= rows
  std::vector<bool> usable;  // glmnet's `ju`: false for a constant column
};

struct LogisticPathSettings {
  double alpha = 0.5;
  int lambda_count = 100;
  double lambda_min_ratio = 1e-4;   // glmnet's flmin; used when `lambdas` is empty
  std::span<const double> lambdas;  // a decreasing user grid, or empty for glmnet's own
  double tolerance = 1e-7;
  int max_passes = 100000;
};

// The path on the standardised scale.
struct LogisticPathFit {
  // As the solver used them: with glmnet's own grid the first is kBigLambda, which
  // glmnet's R code replaces by extrapolation before reporting.
  std::vector<double> lambdas;
  std::vector<double> intercepts;
  std::vector<std::vector<double>> coefficients;  // [lambda][predictor], dense
  std::vector<double> deviance_ratios;
  std::vector<int> active_counts;  // how many of `active_order` are in use per lambda
  std::vector<int> active_order;   // predictors in the order they became active
  double null_deviance = 0;        // per unit of total weight (half glmnet's nulldev / n)
  int passes = 0;
  // False when max_passes ran out; the path then holds the lambdas fitted before, as
  // glmnet returns them with a warning.
  bool complete = true;
};

// glmnet's stand-in for an infinite first lambda, at which only the intercept enters.
inline constexpr double kBigLambda = 9.9e35;

// Fits the path of binary `y` (0/1) on `design`. Assumes the caller validated the
// input. Errors: FailedPrecondition when max_passes runs out at the first lambda, or
// when every predictor is constant.
Result<LogisticPathFit> FitLogisticPath(const StandardizedDesign& design, std::span<const double> y,
                                        const LogisticPathSettings& settings);

}  // namespace tocsin::forecast
