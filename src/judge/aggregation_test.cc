#include "tocsin/judge/aggregation.h"

#include <gtest/gtest.h>

namespace tocsin::judge {
namespace {

using enum Confidence;

TEST(Summarise, WeighsScoresByConfidenceAndFlagsDisagreement) {
  const std::vector<IndicatorScore> scores = {
      {"a", "7.1", 3, kHigh}, {"a", "7.2", 3, kMedium}, {"b", "7.1", 0, kLow},
      {"b", "7.2", 1, kHigh}, {"c", "1.1", 2, kMedium},
  };
  const AssessmentSummary summary = Summarise(Framework::Default(), scores);
  ASSERT_EQ(summary.factors.size(), 14u);
  // 7.1: (3*3 + 1*0) / 4 = 2.25; 7.2: (2*3 + 3*1) / 5 = 1.8; factor 7 = 2.025.
  const FactorSummary& seven = summary.factors[6];
  EXPECT_DOUBLE_EQ(*seven.score, 2.025);
  EXPECT_EQ(seven.indicators_scored, 2);
  EXPECT_DOUBLE_EQ(seven.by_analyst.at("a"), 3.0);
  EXPECT_DOUBLE_EQ(seven.by_analyst.at("b"), 0.5);
  EXPECT_DOUBLE_EQ(seven.spread, 2.5);
  EXPECT_TRUE(seven.analysts_disagree);
  // One analyst cannot disagree with themselves.
  EXPECT_DOUBLE_EQ(*summary.factors[0].score, 2.0);
  EXPECT_FALSE(summary.factors[0].analysts_disagree);
  EXPECT_FALSE(summary.factors[1].score.has_value());
  // Overall: the mean of the two scored factors.
  EXPECT_DOUBLE_EQ(*summary.overall, (2.025 + 2.0) / 2);
  EXPECT_DOUBLE_EQ(summary.by_group.at(CrimeGroup::kCommon), (2.025 + 2.0) / 2);
  EXPECT_FALSE(summary.by_group.contains(CrimeGroup::kGenocide));
  // Units (3, 0) and (3, 1): see agreement_test.cc, alpha = -15/36.
  EXPECT_NEAR(*summary.alpha, -15.0 / 36.0, 1e-12);
  EXPECT_EQ(summary.analysts, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Summarise, SpreadJustBelowHalfTheScaleIsNotDisagreement) {
  const std::vector<IndicatorScore> scores = {
      {"a", "3.1", 2, kMedium}, {"a", "3.2", 1, kMedium}, {"b", "3.1", 0, kMedium}, {"b", "3.2", 0, kMedium}};
  const AssessmentSummary summary = Summarise(Framework::Default(), scores);
  const FactorSummary& three = summary.factors[2];
  EXPECT_DOUBLE_EQ(three.spread, 1.5);
  EXPECT_TRUE(three.analysts_disagree);  // 1.5 is the threshold itself
  const std::vector<IndicatorScore> closer = {{"a", "3.1", 2, kMedium}, {"a", "3.2", 0, kMedium},
                                              {"b", "3.1", 0, kMedium}, {"b", "3.2", 0, kMedium}};
  EXPECT_FALSE(Summarise(Framework::Default(), closer).factors[2].analysts_disagree);
}

TEST(Summarise, SpreadOfExactlyTheThresholdBetweenFractionsIsDisagreement) {
  // Means 8/3 and 7/6: exactly 1.5 apart, 1.4999999999999998 in doubles.
  const std::vector<IndicatorScore> scores = {
      {"a", "1.1", 3, kHigh}, {"a", "1.2", 3, kHigh}, {"a", "1.3", 2, kHigh},
      {"b", "1.1", 2, kHigh}, {"b", "1.2", 1, kHigh}, {"b", "1.3", 1, kHigh},
      {"b", "1.4", 1, kHigh}, {"b", "1.5", 1, kHigh}, {"b", "1.6", 1, kHigh}};
  const AssessmentSummary summary = Summarise(Framework::Default(), scores);
  const FactorSummary& one = summary.factors[0];
  EXPECT_NEAR(one.spread, 1.5, 1e-12);
  EXPECT_TRUE(one.analysts_disagree);
}

TEST(Summarise, NothingScoredHasNoOverallAndNoAlpha) {
  const AssessmentSummary summary = Summarise(Framework::Default(), {});
  EXPECT_FALSE(summary.overall.has_value());
  EXPECT_FALSE(summary.alpha.has_value());
}

TEST(Confidence, NamesRoundTrip) {
  for (Confidence confidence : {kLow, kMedium, kHigh}) {
    EXPECT_EQ(ParseConfidence(ConfidenceName(confidence)), confidence);
  }
  EXPECT_FALSE(ParseConfidence("certain").has_value());
}

}  // namespace
}  // namespace tocsin::judge
