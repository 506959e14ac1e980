// Scores for probability forecasts of a binary outcome: discrimination (AUC, ROC
// curve), accuracy (Brier score, Brier skill score, log loss) and calibration by
// risk decile.
//
// Every function takes two parallel spans: `probabilities` (each in [0, 1]) and
// `outcomes` (each exactly 0 or 1), one pair per forecast. Missing forecasts must
// be dropped by the caller. Errors, as InvalidArgument: empty input, spans of
// different lengths, a probability that is NaN or outside [0, 1], an outcome other
// than 0 or 1; and, where the score is undefined, outcomes of a single class.
// All functions are pure and thread-safe.
#pragma once

#include <span>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::forecast {

// Area under the ROC curve: the probability that a random positive is ranked
// above a random negative, ties counted half (the Mann-Whitney U statistic over
// n1 * n0). Equals pROC's auc() and the rank formula
// (sum(rank(p)[y == 1]) - n1 (n1 + 1) / 2) / (n1 n0). Needs both classes.
Result<double> AreaUnderRocCurve(std::span<const double> probabilities, std::span<const double> outcomes);

// Points of the empirical ROC curve, for plotting. Point i classifies a forecast
// as positive when its probability >= thresholds[i]. thresholds[0] is +infinity
// (the point (0, 0)); the rest are the distinct probabilities in decreasing
// order, the last giving (1, 1). Joining the points with straight lines gives an
// area equal to AreaUnderRocCurve. Needs both classes.
struct RocCurve {
  std::vector<double> thresholds;
  std::vector<double> true_positive_rates;   // sensitivity
  std::vector<double> false_positive_rates;  // 1 - specificity
};
Result<RocCurve> ComputeRocCurve(std::span<const double> probabilities, std::span<const double> outcomes);

// Mean squared difference between probability and outcome: 0 is perfect.
Result<double> BrierScore(std::span<const double> probabilities, std::span<const double> outcomes);

// 1 - brier / brier_of_base_rate, where the reference forecast gives every row the
// sample mean of the outcomes. 1 is perfect, 0 no better than the base rate,
// negative worse. Needs both classes (otherwise the reference scores 0).
Result<double> BrierSkillScore(std::span<const double> probabilities, std::span<const double> outcomes);

struct LogLossOptions {
  // Probabilities are clamped into [epsilon, 1 - epsilon] first, so that one
  // confident miss gives a large finite loss instead of infinity. 0 disables.
  double epsilon = 1e-15;
};

// Mean negative log-likelihood, -mean(y log p + (1 - y) log(1 - p)), in nats.
// Errors also when epsilon is outside [0, 0.5).
Result<double> LogLoss(std::span<const double> probabilities, std::span<const double> outcomes,
                       const LogLossOptions& options = {});

struct CalibrationOptions {
  int groups = 10;  // deciles
};

// One risk group: consecutive forecasts in order of probability.
struct CalibrationGroup {
  int count = 0;
  double mean_predicted = 0;  // mean probability in the group
  double observed_rate = 0;   // share of outcomes equal to 1
  double lowest_predicted = 0;
  double highest_predicted = 0;
};

// Calibration table: forecasts sorted by increasing probability (ties keep input
// order), split into `groups` consecutive groups whose sizes differ by at most
// one (group g holds sorted rows [floor(g n / groups), floor((g + 1) n / groups))).
// Errors also when groups < 1 or there are fewer rows than groups.
Result<std::vector<CalibrationGroup>> CalibrationTable(std::span<const double> probabilities,
                                                       std::span<const double> outcomes,
                                                       const CalibrationOptions& options = {});

// Average precision: the area under the precision-recall curve as the step sum
// over distinct thresholds, sum (R_k - R_{k-1}) P_k (scikit-learn's
// average_precision_score). Ties form one threshold. Needs a positive.
Result<double> AveragePrecision(std::span<const double> probabilities, std::span<const double> outcomes);

// The logistic recalibration of a forecast: outcome ~ intercept + slope × logit(p),
// fitted by maximum likelihood (Cox 1958). A calibrated forecast has slope 1 and
// intercept 0; a slope below 1 says the forecasts are too extreme. Probabilities
// are clamped into [kRecalibrationEpsilon, 1 - kRecalibrationEpsilon] before the
// logit. Needs both classes; FailedPrecondition when Newton's method does not
// converge (e.g. the outcomes are perfectly separated by p).
struct LogisticRecalibration {
  double intercept = 0;
  double slope = 1;
};
inline constexpr double kRecalibrationEpsilon = 1e-6;
Result<LogisticRecalibration> FitLogisticRecalibration(std::span<const double> probabilities,
                                                       std::span<const double> outcomes);

// Calibration in the large: the intercept a of outcome ~ a + logit(p) with the
// slope held at 1; 0 when the mean forecast is right, negative when forecasts are
// too high. Needs both classes.
Result<double> CalibrationInTheLarge(std::span<const double> probabilities, std::span<const double> outcomes);

}  // namespace tocsin::forecast
