// The rolling backtest against the Early Warning Project's published one
// (FOOSforecasts_3Sep2025.csv): maxrisk2 AUC, recall in the top 30, onsets.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "acceptance/data_directory.h"
#include "tocsin/core/csv_reader.h"
#include "tocsin/core/panel.h"
#include "tocsin/forecast/backtest.h"

namespace tocsin::forecast {
namespace {

// One test, so the 31 fits run once per run of the suite (CTest starts each test in
// its own process).
TEST(EwpBacktest, MatchesPublishedFiguresAndBacktestRowByRow) {
  TOCSIN_REQUIRE_EWP_DATA(ewp);
  auto panel = ReadPanelCsv(ewp + "/prepared2024predictors-2025-09-03.csv");
  ASSERT_TRUE(panel.ok()) << panel.status().ToString();
  BacktestOptions options;
  options.threads = 2;
  const auto result = RunBacktest(*panel, ModelSpecification{}, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();

  const BacktestMetrics& metrics = result->metrics;
  EXPECT_EQ(metrics.first_year, 1994);
  EXPECT_EQ(metrics.last_year, 2024);
  EXPECT_EQ(metrics.onsets, 39);
  EXPECT_NEAR(metrics.auc, 0.825, 0.005);
  EXPECT_NEAR(metrics.recall_at_30, 0.69, 0.03);
  EXPECT_EQ(result->years.size(), 31u);

  auto reader = CsvReader::Open(ewp + "/FOOSforecasts_3Sep2025.csv");
  ASSERT_TRUE(reader.ok());
  const auto columns = reader->Columns({"year", "ccode", "maxrisk2", "minrank2", "mk_onset"});
  ASSERT_TRUE(columns.ok());
  std::map<std::pair<int, int>, const ScoredCountryYear*> ours;
  for (const auto& row : result->scored) ours[{row.year, row.cow}] = &row;
  int compared = 0;
  double largest_difference = 0;
  int rank_mismatches = 0;
  while (*reader->Next()) {
    const auto maxrisk = reader->OptionalNumber((*columns)[2]);
    ASSERT_TRUE(maxrisk.ok());
    if (!maxrisk->has_value()) continue;
    const int year = static_cast<int>(*reader->Integer((*columns)[0]));
    const int cow = static_cast<int>(*reader->Integer((*columns)[1]));
    const auto found = ours.find({year, cow});
    ASSERT_NE(found, ours.end()) << "no score for " << cow << " in " << year;
    largest_difference = std::max(largest_difference, std::abs(found->second->max_risk - **maxrisk));
    if (found->second->min_rank != *reader->Integer((*columns)[3])) ++rank_mismatches;
    EXPECT_EQ(found->second->onset, *reader->Integer((*columns)[4]));
    ++compared;
  }
  EXPECT_EQ(compared, static_cast<int>(result->scored.size()));
  EXPECT_LT(largest_difference, 1e-6);
  EXPECT_EQ(rank_mismatches, 0);
  RecordProperty("largest_maxrisk2_difference", std::to_string(largest_difference));
}

}  // namespace
}  // namespace tocsin::forecast
