// The elastic nets as risk models: the reference's out-of-fold predictions and
// enet-stable, whose lambda is chosen on CV curves averaged over fold draws.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "member_fit.h"
#include "tocsin/forecast/elastic_net.h"
#include "tocsin/forecast/r_random.h"

namespace tocsin::forecast {
namespace {

// cv.glmnet clamps held-out probabilities into [1e-5, 1 - 1e-5] before the deviance.
constexpr double kDevianceClamp = 1e-5;

class LinearRiskModel : public RiskModel {
 public:
  explicit LinearRiskModel(LinearFit fit) : fit_(std::move(fit)) {}

  Result<ModelScores> Score(const Matrix& x) const override {
    if (x.cols() != fit_.coefficients.size()) {
      return InvalidArgumentError(fmt::format("linear model has {} predictors, data {}", fit_.coefficients.size(), x.cols()));
    }
    ModelScores scores;
    scores.probabilities.resize(x.rows());
    scores.contributions = Matrix(x.rows(), x.cols());
    for (std::size_t i = 0; i < x.rows(); ++i) {
      double log_odds = fit_.intercept;
      for (std::size_t j = 0; j < x.cols(); ++j) {
        log_odds += fit_.coefficients[j] * x(i, j);
        scores.contributions(i, j) = fit_.coefficients[j] * (x(i, j) - fit_.means[j]);
      }
      scores.probabilities[i] = Logistic(log_odds);
    }
    return scores;
  }

 private:
  LinearFit fit_;
};

std::vector<double> Subset(std::span<const double> values, const std::vector<std::size_t>& rows) {
  std::vector<double> subset;
  subset.reserve(rows.size());
  for (std::size_t row : rows) subset.push_back(values[row]);
  return subset;
}

std::vector<double> ColumnMeans(const Matrix& x) {
  std::vector<double> means(x.cols(), 0.0);
  for (std::size_t j = 0; j < x.cols(); ++j) {
    for (std::size_t i = 0; i < x.rows(); ++i) means[j] += x(i, j);
    means[j] /= static_cast<double>(x.rows());
  }
  return means;
}

}  // namespace

Result<ElasticNetCoefficients> FitAtLambda(const Matrix& x, std::span<const double> y,
                                           const ElasticNetOptions& options, double lambda) {
  const double lambdas[] = {lambda};
  TOCSIN_ASSIGN_OR_RETURN(const ElasticNetPath path, FitElasticNet(x, y, options, lambdas));
  if (path.size() == 0)
    return FailedPreconditionError(fmt::format("no elastic-net fit at lambda {:.6g}", lambda));
  return ElasticNetCoefficients{path.intercepts[0], path.coefficients[0]};
}

Matrix SelectRows(const Matrix& x, const std::vector<std::size_t>& rows) {
  Matrix subset(rows.size(), x.cols());
  for (std::size_t j = 0; j < x.cols(); ++j) {
    for (std::size_t i = 0; i < rows.size(); ++i) subset(i, j) = x(rows[i], j);
  }
  return subset;
}

void SplitFold(std::span<const int> fold_ids, int fold, std::vector<std::size_t>* train,
               std::vector<std::size_t>* held_out) {
  train->clear();
  held_out->clear();
  for (std::size_t i = 0; i < fold_ids.size(); ++i) (fold_ids[i] == fold ? held_out : train)->push_back(i);
}

std::shared_ptr<const RiskModel> MakeLinearModel(LinearFit fit) {
  return std::make_shared<LinearRiskModel>(std::move(fit));
}

Result<MemberFit> FitReferenceMember(const TrainingSet& training, const ModelSpecification& spec,
                                     std::span<const int> fold_ids, LinearFit reference) {
  MemberFit member;
  member.out_of_fold.assign(training.y.size(), 0.0);
  const int folds = fold_ids.empty() ? 0 : *std::max_element(fold_ids.begin(), fold_ids.end());
  std::vector<std::size_t> train, held_out;
  for (int fold = 1; fold <= folds; ++fold) {
    SplitFold(fold_ids, fold, &train, &held_out);
    if (held_out.empty()) continue;
    TOCSIN_ASSIGN_OR_RETURN(ElasticNetPath path,
                            FitElasticNet(SelectRows(training.x, train), Subset(training.y, train), spec.elastic_net));
    const ElasticNetCoefficients coefficients = path.CoefficientsAt(reference.lambda);
    for (std::size_t row : held_out) member.out_of_fold[row] = Logistic(coefficients.LinearPredictor(training.x, row));
  }
  member.summary = fmt::format("enet, lambda.min {:.6g}", reference.lambda);
  member.choices.lambda = reference.lambda;
  member.linear = reference;
  member.model = MakeLinearModel(std::move(reference));
  return member;
}

Result<MemberFit> FitStableElasticNet(const TrainingSet& training, const ModelSpecification& spec) {
  if (spec.repeats < 1 || spec.folds < 3) {
    return InvalidArgumentError(fmt::format("enet-stable needs repeats >= 1 and folds >= 3, not {} and {}",
                                            spec.repeats, spec.folds));
  }
  const Matrix& x = training.x;
  const std::span<const double> y = training.y;
  TOCSIN_ASSIGN_OR_RETURN(ElasticNetPath full, FitElasticNet(x, y, spec.elastic_net));
  const std::size_t lambdas = full.size();
  const std::size_t rows = y.size();
  std::vector<double> deviance(lambdas, 0.0);
  std::vector<double> probability_sums(rows * lambdas, 0.0);
  std::vector<std::size_t> train, held_out;
  for (int repeat = 0; repeat < spec.repeats; ++repeat) {
    const std::vector<int> fold_ids =
        RFoldIds(spec.seed + static_cast<std::uint32_t>(repeat), static_cast<int>(rows), spec.folds);
    for (int fold = 1; fold <= spec.folds; ++fold) {
      SplitFold(fold_ids, fold, &train, &held_out);
      auto path = FitElasticNet(SelectRows(x, train), Subset(y, train), spec.elastic_net);
      if (!path.ok()) {
        return Status(path.status().code(),
                      fmt::format("enet-stable repeat {} fold {}: {}", repeat + 1, fold, path.status().message()));
      }
      for (std::size_t index = 0; index < lambdas; ++index) {
        const ElasticNetCoefficients coefficients = path->CoefficientsAt(full.lambdas[index]);
        for (std::size_t row : held_out) {
          const double p =
              std::clamp(Logistic(coefficients.LinearPredictor(x, row)), kDevianceClamp, 1.0 - kDevianceClamp);
          deviance[index] -= 2.0 * (y[row] == 1.0 ? std::log(p) : std::log1p(-p));
          probability_sums[row * lambdas + index] += p;
        }
      }
    }
  }
  // The largest lambda with the smallest mean deviance, as lambda.min is chosen.
  const std::size_t best = static_cast<std::size_t>(std::min_element(deviance.begin(), deviance.end()) - deviance.begin());
  MemberFit member;
  member.out_of_fold.resize(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    member.out_of_fold[row] = probability_sums[row * lambdas + best] / spec.repeats;
  }
  LinearFit fit{full.lambdas[best], full.intercepts[best], full.coefficients[best], ColumnMeans(x), full.NonZero(best)};
  member.summary = fmt::format("enet-stable, lambda {:.6g} on the mean CV curve of {} fold draws, {} non-zero",
                               fit.lambda, spec.repeats, fit.nonzero);
  member.choices.lambda = fit.lambda;
  member.linear = fit;
  member.model = MakeLinearModel(std::move(fit));
  return member;
}

Result<MemberFit> FitElasticNetAt(const TrainingSet& training, const ModelSpecification& spec, double lambda,
                                  std::span<const std::vector<int>> fold_draws) {
  const Matrix& x = training.x;
  const std::span<const double> y = training.y;
  MemberFit member;
  member.out_of_fold.assign(fold_draws.empty() ? 0 : y.size(), 0.0);
  const double draws = static_cast<double>(fold_draws.size());
  std::vector<std::size_t> train, held_out;
  for (const std::vector<int>& fold_ids : fold_draws) {
    const int folds = fold_ids.empty() ? 0 : *std::max_element(fold_ids.begin(), fold_ids.end());
    for (int fold = 1; fold <= folds; ++fold) {
      SplitFold(fold_ids, fold, &train, &held_out);
      if (held_out.empty()) continue;
      TOCSIN_ASSIGN_OR_RETURN(const ElasticNetCoefficients coefficients,
                              FitAtLambda(SelectRows(x, train), Subset(y, train), spec.elastic_net, lambda));
      for (std::size_t row : held_out)
        member.out_of_fold[row] += Logistic(coefficients.LinearPredictor(x, row)) / draws;
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(ElasticNetCoefficients full, FitAtLambda(x, y, spec.elastic_net, lambda));
  const int nonzero = static_cast<int>(
      std::count_if(full.coefficients.begin(), full.coefficients.end(), [](double c) { return c != 0; }));
  LinearFit fit{lambda, full.intercept, std::move(full.coefficients), ColumnMeans(x), nonzero};
  member.summary = fmt::format("elastic net at lambda {:.6g}, {} non-zero", fit.lambda, fit.nonzero);
  member.choices.lambda = lambda;
  member.linear = fit;
  member.model = MakeLinearModel(std::move(fit));
  return member;
}

}  // namespace tocsin::forecast
