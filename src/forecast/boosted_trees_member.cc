// xgb as a risk model: gradient-boosted trees whose depth and number of rounds
// are chosen by inner cross-validation inside the training window, with monotone
// constraints where the direction of a predictor's effect is known.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "member_fit.h"
#include "tocsin/forecast/gradient_boosting.h"
#include "tocsin/forecast/metrics.h"
#include "tocsin/forecast/r_random.h"

namespace tocsin::forecast {
namespace {

// Settings tried by the inner cross-validation: shallow trees with slow learning,
// because 39 predictors and a few hundred onsets support little interaction.
constexpr TreeSetting kTreeSettings[] = {{1, 400, 0.05}, {2, 300, 0.03}, {3, 300, 0.03}};

// Directions that are part of what the predictor measures, not estimates: more
// killing, conflict, coups, infant mortality, discrimination and repression can
// only raise the risk, more growth only lower it. Every other predictor is free.
int KnownDirection(const std::string& predictor) {
  static const std::map<std::string, int> kDirections = {
      {"widetargeting", 1},        {"narrowtargeting", 1},  {"battledeaths.log2", 1},
      {"coup.try.5yr", 1},         {"un_imr_sqrt", 1},      {"discrimpop", 1},
      {"pol_killing_approved", 1}, {"repress_civilsoc", 1}, {"gdppcgrowth", -1}};
  const auto found = kDirections.find(predictor);
  return found == kDirections.end() ? 0 : found->second;
}

class BoostedTreesModel : public RiskModel {
 public:
  explicit BoostedTreesModel(GradientBoostingModel model) : model_(std::move(model)) {}

  Result<ModelScores> Score(const Matrix& x) const override {
    ModelScores scores;
    TOCSIN_ASSIGN_OR_RETURN(scores.probabilities, model_.Predict(x));
    TOCSIN_ASSIGN_OR_RETURN(const Matrix with_bias, model_.Contributions(x));
    scores.contributions = Matrix(x.rows(), x.cols());
    for (std::size_t j = 0; j < x.cols(); ++j) {
      for (std::size_t i = 0; i < x.rows(); ++i) scores.contributions(i, j) = with_bias(i, j);
    }
    return scores;
  }

 private:
  GradientBoostingModel model_;
};

GradientBoostingOptions OptionsFor(const TreeSetting& setting, const ModelSpecification& spec) {
  GradientBoostingOptions options;
  options.max_depth = setting.max_depth;
  options.rounds = setting.rounds;
  options.learning_rate = setting.learning_rate;
  options.seed = static_cast<int>(spec.seed);
  for (const std::string& predictor : spec.predictors) options.monotone.push_back(KnownDirection(predictor));
  return options;
}

// Predictions for each row of `training` by the model fitted on the other folds.
Result<std::vector<double>> OutOfFold(const TrainingSet& training, const ModelSpecification& spec,
                                      const TreeSetting& setting, std::span<const int> fold_ids, int folds) {
  std::vector<double> out_of_fold(training.y.size(), 0.0);
  std::vector<std::size_t> train, held_out;
  for (int fold = 1; fold <= folds; ++fold) {
    SplitFold(fold_ids, fold, &train, &held_out);
    if (held_out.empty()) continue;
    std::vector<double> y;
    for (std::size_t row : train) y.push_back(training.y[row]);
    TOCSIN_ASSIGN_OR_RETURN(
        auto model, GradientBoostingModel::Fit(SelectRows(training.x, train), y, OptionsFor(setting, spec)));
    TOCSIN_ASSIGN_OR_RETURN(auto predicted, model.Predict(SelectRows(training.x, held_out)));
    for (std::size_t i = 0; i < held_out.size(); ++i) out_of_fold[held_out[i]] = predicted[i];
  }
  return out_of_fold;
}

}  // namespace

Result<MemberFit> FitBoostedTrees(const TrainingSet& training, const ModelSpecification& spec) {
  if (spec.inner_folds < 2) return InvalidArgumentError(fmt::format("xgb needs inner_folds >= 2, not {}", spec.inner_folds));
  const std::size_t rows = training.y.size();
  const std::vector<int> fold_ids = RFoldIds(spec.seed, static_cast<int>(rows), spec.inner_folds);
  double best_loss = std::numeric_limits<double>::infinity();
  const TreeSetting* best = nullptr;
  MemberFit member;
  for (const TreeSetting& setting : kTreeSettings) {
    TOCSIN_ASSIGN_OR_RETURN(std::vector<double> out_of_fold,
                            OutOfFold(training, spec, setting, fold_ids, spec.inner_folds));
    TOCSIN_ASSIGN_OR_RETURN(const double loss, LogLoss(out_of_fold, training.y));
    if (loss < best_loss) {
      best_loss = loss;
      best = &setting;
      member.out_of_fold = std::move(out_of_fold);
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(auto model, GradientBoostingModel::Fit(training.x, training.y, OptionsFor(*best, spec)));
  member.model = std::make_shared<BoostedTreesModel>(std::move(model));
  member.summary = fmt::format("xgb, depth {} × {} rounds at eta {} (inner {}-fold log loss {:.5f})", best->max_depth,
                               best->rounds, best->learning_rate, spec.inner_folds, best_loss);
  member.choices.trees = *best;
  return member;
}

Result<MemberFit> FitBoostedTreesAt(const TrainingSet& training, const ModelSpecification& spec,
                                    const TreeSetting& setting, std::span<const int> fold_ids) {
  MemberFit member;
  if (!fold_ids.empty()) {
    const int folds = *std::max_element(fold_ids.begin(), fold_ids.end());
    TOCSIN_ASSIGN_OR_RETURN(member.out_of_fold, OutOfFold(training, spec, setting, fold_ids, folds));
  }
  TOCSIN_ASSIGN_OR_RETURN(auto model,
                          GradientBoostingModel::Fit(training.x, training.y, OptionsFor(setting, spec)));
  member.model = std::make_shared<BoostedTreesModel>(std::move(model));
  member.summary = fmt::format("xgb, depth {} × {} rounds at eta {}", setting.max_depth, setting.rounds,
                               setting.learning_rate);
  member.choices.trees = setting;
  return member;
}

}  // namespace tocsin::forecast
