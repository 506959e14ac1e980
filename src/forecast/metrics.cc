#include "tocsin/forecast/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <string>

namespace tocsin::forecast {
namespace {

struct ClassCounts {
  std::size_t positives = 0;
  std::size_t negatives = 0;
};

// Checks the contract shared by every score and counts the classes.
Result<ClassCounts> Validate(std::span<const double> probabilities, std::span<const double> outcomes) {
  if (probabilities.size() != outcomes.size()) {
    return InvalidArgumentError(
        "probabilities and outcomes differ in length: " + std::to_string(probabilities.size()) + " and " +
        std::to_string(outcomes.size()));
  }
  if (probabilities.empty()) return InvalidArgumentError("no forecasts to score");
  ClassCounts counts;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double probability = probabilities[i];
    // Written so that NaN fails too.
    if (!(probability >= 0.0 && probability <= 1.0)) {
      return InvalidArgumentError("forecast " + std::to_string(i) + ": probability " +
                                  std::to_string(probability) + " is not in [0, 1]");
    }
    if (outcomes[i] == 1.0) {
      ++counts.positives;
    } else if (outcomes[i] == 0.0) {
      ++counts.negatives;
    } else {
      return InvalidArgumentError("forecast " + std::to_string(i) + ": outcome " +
                                  std::to_string(outcomes[i]) + " is not 0 or 1");
    }
  }
  return counts;
}

Status RequireBothClasses(const ClassCounts& counts, const char* score) {
  if (counts.positives == 0 || counts.negatives == 0) {
    return InvalidArgumentError(std::string(score) + " needs both outcomes, but all " +
                                std::to_string(counts.positives + counts.negatives) + " are " +
                                (counts.positives == 0 ? "0" : "1"));
  }
  return Status::Ok();
}

// Row indices sorted by probability, ascending; ties keep input order.
std::vector<std::size_t> OrderByProbability(std::span<const double> probabilities) {
  std::vector<std::size_t> order(probabilities.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t left, std::size_t right) {
    return probabilities[left] < probabilities[right];
  });
  return order;
}

double Logit(double probability) {
  const double clamped = std::clamp(probability, kRecalibrationEpsilon, 1.0 - kRecalibrationEpsilon);
  return std::log(clamped / (1.0 - clamped));
}

// Newton's method for a logistic likelihood stops when a step moves no
// coefficient by more than this, or fails after this many steps.
constexpr double kNewtonTolerance = 1e-10;
constexpr int kNewtonSteps = 100;

double MeanSquaredError(std::span<const double> probabilities, std::span<const double> outcomes) {
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double error = probabilities[i] - outcomes[i];
    sum += error * error;
  }
  return sum / static_cast<double>(probabilities.size());
}

}  // namespace

Result<double> AreaUnderRocCurve(std::span<const double> probabilities, std::span<const double> outcomes) {
  TOCSIN_ASSIGN_OR_RETURN(const ClassCounts counts, Validate(probabilities, outcomes));
  TOCSIN_RETURN_IF_ERROR(RequireBothClasses(counts, "AUC"));
  const std::vector<std::size_t> order = OrderByProbability(probabilities);
  // Walk groups of tied probabilities upwards: each positive in a group beats
  // every negative below the group and ties with the negatives inside it. The
  // counts are whole numbers, so the sum is exact in a double up to 2^53.
  double negatives_below = 0;
  double wins = 0;
  std::size_t start = 0;
  while (start < order.size()) {
    std::size_t end = start;
    double group_positives = 0;
    double group_negatives = 0;
    for (; end < order.size() && probabilities[order[end]] == probabilities[order[start]]; ++end) {
      if (outcomes[order[end]] == 1.0) {
        ++group_positives;
      } else {
        ++group_negatives;
      }
    }
    wins += group_positives * (negatives_below + 0.5 * group_negatives);
    negatives_below += group_negatives;
    start = end;
  }
  return wins / (static_cast<double>(counts.positives) * static_cast<double>(counts.negatives));
}

Result<RocCurve> ComputeRocCurve(std::span<const double> probabilities, std::span<const double> outcomes) {
  TOCSIN_ASSIGN_OR_RETURN(const ClassCounts counts, Validate(probabilities, outcomes));
  TOCSIN_RETURN_IF_ERROR(RequireBothClasses(counts, "ROC curve"));
  std::vector<std::size_t> order = OrderByProbability(probabilities);
  std::reverse(order.begin(), order.end());
  RocCurve curve;
  curve.thresholds.push_back(std::numeric_limits<double>::infinity());
  curve.true_positive_rates.push_back(0);
  curve.false_positive_rates.push_back(0);
  double true_positives = 0;
  double false_positives = 0;
  std::size_t start = 0;
  while (start < order.size()) {
    const double threshold = probabilities[order[start]];
    std::size_t end = start;
    for (; end < order.size() && probabilities[order[end]] == threshold; ++end) {
      if (outcomes[order[end]] == 1.0) {
        ++true_positives;
      } else {
        ++false_positives;
      }
    }
    curve.thresholds.push_back(threshold);
    curve.true_positive_rates.push_back(true_positives / static_cast<double>(counts.positives));
    curve.false_positive_rates.push_back(false_positives / static_cast<double>(counts.negatives));
    start = end;
  }
  return curve;
}

Result<double> BrierScore(std::span<const double> probabilities, std::span<const double> outcomes) {
  TOCSIN_RETURN_IF_ERROR(Validate(probabilities, outcomes).status());
  return MeanSquaredError(probabilities, outcomes);
}

Result<double> BrierSkillScore(std::span<const double> probabilities, std::span<const double> outcomes) {
  TOCSIN_ASSIGN_OR_RETURN(const ClassCounts counts, Validate(probabilities, outcomes));
  TOCSIN_RETURN_IF_ERROR(RequireBothClasses(counts, "Brier skill score"));
  const double base_rate =
      static_cast<double>(counts.positives) / static_cast<double>(counts.positives + counts.negatives);
  // Forecasting the base rate b everywhere scores b (1 - b): the mean of
  // (b - 1)^2 over positives and b^2 over negatives.
  const double reference = base_rate * (1.0 - base_rate);
  return 1.0 - MeanSquaredError(probabilities, outcomes) / reference;
}

Result<double> LogLoss(std::span<const double> probabilities, std::span<const double> outcomes,
                       const LogLossOptions& options) {
  if (!(options.epsilon >= 0.0 && options.epsilon < 0.5)) {
    return InvalidArgumentError("log loss epsilon " + std::to_string(options.epsilon) +
                                " is not in [0, 0.5)");
  }
  TOCSIN_RETURN_IF_ERROR(Validate(probabilities, outcomes).status());
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    const double probability = std::clamp(probabilities[i], options.epsilon, 1.0 - options.epsilon);
    // Only the term of the observed outcome counts; evaluating the other would
    // turn 0 * log(0) into NaN when epsilon is 0.
    sum -= outcomes[i] == 1.0 ? std::log(probability) : std::log1p(-probability);
  }
  return sum / static_cast<double>(probabilities.size());
}

Result<std::vector<CalibrationGroup>> CalibrationTable(std::span<const double> probabilities,
                                                       std::span<const double> outcomes,
                                                       const CalibrationOptions& options) {
  if (options.groups < 1) {
    return InvalidArgumentError("calibration needs at least one group, not " +
                                std::to_string(options.groups));
  }
  TOCSIN_RETURN_IF_ERROR(Validate(probabilities, outcomes).status());
  const std::size_t rows = probabilities.size();
  const auto groups = static_cast<std::size_t>(options.groups);
  if (rows < groups) {
    return InvalidArgumentError("calibration in " + std::to_string(groups) + " groups needs at least " +
                                std::to_string(groups) + " forecasts, not " + std::to_string(rows));
  }
  const std::vector<std::size_t> order = OrderByProbability(probabilities);
  std::vector<CalibrationGroup> table;
  table.reserve(groups);
  for (std::size_t group = 0; group < groups; ++group) {
    const std::size_t first = group * rows / groups;
    const std::size_t last = (group + 1) * rows / groups;
    CalibrationGroup row;
    row.count = static_cast<int>(last - first);
    row.lowest_predicted = probabilities[order[first]];
    row.highest_predicted = probabilities[order[last - 1]];
    double predicted_sum = 0;
    double observed_sum = 0;
    for (std::size_t position = first; position < last; ++position) {
      predicted_sum += probabilities[order[position]];
      observed_sum += outcomes[order[position]];
    }
    row.mean_predicted = predicted_sum / static_cast<double>(row.count);
    row.observed_rate = observed_sum / static_cast<double>(row.count);
    table.push_back(row);
  }
  return table;
}

Result<double> AveragePrecision(std::span<const double> probabilities, std::span<const double> outcomes) {
  TOCSIN_ASSIGN_OR_RETURN(const ClassCounts counts, Validate(probabilities, outcomes));
  if (counts.positives == 0) return InvalidArgumentError("average precision needs a positive outcome");
  std::vector<std::size_t> order = OrderByProbability(probabilities);
  std::reverse(order.begin(), order.end());
  double true_positives = 0;
  double seen = 0;
  double previous_recall = 0;
  double area = 0;
  std::size_t start = 0;
  while (start < order.size()) {
    std::size_t end = start;
    for (; end < order.size() && probabilities[order[end]] == probabilities[order[start]]; ++end) {
      true_positives += outcomes[order[end]];
      ++seen;
    }
    const double recall = true_positives / static_cast<double>(counts.positives);
    area += (recall - previous_recall) * (true_positives / seen);
    previous_recall = recall;
    start = end;
  }
  return area;
}

Result<LogisticRecalibration> FitLogisticRecalibration(std::span<const double> probabilities,
                                                       std::span<const double> outcomes) {
  TOCSIN_ASSIGN_OR_RETURN(const ClassCounts counts, Validate(probabilities, outcomes));
  TOCSIN_RETURN_IF_ERROR(RequireBothClasses(counts, "logistic recalibration"));
  std::vector<double> logits(probabilities.size());
  for (std::size_t i = 0; i < logits.size(); ++i) logits[i] = Logit(probabilities[i]);
  // Start at the identity map: for a forecast that is nearly calibrated, Newton
  // then needs few steps.
  LogisticRecalibration fit;
  for (int step = 0; step < kNewtonSteps; ++step) {
    double gradient_intercept = 0, gradient_slope = 0;
    double hessian_ii = 0, hessian_is = 0, hessian_ss = 0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
      const double p = 1.0 / (1.0 + std::exp(-(fit.intercept + fit.slope * logits[i])));
      const double weight = p * (1.0 - p);
      const double residual = outcomes[i] - p;
      gradient_intercept += residual;
      gradient_slope += residual * logits[i];
      hessian_ii += weight;
      hessian_is += weight * logits[i];
      hessian_ss += weight * logits[i] * logits[i];
    }
    const double determinant = hessian_ii * hessian_ss - hessian_is * hessian_is;
    if (!(std::abs(determinant) > 0)) break;
    const double step_intercept = (hessian_ss * gradient_intercept - hessian_is * gradient_slope) / determinant;
    const double step_slope = (hessian_ii * gradient_slope - hessian_is * gradient_intercept) / determinant;
    fit.intercept += step_intercept;
    fit.slope += step_slope;
    if (!std::isfinite(fit.intercept) || !std::isfinite(fit.slope)) break;
    if (std::max(std::abs(step_intercept), std::abs(step_slope)) < kNewtonTolerance) return fit;
  }
  return FailedPreconditionError("logistic recalibration did not converge (are the outcomes separated by p?)");
}

Result<double> CalibrationInTheLarge(std::span<const double> probabilities, std::span<const double> outcomes) {
  TOCSIN_ASSIGN_OR_RETURN(const ClassCounts counts, Validate(probabilities, outcomes));
  TOCSIN_RETURN_IF_ERROR(RequireBothClasses(counts, "calibration in the large"));
  double intercept = 0;
  for (int step = 0; step < kNewtonSteps; ++step) {
    double gradient = 0, hessian = 0;
    for (std::size_t i = 0; i < probabilities.size(); ++i) {
      const double p = 1.0 / (1.0 + std::exp(-(intercept + Logit(probabilities[i]))));
      gradient += outcomes[i] - p;
      hessian += p * (1.0 - p);
    }
    const double change = gradient / hessian;
    intercept += change;
    if (std::abs(change) < kNewtonTolerance) return intercept;
  }
  return FailedPreconditionError("calibration in the large did not converge");
}

}  // namespace tocsin::forecast
