// Calibrated models and the ensemble: both are fitted on out-of-fold predictions
// made inside the training window.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "member_fit.h"
#include "tocsin/forecast/metrics.h"

namespace tocsin::forecast {
namespace {

// The ensemble's weight on enet-stable is searched on this grid in [0, 1].
constexpr int kWeightSteps = 10;

class CalibratedModel : public RiskModel {
 public:
  CalibratedModel(std::shared_ptr<const RiskModel> base, Calibrator calibrator)
      : base_(std::move(base)), calibrator_(std::move(calibrator)) {}

  Result<ModelScores> Score(const Matrix& x) const override {
    TOCSIN_ASSIGN_OR_RETURN(ModelScores scores, base_->Score(x));
    for (double& probability : scores.probabilities) probability = calibrator_.Apply(probability);
    return scores;
  }

 private:
  std::shared_ptr<const RiskModel> base_;
  Calibrator calibrator_;
};

class WeightedModel : public RiskModel {
 public:
  WeightedModel(std::vector<std::shared_ptr<const RiskModel>> members, std::vector<double> weights)
      : members_(std::move(members)), weights_(std::move(weights)) {}

  Result<ModelScores> Score(const Matrix& x) const override {
    ModelScores combined;
    combined.probabilities.assign(x.rows(), 0.0);
    combined.contributions = Matrix(x.rows(), x.cols());
    for (std::size_t m = 0; m < members_.size(); ++m) {
      if (weights_[m] == 0) continue;
      TOCSIN_ASSIGN_OR_RETURN(const ModelScores scores, members_[m]->Score(x));
      for (std::size_t i = 0; i < x.rows(); ++i) {
        combined.probabilities[i] += weights_[m] * scores.probabilities[i];
        for (std::size_t j = 0; j < x.cols(); ++j) {
          combined.contributions(i, j) += weights_[m] * scores.contributions(i, j);
        }
      }
    }
    return combined;
  }

 private:
  std::vector<std::shared_ptr<const RiskModel>> members_;
  std::vector<double> weights_;
};

}  // namespace

Result<MemberFit> CalibrateMember(MemberFit member, CalibrationMethod method, std::span<const double> outcomes) {
  if (method == CalibrationMethod::kNone) return member;
  TOCSIN_ASSIGN_OR_RETURN(Calibrator calibrator, Calibrator::Fit(method, member.out_of_fold, outcomes));
  for (double& probability : member.out_of_fold) probability = calibrator.Apply(probability);
  member.model = std::make_shared<CalibratedModel>(std::move(member.model), std::move(calibrator));
  member.summary += fmt::format(", {} calibration on out-of-fold predictions", CalibrationMethodName(method));
  return member;
}

Result<MemberFit> FitEnsemble(const TrainingSet& training, const ModelSpecification& spec, CalibrationMethod method) {
  if (method == CalibrationMethod::kNone) method = CalibrationMethod::kPlatt;
  TOCSIN_ASSIGN_OR_RETURN(MemberFit linear, FitStableElasticNet(training, spec));
  TOCSIN_ASSIGN_OR_RETURN(linear, CalibrateMember(std::move(linear), method, training.y));
  TOCSIN_ASSIGN_OR_RETURN(MemberFit trees, FitBoostedTrees(training, spec));
  TOCSIN_ASSIGN_OR_RETURN(trees, CalibrateMember(std::move(trees), method, training.y));
  if (spec.ensemble_weight) return CombineMembers(linear, trees, *spec.ensemble_weight);
  double best_loss = std::numeric_limits<double>::infinity();
  double best_weight = 0;
  std::vector<double> combined(training.y.size());
  for (int step = 0; step <= kWeightSteps; ++step) {
    const double weight = static_cast<double>(step) / kWeightSteps;
    for (std::size_t i = 0; i < combined.size(); ++i) {
      combined[i] = weight * linear.out_of_fold[i] + (1 - weight) * trees.out_of_fold[i];
    }
    TOCSIN_ASSIGN_OR_RETURN(const double loss, LogLoss(combined, training.y));
    if (loss < best_loss) {
      best_loss = loss;
      best_weight = weight;
    }
  }
  return CombineMembers(linear, trees, best_weight);
}

MemberFit CombineMembers(const MemberFit& linear, const MemberFit& trees, double linear_weight) {
  const double trees_weight = 1 - linear_weight;
  MemberFit ensemble;
  ensemble.out_of_fold.resize(std::max(linear.out_of_fold.size(), trees.out_of_fold.size()));
  for (std::size_t i = 0; i < ensemble.out_of_fold.size(); ++i) {
    ensemble.out_of_fold[i] = (linear_weight == 0 ? 0 : linear_weight * linear.out_of_fold[i]) +
                              (trees_weight == 0 ? 0 : trees_weight * trees.out_of_fold[i]);
  }
  ensemble.summary = fmt::format("ensemble {:.1f} × ({}) + {:.1f} × ({})", linear_weight, linear.summary,
                                 trees_weight, trees.summary);
  ensemble.model = std::make_shared<WeightedModel>(
      std::vector<std::shared_ptr<const RiskModel>>{linear.model, trees.model},
      std::vector<double>{linear_weight, trees_weight});
  ensemble.choices.lambda = linear.choices.lambda;
  ensemble.choices.trees = trees.choices.trees;
  ensemble.choices.linear_weight = linear_weight;
  return ensemble;
}

}  // namespace tocsin::forecast
