#include "tocsin/forecast/risk_interval.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <optional>
#include <random>

#include "member_fit.h"
#include "parallel_for.h"
#include "tocsin/forecast/calibration.h"
#include "tocsin/forecast/change_variables.h"
#include "tocsin/forecast/elastic_net.h"
#include "tocsin/forecast/r_random.h"

namespace tocsin::forecast {
namespace {

// A percentile interval needs at least two resampled risks, whatever the share.
constexpr int kMinimumResamplesUsed = 2;

// What every resample shares: the full window, the forecast and its choices.
struct Window {
  const Panel& panel;
  const ModelSpecification& spec;
  const RiskForecast& forecast;
  ModelKind kind = ModelKind::kReference;
  CalibrationMethod calibration = CalibrationMethod::kNone;
  TrainingSet training;
  std::vector<std::size_t> predictors;  // panel variables, in the specification's order
  Matrix scored;                        // the predictors of forecast.risks, in that order
  // Folds over the window's rows whose out-of-fold predictions calibrate the model:
  // the elastic net's fold draws (enet: its own; enet-stable: one per repeat) and
  // the trees' inner folds. Empty when nothing is calibrated.
  std::vector<std::vector<int>> linear_folds;
  std::vector<int> tree_folds;
};

// enet and enet-stable without calibration: the fit at the forecast's lambda,
// scored with glmnet's arithmetic as ScoreYear does.
Result<std::vector<double>> RefitLinear(const Window& window, const TrainingSet& resample) {
  TOCSIN_ASSIGN_OR_RETURN(
      const ElasticNetCoefficients fit,
      FitAtLambda(resample.x, resample.y, window.spec.elastic_net, window.forecast.model.lambda));
  const auto& risks = window.forecast.risks;
  std::vector<double> probabilities;
  probabilities.reserve(risks.size());
  for (const auto& risk : risks) {
    double log_odds = fit.intercept;
    for (std::size_t j = 0; j < window.predictors.size(); ++j) {
      log_odds += fit.coefficients[j] * window.panel.value(risk.panel_row, window.predictors[j]);
    }
    probabilities.push_back(1.0 / (1.0 + std::exp(-log_odds)));
  }
  return probabilities;
}

// Every other model: its members refitted at the chosen settings, each calibrated
// on out-of-fold predictions from the inherited folds, combined by the chosen weight.
Result<std::vector<double>> RefitChosen(const Window& window, const TrainingSet& resample,
                                        const std::vector<std::size_t>& drawn) {
  const auto inherit = [&drawn](const std::vector<int>& fold_ids) {
    std::vector<int> inherited;
    inherited.reserve(drawn.size());
    for (std::size_t row : drawn) inherited.push_back(fold_ids[row]);
    return inherited;
  };
  const ModelChoices& choices = window.forecast.model.choices;
  const bool ensemble = window.kind == ModelKind::kEnsemble;
  CalibrationMethod method = window.calibration;
  if (ensemble && method == CalibrationMethod::kNone) method = CalibrationMethod::kPlatt;
  MemberFit linear, trees;
  if (window.kind == ModelKind::kReference || window.kind == ModelKind::kStableElasticNet ||
      (ensemble && choices.linear_weight != 0)) {
    std::vector<std::vector<int>> fold_draws;
    for (const std::vector<int>& fold_ids : window.linear_folds) fold_draws.push_back(inherit(fold_ids));
    TOCSIN_ASSIGN_OR_RETURN(linear, FitElasticNetAt(resample, window.spec, choices.lambda, fold_draws));
    TOCSIN_ASSIGN_OR_RETURN(linear, CalibrateMember(std::move(linear), method, resample.y));
  }
  if (window.kind == ModelKind::kBoostedTrees || (ensemble && choices.linear_weight != 1)) {
    const std::vector<int> fold_ids =
        window.tree_folds.empty() ? std::vector<int>() : inherit(window.tree_folds);
    TOCSIN_ASSIGN_OR_RETURN(trees, FitBoostedTreesAt(resample, window.spec, *choices.trees, fold_ids));
    TOCSIN_ASSIGN_OR_RETURN(trees, CalibrateMember(std::move(trees), method, resample.y));
  }
  const std::shared_ptr<const RiskModel> model =
      ensemble ? CombineMembers(linear, trees, choices.linear_weight).model
               : (window.kind == ModelKind::kBoostedTrees ? trees.model : linear.model);
  TOCSIN_ASSIGN_OR_RETURN(ModelScores scores, model->Score(window.scored));
  return std::move(scores.probabilities);
}

// The checks that `forecast` holds what refitting `window.kind` needs.
Status CheckFittedAs(const Window& window) {
  const FittedModel& model = window.forecast.model;
  const bool linear = window.kind == ModelKind::kReference || window.kind == ModelKind::kStableElasticNet;
  const bool consistent =
      linear ? !model.coefficients.empty() &&
                   (window.kind != ModelKind::kReference || window.calibration == CalibrationMethod::kNone ||
                    model.choices.fold_ids.size() == window.training.rows.size())
             : model.learned != nullptr && model.choices.trees.has_value();
  if (consistent) return Status::Ok();
  return FailedPreconditionError(
      fmt::format("the forecast was not fitted as {} with {} calibration; refit it first", window.spec.model,
                  window.spec.calibration));
}

// Fills window.scored and the fold draws that calibration needs.
void PrepareRefits(Window& window) {
  const auto& risks = window.forecast.risks;
  window.scored = Matrix(risks.size(), window.predictors.size());
  for (std::size_t r = 0; r < risks.size(); ++r) {
    for (std::size_t j = 0; j < window.predictors.size(); ++j) {
      window.scored(r, j) = window.panel.value(risks[r].panel_row, window.predictors[j]);
    }
  }
  const ModelSpecification& spec = window.spec;
  const int rows = static_cast<int>(window.training.rows.size());
  const bool ensemble = window.kind == ModelKind::kEnsemble;
  if (window.calibration == CalibrationMethod::kNone && !ensemble) return;
  if (window.kind == ModelKind::kReference)
    window.linear_folds.push_back(window.forecast.model.choices.fold_ids);
  if (window.kind == ModelKind::kStableElasticNet || ensemble) {
    for (int repeat = 0; repeat < spec.repeats; ++repeat) {
      window.linear_folds.push_back(
          RFoldIds(spec.seed + static_cast<std::uint32_t>(repeat), rows, spec.folds));
    }
  }
  if (window.kind == ModelKind::kBoostedTrees || ensemble)
    window.tree_folds = RFoldIds(spec.seed, rows, spec.inner_folds);
}

}  // namespace

Result<RiskIntervals> BootstrapRiskIntervals(const Panel& given, const ModelSpecification& spec,
                                             const RiskForecast& forecast,
                                             const RiskIntervalOptions& options) {
  if (options.resamples < 2 || !(options.level > 0 && options.level < 1)) {
    return InvalidArgumentError(fmt::format("risk intervals need resamples >= 2 and a level in (0, 1), not {} and {}",
                                            options.resamples, options.level));
  }
  if (!(options.minimum_used_share >= 0 && options.minimum_used_share <= 1)) {
    return InvalidArgumentError(
        fmt::format("risk intervals need a minimum share of resamples used in [0, 1], not {}",
                    options.minimum_used_share));
  }
  TOCSIN_ASSIGN_OR_RETURN(const ModelKind kind, ParseModelKind(spec.model));
  TOCSIN_ASSIGN_OR_RETURN(const CalibrationMethod calibration, ParseCalibrationMethod(spec.calibration));
  TOCSIN_ASSIGN_OR_RETURN(const std::optional<Panel> derived, AddChangeVariables(given, spec.predictors));
  const Panel& panel = derived ? *derived : given;
  TOCSIN_ASSIGN_OR_RETURN(TrainingSet training,
                          BuildTrainingSet(panel, spec, forecast.model.trained_through));
  Window window{panel, spec, forecast, kind, calibration, std::move(training), {}, {}, {}, {}};
  TOCSIN_RETURN_IF_ERROR(CheckFittedAs(window));
  for (const std::string& name : spec.predictors) {
    TOCSIN_ASSIGN_OR_RETURN(const std::size_t index, panel.Variable(name));
    window.predictors.push_back(index);
  }
  const bool linear_only = calibration == CalibrationMethod::kNone &&
                           (kind == ModelKind::kReference || kind == ModelKind::kStableElasticNet);
  if (!linear_only) PrepareRefits(window);

  std::map<int, std::vector<std::size_t>> rows_by_country;
  for (std::size_t i = 0; i < window.training.rows.size(); ++i) {
    rows_by_country[panel.key(window.training.rows[i]).cow].push_back(i);
  }
  std::vector<const std::vector<std::size_t>*> countries;
  for (const auto& [cow, rows] : rows_by_country) countries.push_back(&rows);
  // Every draw is made here, in order, so that the refits may run in any order on
  // any number of threads. Same reason as in model_comparison.cc for the generator:
  // one whose sequence the standard fixes.
  std::mt19937_64 generator(options.seed);
  std::vector<std::vector<std::size_t>> draws(static_cast<std::size_t>(options.resamples));
  for (auto& drawn : draws) {
    for (std::size_t c = 0; c < countries.size(); ++c) {
      const auto& rows = *countries[generator() % countries.size()];
      drawn.insert(drawn.end(), rows.begin(), rows.end());
    }
  }

  std::vector<std::optional<Result<std::vector<double>>>> refits(draws.size());
  std::mutex progress_mutex;
  int done = 0;
  ParallelFor(draws.size(), options.threads, [&](std::size_t resample) {
    const std::vector<std::size_t>& drawn = draws[resample];
    TrainingSet sample;
    sample.x = SelectRows(window.training.x, drawn);
    sample.y.reserve(drawn.size());
    for (std::size_t row : drawn) {
      sample.y.push_back(window.training.y[row]);
      sample.rows.push_back(window.training.rows[row]);
    }
    refits[resample].emplace(linear_only ? RefitLinear(window, sample) : RefitChosen(window, sample, drawn));
    if (options.progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      options.progress(++done, options.resamples);
    }
  });

  // A draw with too few onsets cannot be fitted; it is left out and counted, and
  // fatal only when too many are.
  RiskIntervals intervals;
  intervals.resamples = options.resamples;
  std::vector<std::vector<double>> risks(forecast.risks.size());
  for (const auto& refit : refits) {
    if (!refit->ok()) {
      if (intervals.first_failure.empty()) intervals.first_failure = refit->status().message();
      continue;
    }
    ++intervals.used;
    for (std::size_t r = 0; r < forecast.risks.size(); ++r) risks[r].push_back((**refit)[r]);
  }
  const int minimum = std::max(
      kMinimumResamplesUsed,
      static_cast<int>(std::ceil(options.minimum_used_share * static_cast<double>(options.resamples))));
  if (intervals.used < minimum) {
    return FailedPreconditionError(
        fmt::format("only {} of {} bootstrap resamples could be fitted, fewer than the {} an interval needs; "
                    "the training window is too small ({})",
                    intervals.used, intervals.resamples, minimum, intervals.first_failure));
  }
  const double tail = (1 - options.level) / 2;
  for (std::size_t r = 0; r < forecast.risks.size(); ++r) {
    std::sort(risks[r].begin(), risks[r].end());
    const auto at = [&](double share) {
      return risks[r][static_cast<std::size_t>(std::lround(share * static_cast<double>(risks[r].size() - 1)))];
    };
    intervals.countries.push_back({forecast.risks[r].cow, at(tail), at(1 - tail)});
  }
  return intervals;
}

}  // namespace tocsin::forecast
