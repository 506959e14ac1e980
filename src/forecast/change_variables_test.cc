#include "tocsin/forecast/change_variables.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "tocsin/forecast/specification.h"

namespace tocsin::forecast {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// Country 1: v = 1, 2, 4, missing, 16 over 2000-2004. Country 2 starts in 2003.
Panel SmallPanel() {
  Panel panel({"v", "w"});
  panel.source = "small.csv";
  panel.data_hash = "abc";
  const double v[] = {1, 2, 4, kMissing, 16};
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(panel.AddRow({"one", 1, 2000 + i}, {v[i], 0}).ok());
  EXPECT_TRUE(panel.AddRow({"two", 2, 2003}, {5, 0}).ok());
  EXPECT_TRUE(panel.AddRow({"two", 2, 2004}, {7, 0}).ok());
  return panel;
}

double Value(const Panel& panel, int cow, int year, const std::string& variable) {
  const auto row = panel.Find(cow, year);
  EXPECT_GE(row, 0);
  return panel.value(static_cast<std::size_t>(row), *panel.Variable(variable));
}

TEST(ChangeVariables, AreTheDifferenceFromTheSameCountryYearsBefore) {
  const std::vector<std::string> names = {"v", "v.change1", "v.change2"};
  const auto derived = AddChangeVariables(SmallPanel(), names);
  ASSERT_TRUE(derived.ok()) << derived.status().ToString();
  ASSERT_TRUE(derived->has_value());
  const Panel& panel = **derived;
  EXPECT_EQ(panel.variables(), (std::vector<std::string>{"v", "w", "v.change1", "v.change2"}));
  EXPECT_EQ(Value(panel, 1, 2001, "v.change1"), 1);
  EXPECT_EQ(Value(panel, 1, 2002, "v.change1"), 2);
  EXPECT_EQ(Value(panel, 1, 2002, "v.change2"), 3);
  // The earlier row's value is missing (2003) or there is no earlier row: no change known.
  EXPECT_EQ(Value(panel, 1, 2004, "v.change1"), 0);
  EXPECT_EQ(Value(panel, 1, 2004, "v.change2"), 12);
  EXPECT_EQ(Value(panel, 1, 2000, "v.change1"), 0);
  EXPECT_EQ(Value(panel, 2, 2003, "v.change2"), 0);
  // Never another country's row: country 2's 2004 change is from its own 2003.
  EXPECT_EQ(Value(panel, 2, 2004, "v.change1"), 2);
  // The row's own value missing: the change is missing too.
  EXPECT_TRUE(std::isnan(Value(panel, 1, 2003, "v.change1")));
}

TEST(ChangeVariables, KeepRowsOrderAndProvenance) {
  const Panel original = SmallPanel();
  const std::vector<std::string> names = {"w.change3"};
  const auto derived = AddChangeVariables(original, names);
  ASSERT_TRUE(derived.ok() && derived->has_value());
  ASSERT_EQ((*derived)->rows(), original.rows());
  for (std::size_t row = 0; row < original.rows(); ++row) {
    EXPECT_EQ((*derived)->key(row).cow, original.key(row).cow);
    EXPECT_EQ((*derived)->key(row).year, original.key(row).year);
  }
  EXPECT_EQ((*derived)->source, "small.csv");
  EXPECT_EQ((*derived)->data_hash, "abc");
}

TEST(ChangeVariables, NothingToAddGivesNoPanel) {
  const std::vector<std::string> names = {"v", "w", "v.change0", "v.change11", "v.changes", "v.change"};
  const auto derived = AddChangeVariables(SmallPanel(), names);
  ASSERT_TRUE(derived.ok());
  EXPECT_FALSE(derived->has_value());
}

TEST(ChangeVariables, OfAnAbsentColumnIsNotFound) {
  const std::vector<std::string> names = {"v.change1", "absent.change2"};
  const auto derived = AddChangeVariables(SmallPanel(), names);
  ASSERT_FALSE(derived.ok());
  EXPECT_EQ(derived.status().code(), StatusCode::kNotFound);
  EXPECT_NE(derived.status().message().find("small.csv"), std::string::npos);
  EXPECT_NE(derived.status().message().find("'absent.change2'"), std::string::npos);
}

TEST(ChangeVariables, FollowEwpsPredictorsInTheChangesSet) {
  const auto predictors = EwpPredictorsWithChanges();
  ASSERT_EQ(predictors.size(), EwpPredictors().size() + 45);
  EXPECT_TRUE(std::equal(EwpPredictors().begin(), EwpPredictors().end(), predictors.begin()));
  EXPECT_EQ(predictors.back(), "minorityrule.change3");
  for (const std::string& name : ChangePredictors()) {
    const std::string variable = name.substr(0, name.rfind(".change"));
    EXPECT_NE(std::find(EwpPredictors().begin(), EwpPredictors().end(), variable), EwpPredictors().end())
        << name;
  }
}

}  // namespace
}  // namespace tocsin::forecast
