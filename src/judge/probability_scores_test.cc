#include "tocsin/judge/probability_scores.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tocsin::judge {
namespace {

TEST(ProbabilityScores, BrierAndLogScoresByHand) {
  EXPECT_NEAR(BrierScore(0.8, true), 0.04, 1e-15);
  EXPECT_NEAR(BrierScore(0.3, true), 0.49, 1e-15);
  EXPECT_NEAR(BrierScore(0.3, false), 0.09, 1e-15);
  EXPECT_DOUBLE_EQ(BrierScore(0.5, false), 0.25);
  EXPECT_NEAR(LogScore(0.8, true), -0.2231435513142098, 1e-15);
  EXPECT_NEAR(LogScore(0.8, false), -1.6094379124341003, 1e-15);  // ln 0.2
  EXPECT_NEAR(LogScore(0.5, true), -0.6931471805599453, 1e-15);
}

TEST(PoolProbability, MeanLogOddsOfFourForecasts) {
  // Odds 4, 1.5, 3/7 and 9: their geometric mean is (162/7)^(1/4), and the
  // pool is that odds as a probability, 0.68685.
  const std::vector<double> forecasts = {0.8, 0.6, 0.3, 0.9};
  const double odds = std::pow(162.0 / 7.0, 0.25);
  EXPECT_NEAR(PoolProbability(forecasts), odds / (1 + odds), 1e-12);
  EXPECT_NEAR(PoolProbability(forecasts), 0.68685, 5e-6);
  // Extremising by 2 squares the odds.
  EXPECT_NEAR(PoolProbability(forecasts, 2.0), odds * odds / (1 + odds * odds), 1e-12);
  // One forecast pools to itself.
  EXPECT_NEAR(PoolProbability(std::vector<double>{0.37}), 0.37, 1e-12);
}

TEST(ChooseExtremising, KeepsOneWithTooFewQuestions) {
  const std::vector<ResolvedForecasts> resolved = {{{0.7, 0.8}, true}, {{0.2}, false}};
  const ExtremisingChoice choice = ChooseExtremising(resolved);
  EXPECT_FALSE(choice.fitted);
  EXPECT_DOUBLE_EQ(choice.factor, 1.0);
  EXPECT_EQ(choice.questions, 2);
}

TEST(ChooseExtremising, PicksTheFactorWithTheLowestBrier) {
  // Timid forecasters who were always right: the sharpest factor wins.
  std::vector<ResolvedForecasts> timid(10, {{0.7, 0.6}, true});
  EXPECT_DOUBLE_EQ(ChooseExtremising(timid).factor, 3.0);
  // Forecasters who were right half the time at 0.7: extremising hurts, 1 stays.
  std::vector<ResolvedForecasts> mixed;
  for (int i = 0; i < 10; ++i) mixed.push_back({{0.7}, i % 2 == 0});
  const ExtremisingChoice choice = ChooseExtremising(mixed);
  EXPECT_TRUE(choice.fitted);
  EXPECT_DOUBLE_EQ(choice.factor, 1.0);
  EXPECT_NEAR(choice.mean_brier, (0.09 + 0.49) / 2, 1e-12);
}

}  // namespace
}  // namespace tocsin::judge
