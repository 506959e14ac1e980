#include <gtest/gtest.h>

#include <filesystem>

#include "backend_test.h"
#include "tocsin/store/panel_repository.h"
#include "tocsin/store/run_repository.h"

namespace tocsin::store {
namespace {

// The repositories on every backend.
class RepositoryTest : public OpenBackendTest {
 protected:
  Panel SmallPanel() {
    auto panel = ReadPanelCsv(std::string(TOCSIN_TEST_DATA_DIR) + "/panel_small.csv");
    EXPECT_TRUE(panel.ok()) << panel.status().ToString();
    return std::move(panel).value();
  }

  // A forecast run of `model` on dataset `dataset_id` with one forecast
  // (Atlantis, rank 1) of `risk`, or none.
  static ModelRunRecord ForecastRun(std::int64_t dataset_id, std::string model,
                                    std::optional<double> risk = std::nullopt) {
    ModelRunRecord run;
    run.kind = "forecast";
    run.model = std::move(model);
    run.dataset_id = dataset_id;
    if (risk) run.forecasts.push_back({2001, 901, std::nullopt, "Atlantis", *risk, 1, std::nullopt, ""});
    return run;
  }

};

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::Values("sqlite", "postgres"), BackendName);

TEST_P(RepositoryTest, PanelRoundTripsWithMissingValues) {
  const Panel panel = SmallPanel();
  const auto saved = SavePanel(*store_, panel, CountryRegistry::Default());
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_FALSE(saved->already_present);
  const auto loaded = LoadPanel(*store_);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_EQ(loaded->rows(), panel.rows());
  ASSERT_EQ(loaded->variables(), panel.variables());
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    EXPECT_EQ(loaded->key(row).country, panel.key(row).country);
    for (std::size_t variable = 0; variable < panel.variables().size(); ++variable) {
      EXPECT_EQ(loaded->missing(row, variable), panel.missing(row, variable));
      if (!panel.missing(row, variable)) {
        EXPECT_EQ(loaded->value(row, variable), panel.value(row, variable));
      }
    }
  }
  EXPECT_EQ(loaded->data_hash, panel.data_hash);
}

TEST_P(RepositoryTest, ReimportingSameContentChangesNothing) {
  const Panel panel = SmallPanel();
  const auto first = SavePanel(*store_, panel, CountryRegistry::Default());
  const auto second = SavePanel(*store_, panel, CountryRegistry::Default());
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_TRUE(second->already_present);
  EXPECT_EQ(first->dataset_id, second->dataset_id);
}

TEST_P(RepositoryTest, LoadingWithoutPanelSaysWhatToRun) {
  const auto loaded = LoadPanel(*store_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("tocsin import panel"), std::string::npos);
}

TEST_P(RepositoryTest, ModelRunRoundTripsWithForecasts) {
  const auto saved = SavePanel(*store_, SmallPanel(), CountryRegistry::Default());
  ASSERT_TRUE(saved.ok());
  ModelRunRecord run;
  run.kind = "forecast";
  run.model = "enet";
  run.specification_json = "{}";
  run.dataset_id = saved->dataset_id;
  run.data_hash = "abc";
  run.forecast_year = 2001;
  run.lambda = 0.01;
  run.seconds = 0.5;
  run.forecasts.push_back({2001, 901, std::nullopt, "Atlantis", 0.2, 1, std::nullopt, R"({"x1":0.5})"});
  run.forecasts.push_back({2001, 902, std::nullopt, "Lemuria", 0.1, 2, 1, ""});
  const auto id = SaveModelRun(*store_, run);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  const auto loaded = LoadLatestRun(*store_, {"forecast", "enet", std::nullopt});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->id, *id);
  EXPECT_EQ(loaded->forecast_year, 2001);
  EXPECT_FALSE(loaded->trained_through.has_value());
  ASSERT_EQ(loaded->forecasts.size(), 2u);
  EXPECT_EQ(loaded->forecasts[0].country, "Atlantis");
  EXPECT_EQ(loaded->forecasts[1].outcome, 1);
  EXPECT_FALSE(LoadLatestRun(*store_, {"backtest", std::nullopt, std::nullopt}).ok());
  EXPECT_FALSE(LoadLatestRun(*store_, {"forecast", "enet", 1999}).ok());
}

TEST_P(RepositoryTest, ModelRunWithoutIntervalsLoadsWithoutThem) {
  const auto saved = SavePanel(*store_, SmallPanel(), CountryRegistry::Default());
  ASSERT_TRUE(saved.ok());
  ASSERT_TRUE(SaveModelRun(*store_, ForecastRun(saved->dataset_id, "enet", 0.2)).ok());
  const auto loaded = LoadLatestRun(*store_, {"forecast", "enet", std::nullopt});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_FALSE(loaded->interval.has_value());
  ASSERT_EQ(loaded->forecasts.size(), 1u);
  EXPECT_FALSE(loaded->forecasts[0].risk_lower.has_value());
  EXPECT_FALSE(loaded->forecasts[0].risk_upper.has_value());
}

TEST_P(RepositoryTest, ModelRunRoundTripsWithRiskIntervals) {
  const auto saved = SavePanel(*store_, SmallPanel(), CountryRegistry::Default());
  ASSERT_TRUE(saved.ok());
  ModelRunRecord run = ForecastRun(saved->dataset_id, "xgb", 0.2);
  run.interval = IntervalRecord{.level = 0.9, .resamples = 100, .used = 97};
  run.forecasts[0].risk_lower = 0.125;
  run.forecasts[0].risk_upper = 0.375;
  // A percentile interval need not hold its point: stored as it is.
  ForecastRecord lemuria{2001, 902, std::nullopt, "Lemuria", 0.001, 2, std::nullopt, ""};
  lemuria.risk_lower = 0.002;
  lemuria.risk_upper = 0.002;
  run.forecasts.push_back(lemuria);
  ASSERT_TRUE(SaveModelRun(*store_, run).ok());
  const auto loaded = LoadLatestRun(*store_, {"forecast", "xgb", std::nullopt});
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ASSERT_TRUE(loaded->interval.has_value());
  EXPECT_EQ(loaded->interval->level, 0.9);
  EXPECT_EQ(loaded->interval->resamples, 100);
  EXPECT_EQ(loaded->interval->used, 97);
  ASSERT_EQ(loaded->forecasts.size(), 2u);
  EXPECT_EQ(loaded->forecasts[0].risk_lower, 0.125);
  EXPECT_EQ(loaded->forecasts[0].risk_upper, 0.375);
  EXPECT_EQ(loaded->forecasts[1].risk_lower, 0.002);
  EXPECT_EQ(loaded->forecasts[1].risk_upper, 0.002);
}

TEST_P(RepositoryTest, IntervalOutOfOrderOrOutsideUnitIntervalIsRefused) {
  const auto saved = SavePanel(*store_, SmallPanel(), CountryRegistry::Default());
  ASSERT_TRUE(saved.ok());
  for (const auto& [lower, upper] :
       std::vector<std::pair<double, double>>{{0.3, 0.2}, {-0.1, 0.2}, {0.1, 1.5}}) {
    ModelRunRecord run = ForecastRun(saved->dataset_id, "enet", 0.2);
    run.interval = IntervalRecord{.level = 0.9, .resamples = 10, .used = 10};
    run.forecasts[0].risk_lower = lower;
    run.forecasts[0].risk_upper = upper;
    EXPECT_FALSE(SaveModelRun(*store_, run).ok()) << lower << ", " << upper;
  }
  ModelRunRecord more_used_than_asked = ForecastRun(saved->dataset_id, "enet");
  more_used_than_asked.interval = IntervalRecord{.level = 0.9, .resamples = 10, .used = 11};
  EXPECT_FALSE(SaveModelRun(*store_, more_used_than_asked).ok());
  EXPECT_FALSE(LoadLatestRun(*store_, {"forecast", std::nullopt, std::nullopt}).ok());
}

TEST_P(RepositoryTest, ProbabilityOutsideUnitIntervalIsRefused) {
  const auto saved = SavePanel(*store_, SmallPanel(), CountryRegistry::Default());
  ASSERT_TRUE(saved.ok());
  EXPECT_FALSE(SaveModelRun(*store_, ForecastRun(saved->dataset_id, "enet", 1.5)).ok());
  EXPECT_FALSE(LoadLatestRun(*store_, {"forecast", std::nullopt, std::nullopt}).ok());
}

}  // namespace
}  // namespace tocsin::store
