// Elastic-net penalised logistic regression: the glmnet algorithm.
//
// Implements Friedman, Hastie & Tibshirani (2010), "Regularization Paths for
// Generalized Linear Models via Coordinate Descent", the way R's glmnet 4.1
// (family = "binomial") does it, so that a fit on the same data gives the same
// lambda path and the same coefficients: predictors standardised with 1/n
// variance, an unpenalised intercept, an IRLS outer loop around cyclic coordinate
// descent with soft-thresholding over an active set, warm starts down the lambda
// path, glmnet's lambda grid and its early stop on the deviance ratio.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "tocsin/core/result.h"
#include "tocsin/forecast/matrix.h"

namespace tocsin::forecast {

struct ElasticNetOptions {
  double alpha = 0.5;            // share of L1 in the penalty: 0 ridge, 1 lasso
  int lambda_count = 100;        // glmnet's nlambda
  double lambda_min_ratio = -1;  // glmnet's lambda.min.ratio; < 0: 1e-2 if n < p else 1e-4
  double tolerance = 1e-7;       // glmnet's thresh
  int max_passes = 100000;       // glmnet's maxit: coordinate passes over all lambdas
  bool standardize = true;       // glmnet's standardize
};

// Intercept and coefficients at one lambda, on the original scale of the predictors.
struct ElasticNetCoefficients {
  double intercept = 0;
  std::vector<double> coefficients;  // one per predictor

  // Linear predictor (log-odds) of `row` of `x`.
  double LinearPredictor(const Matrix& x, std::size_t row) const;
};

// One fitted regularisation path. Coefficients are on the original scale of the
// predictors (glmnet's `coef()`), one row per lambda.
struct ElasticNetPath {
  std::vector<double> lambdas;                    // decreasing; lambdas[0] is lambda_max as glmnet reports it
  std::vector<double> intercepts;                 // one per lambda
  std::vector<std::vector<double>> coefficients;  // [lambda index][predictor]
  std::vector<double> deviance_ratios;            // glmnet's dev.ratio per lambda
  double null_deviance = 0;                       // glmnet's nulldev
  int passes = 0;                                 // coordinate-descent passes used (glmnet's npasses)
  // False when max_passes ran out: the path then stops at the last lambda that
  // converged (glmnet returns the same with a warning).
  bool complete = true;

  std::size_t size() const { return lambdas.size(); }
  // Number of non-zero coefficients (intercept excluded) at lambda index `index`.
  int NonZero(std::size_t index) const;
  // Linear predictor (log-odds) of `row` of `x` at lambda index `index`.
  double LinearPredictor(const Matrix& x, std::size_t row, std::size_t index) const;
  // glmnet's coef(fit, s = lambda): linear interpolation in lambda between the two
  // neighbouring lambdas of the path; beyond either end, that end. Requires size() > 0.
  ElasticNetCoefficients CoefficientsAt(double lambda) const;
};

// Fits the elastic-net logistic path of binary `y` (0/1, one per row of `x`).
// When `lambdas` is empty the grid is glmnet's own and the path may stop before its
// last lambda by glmnet's rules (after 5 lambdas, a deviance ratio > 0.999 or a gain
// < 1e-5); otherwise the given lambdas (sorted decreasing, as glmnet does) are all
// fitted. Errors: InvalidArgument for mismatched sizes, an empty x, y not 0/1, a
// class with fewer than two rows (glmnet's limit), a non-finite value, every
// predictor constant, a negative lambda or an option out of range;
// FailedPrecondition when max_passes runs out at the first lambda (a later shortage
// returns the path so far with `complete` false). Thread-safe (no shared state).
Result<ElasticNetPath> FitElasticNet(const Matrix& x, std::span<const double> y,
                                     const ElasticNetOptions& options, std::span<const double> lambdas = {});

struct CrossValidation {
  ElasticNetPath fit;                 // the fit on all rows (cv.glmnet's glmnet.fit)
  std::vector<double> mean_deviance;  // cvm, per lambda of `fit`
  std::vector<double> sd_deviance;    // cvsd
  std::size_t index_min = 0;          // lambda.min = fit.lambdas[index_min]
  std::size_t index_1se = 0;          // lambda.1se
  double lambda_min() const { return fit.lambdas[index_min]; }
  double lambda_1se() const { return fit.lambdas[index_1se]; }
};

// k-fold cross-validation on binomial deviance, as glmnet 4.1's cv.glmnet(type.measure
// = "deviance") with its default alignment = "lambda": `fold_ids` (1..k, k >= 3, every
// fold used, one per row) assigns each row to a fold. Each fold's model is fitted on
// the other rows with its own glmnet grid (cv.glmnet passes no lambdas to the fold
// fits) and predicts its held-out rows at the full fit's lambdas by CoefficientsAt;
// probabilities are clamped to [1e-5, 1 - 1e-5]. cvm and cvsd weigh the fold means by
// fold size, with k - 1 in cvsd. lambda.min is the largest lambda with the smallest
// cvm, lambda.1se the largest whose cvm is within one cvsd of it. `threads` > 1 fits
// the folds and the full model on that many std::threads; the result does not depend
// on it. Errors: those of FitElasticNet (for a fold, prefixed with the fold) and
// InvalidArgument for bad fold ids.
Result<CrossValidation> CrossValidateElasticNet(const Matrix& x, std::span<const double> y,
                                                std::span<const int> fold_ids,
                                                const ElasticNetOptions& options, int threads = 1);

}  // namespace tocsin::forecast
