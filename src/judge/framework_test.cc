#include "tocsin/judge/framework.h"

#include <gtest/gtest.h>

namespace tocsin::judge {
namespace {

TEST(Framework, EmbeddedListHasFourteenFactorsInTheirGroups) {
  const Framework& framework = Framework::Default();
  ASSERT_EQ(framework.factors().size(), 14u);
  EXPECT_EQ(framework.FindFactor(1)->name, "Armed conflict or other serious instability");
  for (int number = 1; number <= 8; ++number) EXPECT_EQ(framework.FindFactor(number)->group, CrimeGroup::kCommon);
  EXPECT_EQ(framework.FindFactor(9)->group, CrimeGroup::kGenocide);
  EXPECT_EQ(framework.FindFactor(10)->group, CrimeGroup::kGenocide);
  EXPECT_EQ(framework.FindFactor(11)->group, CrimeGroup::kCrimesAgainstHumanity);
  EXPECT_EQ(framework.FindFactor(12)->group, CrimeGroup::kCrimesAgainstHumanity);
  EXPECT_EQ(framework.FindFactor(13)->group, CrimeGroup::kWarCrimes);
  EXPECT_EQ(framework.FindFactor(14)->group, CrimeGroup::kWarCrimes);
  EXPECT_EQ(framework.FindFactor(15), nullptr);
  // The indicators other parts of Tocsin bind data to.
  EXPECT_NE(framework.FindIndicator("8.7")->text.find("incitement"), std::string::npos);
  EXPECT_NE(framework.FindIndicator("8.8")->text.find("election"), std::string::npos);
  EXPECT_EQ(framework.FindIndicator("8.8")->factor, 8);
  EXPECT_EQ(framework.FindIndicator("8.9"), nullptr);
  EXPECT_GT(framework.indicator_count(), 70u);
}

TEST(Framework, ParseNamesTheLineOfAMisplacedIndicator) {
  const auto parsed = Framework::Parse("bad.csv", "code,group,text\n1,common,One\n1.2,,Skips 1.1\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("bad.csv:3"), std::string::npos) << parsed.status().message();
  EXPECT_NE(parsed.status().message().find("1.2"), std::string::npos);
}

TEST(Framework, ParseRefusesAnUnknownGroupAndTooFewFactors) {
  EXPECT_NE(Framework::Parse("g.csv", "code,group,text\n1,massacre,One\n").status().message().find("unknown group"),
            std::string::npos);
  EXPECT_NE(Framework::Parse("f.csv", "code,group,text\n1,common,One\n1.1,,x\n").status().message().find("14"),
            std::string::npos);
}

}  // namespace
}  // namespace tocsin::judge
