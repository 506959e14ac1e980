// CrossValidateElasticNet: glmnet 4.1's cv.glmnet for the binomial family.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "elastic_net_rows.h"
#include "parallel_for.h"
#include "tocsin/forecast/elastic_net.h"
#include "vector_kernels.h"

namespace tocsin::forecast {
namespace {

// cv.glmnet refuses fewer folds.
constexpr int kMinFolds = 3;
// cv.lognet keeps held-out probabilities this far from 0 and 1 (hard-coded there).
constexpr double kMinHeldOutProbability = 1e-5;

// R sums doubles in extended precision (long double); cvm and cvsd follow it.
using RSum = long double;

Status ValidateFolds(std::span<const int> fold_ids, std::size_t rows, int& folds) {
  if (fold_ids.size() != rows) {
    return InvalidArgumentError("cross-validation: " + std::to_string(fold_ids.size()) + " fold ids for " +
                                std::to_string(rows) + " rows");
  }
  if (rows == 0) return InvalidArgumentError("cross-validation: no rows");
  folds = *std::max_element(fold_ids.begin(), fold_ids.end());
  if (folds < kMinFolds) {
    return InvalidArgumentError("cross-validation: needs at least " + std::to_string(kMinFolds) +
                                " folds, the largest fold id is " + std::to_string(folds));
  }
  if (static_cast<std::size_t>(folds) > rows) {
    return InvalidArgumentError("cross-validation: the largest fold id is " + std::to_string(folds) +
                                " but there are only " + std::to_string(rows) +
                                " rows; every fold needs one");
  }
  std::vector<std::size_t> sizes(static_cast<std::size_t>(folds) + 1, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    if (fold_ids[i] < 1) {
      return InvalidArgumentError("cross-validation: fold id at row " + std::to_string(i) + " is " +
                                  std::to_string(fold_ids[i]) + ", ids start at 1");
    }
    ++sizes[static_cast<std::size_t>(fold_ids[i])];
  }
  for (int fold = 1; fold <= folds; ++fold) {
    if (sizes[static_cast<std::size_t>(fold)] == 0) {
      return InvalidArgumentError("cross-validation: fold " + std::to_string(fold) + " has no rows");
    }
  }
  return Status::Ok();
}

// Mean held-out deviance of one fold at each of `lambdas`.
std::vector<double> HeldOutDeviance(const ElasticNetPath& fold_fit, const Matrix& x,
                                    std::span<const double> y, std::span<const std::size_t> held_out,
                                    std::span<const double> lambdas) {
  const std::size_t count = held_out.size();
  // The held-out rows gathered once, so that each lambda's pass over them is dense.
  std::vector<double> held_x(count * x.cols());
  for (std::size_t j = 0; j < x.cols(); ++j) {
    const double* column = x.data() + j * x.rows();
    for (std::size_t i = 0; i < count; ++i) held_x[j * count + i] = column[held_out[i]];
  }
  std::vector<double> link(count);
  std::vector<double> means;
  means.reserve(lambdas.size());
  for (const double lambda : lambdas) {
    const ElasticNetCoefficients at = fold_fit.CoefficientsAt(lambda);
    // Column by column, but each row's sum still runs intercept first, then the
    // predictors in order, as R's matrix product does.
    std::fill(link.begin(), link.end(), at.intercept);
    for (std::size_t j = 0; j < at.coefficients.size(); ++j) {
      const double coefficient = at.coefficients[j];
      if (coefficient != 0.0) AddScaled(link.data(), coefficient, held_x.data() + j * count, count);
    }
    RSum total = 0;
    for (std::size_t i = 0; i < count; ++i) {
      const double probability =
          std::clamp(1.0 / (1.0 + std::exp(-link[i])), kMinHeldOutProbability, 1.0 - kMinHeldOutProbability);
      const double likelihood = y[held_out[i]] > 0.0 ? std::log(probability) : std::log(1.0 - probability);
      total += 2.0 * (0.0 - likelihood);
    }
    means.push_back(static_cast<double>(total) / static_cast<double>(count));
  }
  return means;
}

// One model of the cross-validation: fold f in 1..k, or 0 for the fit on all rows.
struct Task {
  std::vector<std::size_t> training;  // empty: every row
  std::optional<Result<ElasticNetPath>> fit;
};

// Runs every task on up to `threads` threads (this one included). A thread that
// cannot be started only means fewer workers.
void RunTasks(std::vector<Task>& tasks, int threads, const Matrix& x, std::span<const double> y,
              const ElasticNetOptions& options) {
  ParallelFor(tasks.size(), threads, [&](std::size_t t) {
    tasks[t].fit.emplace(FitElasticNetOnRows(x, y, tasks[t].training, options, {}));
  });
}

}  // namespace

Result<CrossValidation> CrossValidateElasticNet(const Matrix& x, std::span<const double> y,
                                                std::span<const int> fold_ids,
                                                const ElasticNetOptions& options, int threads) {
  int folds = 0;
  TOCSIN_RETURN_IF_ERROR(ValidateFolds(fold_ids, x.rows(), folds));
  std::vector<Task> tasks(static_cast<std::size_t>(folds) + 1);
  std::vector<std::vector<std::size_t>> held_out(static_cast<std::size_t>(folds) + 1);
  for (std::size_t i = 0; i < x.rows(); ++i) {
    const std::size_t fold = static_cast<std::size_t>(fold_ids[i]);
    held_out[fold].push_back(i);
    for (std::size_t other = 1; other < tasks.size(); ++other) {
      if (other != fold) tasks[other].training.push_back(i);
    }
  }
  RunTasks(tasks, threads, x, y, options);
  if (!tasks[0].fit->ok()) return tasks[0].fit->status();
  CrossValidation result;
  result.fit = std::move(*tasks[0].fit).value();
  const std::span<const double> lambdas = result.fit.lambdas;

  // cvcompute: per-fold mean deviance, then means and spreads weighted by fold size.
  std::vector<std::vector<double>> fold_means(static_cast<std::size_t>(folds) + 1);
  for (std::size_t fold = 1; fold < tasks.size(); ++fold) {
    if (!tasks[fold].fit->ok()) return tasks[fold].fit->status().WithContext("fold " + std::to_string(fold));
    fold_means[fold] = HeldOutDeviance(tasks[fold].fit->value(), x, y, held_out[fold], lambdas);
  }
  for (std::size_t m = 0; m < lambdas.size(); ++m) {
    RSum weighted = 0;
    for (std::size_t fold = 1; fold < tasks.size(); ++fold) {
      weighted += fold_means[fold][m] * static_cast<double>(held_out[fold].size());
    }
    const double mean = static_cast<double>(weighted) / static_cast<double>(x.rows());
    RSum spread = 0;
    for (std::size_t fold = 1; fold < tasks.size(); ++fold) {
      const double difference = fold_means[fold][m] - mean;
      spread += difference * difference * static_cast<double>(held_out[fold].size());
    }
    const double variance = static_cast<double>(spread) / static_cast<double>(x.rows());
    result.mean_deviance.push_back(mean);
    result.sd_deviance.push_back(std::sqrt(variance / (folds - 1)));
  }

  // getOptcv.glmnet: lambdas decrease, so the first index that reaches a bound is the largest lambda.
  const std::vector<double>& cvm = result.mean_deviance;
  const double smallest = *std::min_element(cvm.begin(), cvm.end());
  result.index_min = static_cast<std::size_t>(
      std::find_if(cvm.begin(), cvm.end(), [&](double value) { return value <= smallest; }) - cvm.begin());
  const double bound = cvm[result.index_min] + result.sd_deviance[result.index_min];
  result.index_1se = static_cast<std::size_t>(
      std::find_if(cvm.begin(), cvm.end(), [&](double value) { return value <= bound; }) - cvm.begin());
  return result;
}

}  // namespace tocsin::forecast
