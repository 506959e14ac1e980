#include "tocsin/forecast/elastic_net.h"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "aligned_vector.h"
#include "elastic_net_rows.h"
#include "logistic_path.h"
#include "vector_kernels.h"

namespace tocsin::forecast {
namespace {

// glmnet refuses a class with fewer rows than this.
constexpr std::size_t kMinRowsPerClass = 2;
// glmnet's default lambda.min.ratio: a shorter grid when there are more predictors than rows.
constexpr double kLambdaMinRatioWide = 1e-2;
constexpr double kLambdaMinRatioTall = 1e-4;
// glmnet's R code extrapolates the first lambda only when the path has more than this many.
constexpr std::size_t kMinLambdasToExtrapolate = 2;

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

Status InvalidInput(const std::string& message) {
  return InvalidArgumentError("elastic net: " + message);
}

Status ValidateOptions(const ElasticNetOptions& options, std::span<const double> lambdas) {
  if (!(options.alpha >= 0.0 && options.alpha <= 1.0)) {
    return InvalidInput("alpha must be in [0, 1], got " + Number(options.alpha));
  }
  if (lambdas.empty() && options.lambda_count < 1) {
    return InvalidInput("lambda_count must be at least 1, got " + std::to_string(options.lambda_count));
  }
  if (!(options.lambda_min_ratio < 1.0)) {
    return InvalidInput("lambda_min_ratio must be below 1, got " + Number(options.lambda_min_ratio));
  }
  if (!(options.tolerance > 0.0) || !std::isfinite(options.tolerance)) {
    return InvalidInput("tolerance must be positive and finite, got " + Number(options.tolerance));
  }
  if (options.max_passes < 1) {
    return InvalidInput("max_passes must be at least 1, got " + std::to_string(options.max_passes));
  }
  for (std::size_t m = 0; m < lambdas.size(); ++m) {
    if (!std::isfinite(lambdas[m]) || lambdas[m] < 0.0) {
      return InvalidInput("lambda " + std::to_string(m) + " must be finite and non-negative, got " +
                          Number(lambdas[m]));
    }
  }
  return Status::Ok();
}

Status ValidateResponse(std::span<const double> y, std::span<const std::size_t> rows, std::size_t count) {
  std::size_t ones = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t row = rows.empty() ? i : rows[i];
    const double value = y[row];
    if (value != 0.0 && value != 1.0) {
      return InvalidInput("y at row " + std::to_string(row) + " is " + Number(value) + ", not 0 or 1");
    }
    if (value == 1.0) ++ones;
  }
  const std::size_t zeros = count - ones;
  if (std::min(ones, zeros) < kMinRowsPerClass) {
    return InvalidInput("each class needs at least " + std::to_string(kMinRowsPerClass) + " rows; got " +
                        std::to_string(zeros) + " zeros and " + std::to_string(ones) + " ones");
  }
  return Status::Ok();
}

// The selected rows of x, each usable column centred and (optionally) scaled with
// weights 1/n, as glmnet's lognet standardises.
struct Standardization {
  // Each column starts on a cache line, as the solver's own vectors do
  // (aligned_vector.h), so that the kernels' loads line up.
  AlignedVector columns;
  std::size_t stride = 0;
  std::vector<bool> usable;
  std::vector<double> means;
  std::vector<double> scales;
};

Result<Standardization> Standardize(const Matrix& x, std::span<const std::size_t> rows, std::size_t count,
                                    bool scale) {
  const std::size_t cols = x.cols();
  const std::size_t stride = (count + kDoublesPerLine - 1) / kDoublesPerLine * kDoublesPerLine;
  Standardization result{AlignedVector(stride * cols), stride, std::vector<bool>(cols, false),
                         std::vector<double>(cols, 0.0), std::vector<double>(cols, 1.0)};
  const std::vector<double> weights(count, 1.0 / static_cast<double>(count));
  for (std::size_t j = 0; j < cols; ++j) {
    double* column = result.columns.data() + j * stride;
    const double* source = x.data() + j * x.rows();
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t row = rows.empty() ? i : rows[i];
      column[i] = source[row];
      if (!std::isfinite(column[i])) {
        return InvalidInput("x at row " + std::to_string(row) + ", column " + std::to_string(j) + " is " +
                            Number(column[i]));
      }
    }
    result.usable[j] =
        std::any_of(column + 1, column + count, [&](double value) { return value != column[0]; });
    if (!result.usable[j]) continue;
    const double mean = Dot(weights.data(), column, count);
    for (std::size_t i = 0; i < count; ++i) column[i] -= mean;
    result.means[j] = mean;
    if (!scale) continue;
    const double deviation = std::sqrt(WeightedSquares(weights.data(), column, count));
    for (std::size_t i = 0; i < count; ++i) column[i] /= deviation;
    result.scales[j] = deviation;
  }
  return result;
}

// Back to the original scale, as glmnet's driver does after the path.
ElasticNetPath Unstandardize(const LogisticPathFit& fit, const Standardization& standardization,
                             bool own_grid, std::size_t rows) {
  ElasticNetPath path;
  path.lambdas = fit.lambdas;
  // glmnet reports the first lambda of its own grid by extrapolating the next two
  // (R's fix.lam), in place of the "infinite" one the solver used.
  if (own_grid && path.lambdas.size() > kMinLambdasToExtrapolate) {
    path.lambdas[0] = std::exp(2.0 * std::log(path.lambdas[1]) - std::log(path.lambdas[2]));
  }
  path.deviance_ratios = fit.deviance_ratios;
  path.null_deviance = fit.null_deviance * (2.0 * static_cast<double>(rows));
  path.passes = fit.passes;
  path.complete = fit.complete;
  const std::size_t cols = standardization.means.size();
  for (std::size_t m = 0; m < fit.lambdas.size(); ++m) {
    std::vector<double> coefficients(cols, 0.0);
    double intercept = fit.intercepts[m];
    for (int a = 0; a < fit.active_counts[m]; ++a) {
      const std::size_t k = static_cast<std::size_t>(fit.active_order[a]);
      const double coefficient = fit.coefficients[m][k] / standardization.scales[k];
      coefficients[k] = coefficient;
      intercept -= coefficient * standardization.means[k];
    }
    path.intercepts.push_back(intercept);
    path.coefficients.push_back(std::move(coefficients));
  }
  return path;
}

// Where `target` falls on the increasing knots `knots`, as R's approx(knots, 1..k,
// target) computes it (1-based), target inside [knots[0], knots[k-1]].
double ApproxPosition(const std::vector<double>& knots, double target) {
  std::size_t low = 0;
  std::size_t high = knots.size() - 1;
  while (low + 1 < high) {
    const std::size_t middle = (low + high) / 2;
    if (target < knots[middle]) {
      high = middle;
    } else {
      low = middle;
    }
  }
  if (target == knots[high]) return static_cast<double>(high + 1);
  if (target == knots[low]) return static_cast<double>(low + 1);
  return static_cast<double>(low + 1) + (target - knots[low]) / (knots[high] - knots[low]);
}

// Intercept first, then the non-zero terms in predictor order, as R's product with
// glmnet's sparse coefficient matrix adds them.
double Link(double intercept, const std::vector<double>& coefficients, const Matrix& x, std::size_t row) {
  double link = intercept;
  for (std::size_t j = 0; j < coefficients.size(); ++j) {
    if (coefficients[j] != 0.0) link += x(row, j) * coefficients[j];
  }
  return link;
}

}  // namespace

double ElasticNetCoefficients::LinearPredictor(const Matrix& x, std::size_t row) const {
  return Link(intercept, coefficients, x, row);
}

int ElasticNetPath::NonZero(std::size_t index) const {
  const std::vector<double>& row = coefficients[index];
  return static_cast<int>(std::count_if(row.begin(), row.end(), [](double value) { return value != 0.0; }));
}

double ElasticNetPath::LinearPredictor(const Matrix& x, std::size_t row, std::size_t index) const {
  return Link(intercepts[index], coefficients[index], x, row);
}

// glmnet's lambda.interp: positions are fractions of the way from the first lambda to
// the last, so the interpolation is linear in lambda.
ElasticNetCoefficients ElasticNetPath::CoefficientsAt(double lambda) const {
  assert(size() > 0 && !std::isnan(lambda));
  const std::size_t count = size();
  if (count == 1) return {intercepts[0], coefficients[0]};
  const double first = lambdas[0];
  const double span = first - lambdas[count - 1];
  std::vector<double> knots(count);
  for (std::size_t m = 0; m < count; ++m) knots[m] = (first - lambdas[m]) / span;
  const auto [lowest, highest] = std::minmax_element(knots.begin(), knots.end());
  const double target = std::clamp((first - lambda) / span, *lowest, *highest);
  const double position = ApproxPosition(knots, target);
  const std::size_t left = static_cast<std::size_t>(std::floor(position)) - 1;
  const std::size_t right = static_cast<std::size_t>(std::ceil(position)) - 1;
  double fraction = (target - knots[right]) / (knots[left] - knots[right]);
  if (left == right || std::abs(knots[left] - knots[right]) < DBL_EPSILON) fraction = 1.0;
  ElasticNetCoefficients result;
  result.intercept = intercepts[left] * fraction + intercepts[right] * (1.0 - fraction);
  result.coefficients.resize(coefficients[left].size());
  for (std::size_t j = 0; j < result.coefficients.size(); ++j) {
    result.coefficients[j] = coefficients[left][j] * fraction + coefficients[right][j] * (1.0 - fraction);
  }
  return result;
}

Result<ElasticNetPath> FitElasticNetOnRows(const Matrix& x, std::span<const double> y,
                                           std::span<const std::size_t> rows,
                                           const ElasticNetOptions& options,
                                           std::span<const double> lambdas) {
  TOCSIN_RETURN_IF_ERROR(ValidateOptions(options, lambdas));
  if (x.rows() != y.size()) {
    return InvalidInput("x has " + std::to_string(x.rows()) + " rows but y has " + std::to_string(y.size()) +
                        " values");
  }
  if (x.cols() == 0) return InvalidInput("x has no columns");
  const std::size_t count = rows.empty() ? x.rows() : rows.size();
  TOCSIN_RETURN_IF_ERROR(ValidateResponse(y, rows, count));
  TOCSIN_ASSIGN_OR_RETURN(const Standardization standardization,
                          Standardize(x, rows, count, options.standardize));
  if (std::none_of(standardization.usable.begin(), standardization.usable.end(), std::identity())) {
    return InvalidInput("every predictor is constant");
  }
  std::vector<double> response(count);
  for (std::size_t i = 0; i < count; ++i) response[i] = y[rows.empty() ? i : rows[i]];
  std::vector<double> grid(lambdas.begin(), lambdas.end());
  std::sort(grid.begin(), grid.end(), std::greater<>());

  LogisticPathSettings settings;
  settings.alpha = options.alpha;
  settings.lambda_count = options.lambda_count;
  settings.lambda_min_ratio = options.lambda_min_ratio >= 0.0 ? options.lambda_min_ratio
                              : count < x.cols()              ? kLambdaMinRatioWide
                                                              : kLambdaMinRatioTall;
  settings.lambdas = grid;
  settings.tolerance = options.tolerance;
  settings.max_passes = options.max_passes;
  const StandardizedDesign design{standardization.columns.data(), count, x.cols(), standardization.stride,
                                  standardization.usable};
  TOCSIN_ASSIGN_OR_RETURN(const LogisticPathFit fit, FitLogisticPath(design, response, settings));
  return Unstandardize(fit, standardization, grid.empty(), count);
}

Result<ElasticNetPath> FitElasticNet(const Matrix& x, std::span<const double> y,
                                     const ElasticNetOptions& options, std::span<const double> lambdas) {
  return FitElasticNetOnRows(x, y, {}, options, lambdas);
}

}  // namespace tocsin::forecast
