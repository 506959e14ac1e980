#include "tocsin/forecast/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace tocsin::forecast {
namespace {

constexpr double kTolerance = 1e-12;

// Four forecasts whose scores are easy to work out by hand: of the four
// (positive, negative) pairs, 0.35 loses to 0.4, the other three are won.
const std::vector<double> kHandProbabilities = {0.1, 0.4, 0.35, 0.8};
const std::vector<double> kHandOutcomes = {0, 0, 1, 1};

// 25 forecasts with ties inside and across classes; every expected score below
// was computed in R 4.2.2, AUC by the rank formula
// (sum(rank(p)[y == 1]) - n1 (n1 + 1) / 2) / (n1 n0).
const std::vector<double> kTiedProbabilities = {0.02, 0.05, 0.05, 0.10, 0.12, 0.12, 0.12, 0.20, 0.25,
                                                0.30, 0.30, 0.33, 0.40, 0.45, 0.50, 0.50, 0.61, 0.70,
                                                0.70, 0.85, 0.90, 0.95, 0.05, 0.30, 0.12};
const std::vector<double> kTiedOutcomes = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0,
                                           1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0};

// Area under a polyline by the trapezoid rule.
double TrapezoidArea(const RocCurve& curve) {
  double area = 0;
  for (std::size_t i = 1; i < curve.thresholds.size(); ++i) {
    area += (curve.false_positive_rates[i] - curve.false_positive_rates[i - 1]) *
            (curve.true_positive_rates[i] + curve.true_positive_rates[i - 1]) / 2;
  }
  return area;
}

TEST(AreaUnderRocCurve, CountsWonPairsOverAllPairs) {
  const Result<double> auc = AreaUnderRocCurve(kHandProbabilities, kHandOutcomes);
  ASSERT_TRUE(auc.ok()) << auc.status().ToString();
  EXPECT_DOUBLE_EQ(*auc, 0.75);
}

TEST(AreaUnderRocCurve, CountsTiedPairsAsHalf) {
  const Result<double> auc =
      AreaUnderRocCurve(std::vector<double>{0.3, 0.3, 0.6}, std::vector<double>{0, 1, 1});
  ASSERT_TRUE(auc.ok()) << auc.status().ToString();
  // Pairs: (0.3 vs 0.3) tied = 1/2, (0.6 vs 0.3) won = 1; two pairs.
  EXPECT_DOUBLE_EQ(*auc, 0.75);
}

TEST(AreaUnderRocCurve, MatchesRRankFormulaWithTies) {
  const Result<double> auc = AreaUnderRocCurve(kTiedProbabilities, kTiedOutcomes);
  ASSERT_TRUE(auc.ok()) << auc.status().ToString();
  EXPECT_NEAR(*auc, 0.69666666666666666, kTolerance);
}

TEST(AreaUnderRocCurve, IsOneForPerfectAndZeroForReversedRanking) {
  EXPECT_DOUBLE_EQ(
      *AreaUnderRocCurve(std::vector<double>{0.1, 0.2, 0.8, 0.9}, std::vector<double>{0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(
      *AreaUnderRocCurve(std::vector<double>{0.9, 0.8, 0.2, 0.1}, std::vector<double>{0, 0, 1, 1}), 0.0);
}

TEST(AreaUnderRocCurve, RejectsASingleClass) {
  const Result<double> auc = AreaUnderRocCurve(std::vector<double>{0.1, 0.2}, std::vector<double>{0, 0});
  ASSERT_FALSE(auc.ok());
  EXPECT_EQ(auc.status().code(), StatusCode::kInvalidArgument);
}

TEST(MetricsInput, RejectsEmptyInput) {
  const std::vector<double> none;
  EXPECT_EQ(AreaUnderRocCurve(none, none).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(BrierScore(none, none).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(LogLoss(none, none).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(CalibrationTable(none, none).status().code(), StatusCode::kInvalidArgument);
}

TEST(MetricsInput, RejectsSpansOfDifferentLengths) {
  const Result<double> brier = BrierScore(std::vector<double>{0.1, 0.2}, std::vector<double>{0});
  EXPECT_EQ(brier.status().code(), StatusCode::kInvalidArgument);
}

TEST(MetricsInput, RejectsProbabilitiesOutsideTheUnitInterval) {
  const std::vector<double> outcomes = {0, 1};
  EXPECT_FALSE(BrierScore(std::vector<double>{-0.01, 0.5}, outcomes).ok());
  EXPECT_FALSE(BrierScore(std::vector<double>{0.5, 1.01}, outcomes).ok());
  EXPECT_FALSE(
      AreaUnderRocCurve(std::vector<double>{0.5, std::numeric_limits<double>::quiet_NaN()}, outcomes).ok());
  EXPECT_TRUE(BrierScore(std::vector<double>{0.0, 1.0}, outcomes).ok());
}

TEST(MetricsInput, RejectsOutcomesOtherThanZeroOrOne) {
  const Result<double> brier = BrierScore(std::vector<double>{0.1, 0.2}, std::vector<double>{0, 0.5});
  ASSERT_FALSE(brier.ok());
  EXPECT_NE(brier.status().message().find("forecast 1"), std::string::npos) << brier.status().message();
}

TEST(ComputeRocCurve, StepsThroughDistinctThresholdsFromOriginToCorner) {
  const Result<RocCurve> curve =
      ComputeRocCurve(std::vector<double>{0.2, 0.6, 0.6, 0.9}, std::vector<double>{0, 1, 0, 1});
  ASSERT_TRUE(curve.ok()) << curve.status().ToString();
  EXPECT_EQ(curve->thresholds, (std::vector<double>{std::numeric_limits<double>::infinity(), 0.9, 0.6, 0.2}));
  EXPECT_EQ(curve->true_positive_rates, (std::vector<double>{0, 0.5, 1, 1}));
  EXPECT_EQ(curve->false_positive_rates, (std::vector<double>{0, 0, 0.5, 1}));
}

TEST(ComputeRocCurve, TrapezoidAreaEqualsAreaUnderRocCurve) {
  const Result<RocCurve> curve = ComputeRocCurve(kTiedProbabilities, kTiedOutcomes);
  ASSERT_TRUE(curve.ok()) << curve.status().ToString();
  EXPECT_NEAR(TrapezoidArea(*curve), *AreaUnderRocCurve(kTiedProbabilities, kTiedOutcomes), kTolerance);
  EXPECT_EQ(curve->thresholds.size(), 17U);  // 16 distinct probabilities and +infinity
}

TEST(ComputeRocCurve, RejectsASingleClass) {
  EXPECT_FALSE(ComputeRocCurve(std::vector<double>{0.1, 0.2}, std::vector<double>{1, 1}).ok());
}

TEST(BrierScore, IsMeanSquaredError) {
  // (0.01 + 0.16 + 0.4225 + 0.04) / 4
  EXPECT_NEAR(*BrierScore(kHandProbabilities, kHandOutcomes), 0.158125, kTolerance);
  EXPECT_NEAR(*BrierScore(kTiedProbabilities, kTiedOutcomes), 0.22586000000000001, kTolerance);
}

TEST(BrierScore, WorksForASingleClass) {
  EXPECT_NEAR(*BrierScore(std::vector<double>{0.1, 0.3}, std::vector<double>{0, 0}), 0.05, kTolerance);
}

TEST(BrierSkillScore, ComparesWithTheBaseRateForecast) {
  // Base rate 0.5 scores 0.25; 1 - 0.158125 / 0.25.
  EXPECT_NEAR(*BrierSkillScore(kHandProbabilities, kHandOutcomes), 0.3675, kTolerance);
  EXPECT_NEAR(*BrierSkillScore(kTiedProbabilities, kTiedOutcomes), 0.058916666666666728, kTolerance);
}

TEST(BrierSkillScore, IsZeroForTheBaseRateItself) {
  EXPECT_NEAR(*BrierSkillScore(std::vector<double>{0.25, 0.25, 0.25, 0.25}, std::vector<double>{1, 0, 0, 0}),
              0.0, kTolerance);
}

TEST(BrierSkillScore, RejectsASingleClass) {
  EXPECT_FALSE(BrierSkillScore(std::vector<double>{0.1, 0.2}, std::vector<double>{0, 0}).ok());
}

TEST(LogLoss, IsMeanNegativeLogLikelihood) {
  const double expected = -(std::log(0.9) + std::log(0.6) + std::log(0.35) + std::log(0.8)) / 4;
  EXPECT_NEAR(*LogLoss(kHandProbabilities, kHandOutcomes), expected, kTolerance);
  EXPECT_NEAR(*LogLoss(kTiedProbabilities, kTiedOutcomes), 0.67687411901325134, kTolerance);
}

TEST(LogLoss, ClampsAConfidentMissToAFiniteLoss) {
  const std::vector<double> probabilities = {0.0, 1.0};
  const std::vector<double> outcomes = {1, 1};
  EXPECT_NEAR(*LogLoss(probabilities, outcomes), -std::log(1e-15) / 2, 1e-9);
  EXPECT_TRUE(std::isinf(*LogLoss(probabilities, outcomes, {.epsilon = 0})));
}

TEST(LogLoss, IsZeroForCertainCorrectForecastsWithoutClamping) {
  EXPECT_EQ(*LogLoss(std::vector<double>{0.0, 1.0}, std::vector<double>{0, 1}, {.epsilon = 0}), 0.0);
}

TEST(LogLoss, RejectsEpsilonOutsideItsRange) {
  EXPECT_FALSE(LogLoss(kHandProbabilities, kHandOutcomes, {.epsilon = 0.5}).ok());
  EXPECT_FALSE(LogLoss(kHandProbabilities, kHandOutcomes, {.epsilon = -1e-3}).ok());
}

TEST(CalibrationTable, SplitsSortedForecastsIntoNearlyEqualDecilesAsR) {
  const Result<std::vector<CalibrationGroup>> table = CalibrationTable(kTiedProbabilities, kTiedOutcomes);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  // R: o <- order(p); group k holds sorted rows floor(k n / 10) + 1 .. floor((k + 1) n / 10).
  const std::vector<int> counts = {2, 3, 2, 3, 2, 3, 2, 3, 2, 3};
  const std::vector<double> mean_predicted = {0.035000000000000003, 0.066666666666666666, 0.12,
                                              0.14666666666666667,  0.27500000000000002,  0.31,
                                              0.42500000000000004,  0.53666666666666663,  0.69999999999999996,
                                              0.90000000000000002};
  const std::vector<double> observed_rate = {0, 1.0 / 3, 0.5, 0, 0.5, 1.0 / 3, 0.5, 2.0 / 3, 0.5, 2.0 / 3};
  ASSERT_EQ(table->size(), 10U);
  for (std::size_t group = 0; group < table->size(); ++group) {
    SCOPED_TRACE(group);
    EXPECT_EQ((*table)[group].count, counts[group]);
    EXPECT_NEAR((*table)[group].mean_predicted, mean_predicted[group], kTolerance);
    EXPECT_NEAR((*table)[group].observed_rate, observed_rate[group], kTolerance);
  }
  EXPECT_EQ(table->front().lowest_predicted, 0.02);
  EXPECT_EQ(table->back().highest_predicted, 0.95);
}

TEST(CalibrationTable, TiedForecastsKeepTheirInputOrder) {
  // Four ties at 0.5 split across two groups of two: the first two inputs go low.
  const Result<std::vector<CalibrationGroup>> table = CalibrationTable(
      std::vector<double>{0.5, 0.5, 0.5, 0.5}, std::vector<double>{1, 1, 0, 0}, {.groups = 2});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)[0].observed_rate, 1.0);
  EXPECT_EQ((*table)[1].observed_rate, 0.0);
}

TEST(CalibrationTable, RejectsFewerForecastsThanGroups) {
  const Result<std::vector<CalibrationGroup>> table = CalibrationTable(kHandProbabilities, kHandOutcomes);
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(CalibrationTable(kHandProbabilities, kHandOutcomes, {.groups = 0}).ok());
  EXPECT_TRUE(CalibrationTable(kHandProbabilities, kHandOutcomes, {.groups = 4}).ok());
}

}  // namespace
}  // namespace tocsin::forecast
