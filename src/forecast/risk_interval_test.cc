// Bootstrap intervals on each country's risk, for every model and calibration.
#include "tocsin/forecast/risk_interval.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "synthetic_panel_test_data.h"

namespace tocsin::forecast {
namespace {

// Few refits keep the slower models quick; the checks hold for any number.
constexpr int kResamples = 8;

RiskForecast Forecast(const Panel& panel, const ModelSpecification& spec) {
  ForecastOptions options;
  options.data_year = kSyntheticLastYear;
  auto forecast = ForecastRisk(panel, spec, options);
  EXPECT_TRUE(forecast.ok()) << forecast.status().ToString();
  return std::move(forecast).value();
}

std::vector<RiskInterval> Intervals(const Panel& panel, const ModelSpecification& spec,
                                    const RiskForecast& forecast, const RiskIntervalOptions& options) {
  auto intervals = BootstrapRiskIntervals(panel, spec, forecast, options);
  EXPECT_TRUE(intervals.ok()) << intervals.status().ToString();
  return intervals.ok() ? std::move(intervals->countries) : std::vector<RiskInterval>();
}

// The panel without its years before `first_year`: fewer training rows, the same
// countries and data year to score.
Panel FromYear(const Panel& panel, int first_year) {
  Panel later(panel.variables());
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    if (panel.key(row).year < first_year) continue;
    std::vector<double> values;
    for (std::size_t v = 0; v < panel.variables().size(); ++v) values.push_back(panel.value(row, v));
    EXPECT_TRUE(later.AddRow(panel.key(row), values).ok());
  }
  return later;
}

// The panel with onsets only in its first `onset_countries` countries: a
// resample that draws none of them has no onset and cannot be fitted.
Panel OnsetsOnlyIn(const Panel& panel, int onset_countries) {
  Panel fewer(panel.variables());
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    std::vector<double> values;
    for (std::size_t v = 0; v < panel.variables().size(); ++v) {
      const bool onset = panel.variables()[v].starts_with("mk_onset");
      values.push_back(
          onset && panel.key(row).cow >= kSyntheticFirstCow + onset_countries ? 0 : panel.value(row, v));
    }
    EXPECT_TRUE(fewer.AddRow(panel.key(row), values).ok());
  }
  return fewer;
}

TEST(RiskInterval, GivesEveryCountryAnIntervalAroundItsRisk) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification("enet", "none");
  ForecastOptions options;
  options.data_year = kSyntheticLastYear;
  const auto forecast = ForecastRisk(panel, spec, options);
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
  RiskIntervalOptions interval_options;
  interval_options.resamples = 40;
  const auto result = BootstrapRiskIntervals(panel, spec, *forecast, interval_options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const std::vector<RiskInterval>& intervals = result->countries;
  ASSERT_EQ(intervals.size(), forecast->risks.size());
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    EXPECT_EQ(intervals[i].cow, forecast->risks[i].cow);
    EXPECT_LT(intervals[i].lower, intervals[i].upper);
  }
  // The top-ranked country's interval contains its forecast.
  EXPECT_LE(intervals[0].lower, forecast->risks[0].probability);
  EXPECT_GE(intervals[0].upper, forecast->risks[0].probability);
  // Sixty countries with many onsets: every resample can be fitted.
  EXPECT_EQ(result->resamples, interval_options.resamples);
  EXPECT_EQ(result->used, interval_options.resamples);
  EXPECT_EQ(result->first_failure, "");
}

struct IntervalModelCase {
  std::string model;
  std::string calibration;
};

class EveryModelInterval : public ::testing::TestWithParam<IntervalModelCase> {};

TEST_P(EveryModelInterval, ContainsThePointRiskOfNearlyEveryCountry) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification(GetParam().model, GetParam().calibration);
  const RiskForecast forecast = Forecast(panel, spec);
  RiskIntervalOptions options;
  options.resamples = kResamples;
  const std::vector<RiskInterval> intervals = Intervals(panel, spec, forecast, options);
  ASSERT_EQ(intervals.size(), forecast.risks.size());
  int containing = 0;
  for (std::size_t i = 0; i < intervals.size(); ++i) {
    EXPECT_EQ(intervals[i].cow, forecast.risks[i].cow);
    // Equal bounds are possible: an isotonic calibration's lowest step is flat.
    EXPECT_LE(intervals[i].lower, intervals[i].upper);
    EXPECT_GT(intervals[i].lower, 0);
    EXPECT_LT(intervals[i].upper, 1);
    if (intervals[i].lower <= forecast.risks[i].probability &&
        forecast.risks[i].probability <= intervals[i].upper) {
      ++containing;
    }
  }
  // A percentile interval need not contain the point estimate, but in the typical
  // case it does; a refit that drifted from the forecast's model would not.
  EXPECT_GE(containing, static_cast<int>(0.9 * static_cast<double>(intervals.size())));
}

TEST_P(EveryModelInterval, WidensWithFewerTrainingRows) {
  const Panel panel = SyntheticPanel();
  const Panel shorter = FromYear(panel, 2001);
  const ModelSpecification spec = SyntheticSpecification(GetParam().model, GetParam().calibration);
  RiskIntervalOptions options;
  options.resamples = kResamples;
  const std::vector<RiskInterval> full = Intervals(panel, spec, Forecast(panel, spec), options);
  const RiskForecast shorter_forecast = Forecast(shorter, spec);
  const std::vector<RiskInterval> narrow_window = Intervals(shorter, spec, shorter_forecast, options);
  ASSERT_EQ(full.size(), narrow_window.size());
  const auto mean_width = [](const std::vector<RiskInterval>& intervals) {
    double sum = 0;
    for (const RiskInterval& interval : intervals) sum += interval.upper - interval.lower;
    return sum / static_cast<double>(intervals.size());
  };
  EXPECT_GT(mean_width(narrow_window), mean_width(full));
}

INSTANTIATE_TEST_SUITE_P(
    Models, EveryModelInterval,
    ::testing::Values(IntervalModelCase{"enet", "none"}, IntervalModelCase{"enet", "platt"},
                      IntervalModelCase{"enet-stable", "none"}, IntervalModelCase{"enet-stable", "isotonic"},
                      IntervalModelCase{"xgb", "none"}, IntervalModelCase{"xgb", "platt"},
                      IntervalModelCase{"ensemble", "none"}, IntervalModelCase{"ensemble", "platt"}),
    [](const auto& info) {
      std::string name = info.param.model + "_" + info.param.calibration;
      for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

TEST(RiskInterval, SameSeedGivesTheSameIntervalsOnAnyNumberOfThreads) {
  constexpr int kCountries = 30;  // fewer rows: calibrated trees refit slowly
  const Panel panel = SyntheticPanel(kCountries);
  const ModelSpecification spec = SyntheticSpecification("xgb", "platt");
  const RiskForecast forecast = Forecast(panel, spec);
  RiskIntervalOptions options;
  options.resamples = kResamples;
  options.threads = 1;
  const std::vector<RiskInterval> one = Intervals(panel, spec, forecast, options);
  options.threads = 3;
  const std::vector<RiskInterval> three = Intervals(panel, spec, forecast, options);
  options.seed += 1;
  const std::vector<RiskInterval> other_seed = Intervals(panel, spec, forecast, options);
  ASSERT_EQ(one.size(), three.size());
  ASSERT_EQ(one.size(), other_seed.size());
  bool seed_matters = false;
  for (std::size_t i = 0; i < one.size(); ++i) {
    EXPECT_EQ(one[i].lower, three[i].lower);
    EXPECT_EQ(one[i].upper, three[i].upper);
    seed_matters = seed_matters || one[i].lower != other_seed[i].lower || one[i].upper != other_seed[i].upper;
  }
  EXPECT_TRUE(seed_matters);
}

TEST(RiskInterval, ReportsProgressOncePerResample) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification("enet-stable", "none");
  const RiskForecast forecast = Forecast(panel, spec);
  RiskIntervalOptions options;
  options.resamples = kResamples;
  options.threads = 2;
  std::vector<int> reported;
  options.progress = [&](int done, int total) {
    EXPECT_EQ(total, kResamples);
    reported.push_back(done);
  };
  Intervals(panel, spec, forecast, options);
  ASSERT_EQ(reported.size(), static_cast<std::size_t>(kResamples));
  EXPECT_TRUE(std::is_sorted(reported.begin(), reported.end()));
  EXPECT_EQ(reported.back(), kResamples);
}

TEST(RiskInterval, FewerThanTwoResamplesIsAnError) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification("xgb", "none");
  const RiskForecast forecast = Forecast(panel, spec);
  for (int resamples : {-1, 0, 1}) {
    RiskIntervalOptions options;
    options.resamples = resamples;
    const auto intervals = BootstrapRiskIntervals(panel, spec, forecast, options);
    EXPECT_EQ(intervals.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(intervals.status().message().find("resamples >= 2"), std::string::npos)
        << intervals.status().message();
  }
}

TEST(RiskInterval, LeavesOutAndCountsResamplesThatCannotBeFitted) {
  const Panel panel = OnsetsOnlyIn(SyntheticPanel(), 2);
  const ModelSpecification spec = SyntheticSpecification("enet", "none");
  const RiskForecast forecast = Forecast(panel, spec);
  RiskIntervalOptions options;
  options.resamples = 40;
  const auto intervals = BootstrapRiskIntervals(panel, spec, forecast, options);
  ASSERT_TRUE(intervals.ok()) << intervals.status().ToString();
  EXPECT_EQ(intervals->resamples, 40);
  EXPECT_LT(intervals->used, 40) << "a resample drawing neither onset country cannot be fitted";
  EXPECT_GE(intervals->used, 20);
  EXPECT_NE(intervals->first_failure, "");
  ASSERT_EQ(intervals->countries.size(), forecast.risks.size());
  for (const RiskInterval& interval : intervals->countries) EXPECT_LE(interval.lower, interval.upper);
}

TEST(RiskInterval, FewerResamplesFittedThanTheMinimumShareIsAnError) {
  const Panel panel = OnsetsOnlyIn(SyntheticPanel(), 2);
  const ModelSpecification spec = SyntheticSpecification("enet", "none");
  const RiskForecast forecast = Forecast(panel, spec);
  RiskIntervalOptions options;
  options.resamples = 40;
  const auto counted = BootstrapRiskIntervals(panel, spec, forecast, options);
  ASSERT_TRUE(counted.ok()) << counted.status().ToString();
  const int used = counted->used;
  ASSERT_LT(used, options.resamples);
  // A minimum of exactly `used` (the share is rounded up to whole resamples):
  // the intervals are given.
  options.minimum_used_share = (used - 0.5) / options.resamples;
  EXPECT_TRUE(BootstrapRiskIntervals(panel, spec, forecast, options).ok());
  // A minimum of one more: refused, with both counts.
  options.minimum_used_share = (used + 0.5) / options.resamples;
  const auto refused = BootstrapRiskIntervals(panel, spec, forecast, options);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(
      refused.status().message().find(fmt::format("only {} of 40 bootstrap resamples could be fitted", used)),
      std::string::npos)
      << refused.status().message();
}

TEST(RiskInterval, MinimumShareOutsideUnitIntervalIsAnError) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification("enet", "none");
  const RiskForecast forecast = Forecast(panel, spec);
  for (double share : {-0.1, 1.5}) {
    RiskIntervalOptions options;
    options.resamples = 2;
    options.minimum_used_share = share;
    EXPECT_EQ(BootstrapRiskIntervals(panel, spec, forecast, options).status().code(),
              StatusCode::kInvalidArgument)
        << share;
  }
}

TEST(RiskInterval, RefusesAForecastFittedAsAnotherModel) {
  const Panel panel = SyntheticPanel();
  const RiskForecast forecast = Forecast(panel, SyntheticSpecification("enet", "none"));
  for (const char* model : {"xgb", "ensemble"}) {
    const auto intervals = BootstrapRiskIntervals(panel, SyntheticSpecification(model, "none"), forecast, {});
    EXPECT_EQ(intervals.status().code(), StatusCode::kFailedPrecondition) << model;
  }
  const RiskForecast trees = Forecast(panel, SyntheticSpecification("xgb", "none"));
  EXPECT_EQ(BootstrapRiskIntervals(panel, SyntheticSpecification("enet", "platt"), trees, {}).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace tocsin::forecast
