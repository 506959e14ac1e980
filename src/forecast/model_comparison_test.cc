// The paired bootstrap over onset years.
#include "tocsin/forecast/model_comparison.h"

#include <gtest/gtest.h>

#include <random>

namespace tocsin::forecast {
namespace {

constexpr int kYears = 20;
constexpr int kCountries = 50;

// A backtest whose risks carry the outcome with `signal` (0: none).
std::vector<ScoredCountryYear> Backtest(double signal, std::uint32_t seed) {
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> uniform;
  std::vector<ScoredCountryYear> rows;
  for (int year = 2000; year < 2000 + kYears; ++year) {
    std::vector<ScoredCountryYear> this_year;
    for (int country = 0; country < kCountries; ++country) {
      const int onset = (country + year) % 23 == 0 ? 1 : 0;
      const double risk = std::clamp(0.02 + 0.02 * uniform(generator) + signal * onset, 0.0, 1.0);
      this_year.push_back({year, std::to_string(country), country, onset, risk, 0});
    }
    std::vector<ScoredCountryYear*> order;
    for (auto& row : this_year) order.push_back(&row);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->max_risk > b->max_risk; });
    for (std::size_t rank = 0; rank < order.size(); ++rank) order[rank]->min_rank = static_cast<int>(rank + 1);
    rows.insert(rows.end(), this_year.begin(), this_year.end());
  }
  return rows;
}

TEST(CompareBacktests, AModelEqualToTheReferenceNeverBeatsIt) {
  const auto rows = Backtest(0.01, 1);
  BootstrapOptions options;
  options.resamples = 100;
  const auto comparison = CompareBacktests({{"enet", rows}, {"copy", rows}}, options);
  ASSERT_TRUE(comparison.ok()) << comparison.status().ToString();
  EXPECT_EQ(comparison->resamples, 100);
  for (const ComparedMetric& metric : comparison->models[1].compared) {
    EXPECT_EQ(metric.difference.estimate, 0);
    EXPECT_EQ(metric.difference.lower, 0);
    EXPECT_EQ(metric.difference.upper, 0);
    EXPECT_EQ(metric.share_better, 0);
  }
}

TEST(CompareBacktests, ABetterRankingWinsNearlyEveryResampleAndItsIntervalExcludesZero) {
  BootstrapOptions options;
  options.resamples = 150;
  const auto comparison = CompareBacktests({{"enet", Backtest(0.0, 2)}, {"sharp", Backtest(0.05, 3)}}, options);
  ASSERT_TRUE(comparison.ok()) << comparison.status().ToString();
  const ComparedMetric& auc = comparison->models[1].compared[0];
  EXPECT_GT(auc.share_better, 0.95);
  EXPECT_GT(auc.difference.lower, 0);
  EXPECT_LE(auc.value.lower, auc.value.estimate);
  EXPECT_GE(auc.value.upper, auc.value.estimate);
}

TEST(CompareBacktests, RejectsBacktestsOfDifferentCountryYears) {
  auto shorter = Backtest(0.01, 4);
  shorter.pop_back();
  const auto comparison = CompareBacktests({{"enet", Backtest(0.01, 4)}, {"other", shorter}}, {});
  EXPECT_EQ(comparison.status().code(), StatusCode::kInvalidArgument);
}

TEST(CompareBacktests, SameSeedGivesSameIntervals) {
  const auto rows = Backtest(0.01, 5);
  const auto other = Backtest(0.02, 6);
  BootstrapOptions options;
  options.resamples = 50;
  const auto first = CompareBacktests({{"a", rows}, {"b", other}}, options);
  const auto second = CompareBacktests({{"a", rows}, {"b", other}}, options);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->models[1].compared[0].value.lower, second->models[1].compared[0].value.lower);
  EXPECT_EQ(first->models[1].compared[4].share_better, second->models[1].compared[4].share_better);
}

}  // namespace
}  // namespace tocsin::forecast
