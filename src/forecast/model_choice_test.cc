// The models `--model` selects, their calibration, and the protocol that keeps
// every choice inside the training window.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "synthetic_panel_test_data.h"
#include "tocsin/forecast/backtest.h"
#include "tocsin/forecast/calibration.h"
#include "tocsin/forecast/metrics.h"
#include "tocsin/forecast/risk_forecast.h"

namespace tocsin::forecast {
namespace {

// The same panel with every outcome after `year` flipped and every predictor
// after it replaced: a different future.
Panel RewriteFutureAfter(const Panel& panel, int year) {
  Panel future(panel.variables());
  for (std::size_t row = 0; row < panel.rows(); ++row) {
    std::vector<double> values;
    for (std::size_t v = 0; v < panel.variables().size(); ++v) values.push_back(panel.value(row, v));
    if (panel.key(row).year > year) {
      values[4] = 1 - values[4];
      values[5] = 1 - values[5];
      values[0] += 1;
    }
    EXPECT_TRUE(future.AddRow(panel.key(row), values).ok());
  }
  return future;
}

struct ModelCase {
  std::string model;
  std::string calibration;
};

class EveryModel : public ::testing::TestWithParam<ModelCase> {};

TEST_P(EveryModel, ForecastFromADataYearIgnoresEverythingAfterIt) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification(GetParam().model, GetParam().calibration);
  BacktestOptions options;
  options.first_training_year = 2005;
  options.last_training_year = 2005;
  // The model trained through L forecasts from L + 2; its training targets reach
  // L + 2 at most (a 2-year lead), so nothing later may change it.
  const int data_year = options.last_training_year + spec.training_gap;
  const auto actual = RunBacktest(panel, spec, options);
  const auto rewritten = RunBacktest(RewriteFutureAfter(panel, data_year), spec, options);
  ASSERT_TRUE(actual.ok()) << actual.status().ToString();
  ASSERT_TRUE(rewritten.ok()) << rewritten.status().ToString();
  ASSERT_EQ(actual->years.size(), 1u);
  const auto& before = actual->years[0].risks;
  const auto& after = rewritten->years[0].risks;
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(before[i].country, after[i].country);
    EXPECT_EQ(before[i].probability, after[i].probability);
  }
  // And the window's own outcomes do matter: the test could see a leak.
  const auto changed = RunBacktest(RewriteFutureAfter(panel, options.first_training_year - 10), spec, options);
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_NE(changed->years[0].risks[0].probability, before[0].probability);
}

TEST_P(EveryModel, RanksTheSignalAboveChance) {
  const Panel panel = SyntheticPanel();
  const ModelSpecification spec = SyntheticSpecification(GetParam().model, GetParam().calibration);
  ForecastOptions options;
  options.data_year = kSyntheticLastYear;
  const auto forecast = ForecastRisk(panel, spec, options);
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
  std::vector<double> probabilities, outcomes;
  for (const CountryRisk& risk : forecast->risks) {
    probabilities.push_back(risk.probability);
    outcomes.push_back(*risk.outcome);
    ASSERT_EQ(risk.contributions.size(), spec.predictors.size());
  }
  EXPECT_GT(*AreaUnderRocCurve(probabilities, outcomes), 0.7);
  EXPECT_FALSE(forecast->model.summary.empty());
}

// --ensemble-weight: the weight fixed in advance is the one used, and the
// ensemble's risk lies between those of its two members alone.
TEST(Ensemble, FixedWeightIsUsedInsteadOfTheChosenOne) {
  const Panel panel = SyntheticPanel();
  ForecastOptions options;
  options.data_year = kSyntheticLastYear;
  std::vector<std::map<std::string, double>> risks;  // by country: the lists are in rank order
  for (const double weight : {0.0, 0.5, 1.0}) {
    ModelSpecification spec = SyntheticSpecification("ensemble", "platt");
    spec.ensemble_weight = weight;
    EXPECT_NE(spec.ToJson().find("\"ensemble_weight\""), std::string::npos);
    const auto forecast = ForecastRisk(panel, spec, options);
    ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
    EXPECT_EQ(forecast->model.summary.rfind(fmt::format("ensemble {:.1f} ×", weight), 0), 0u)
        << forecast->model.summary;
    risks.emplace_back();
    for (const CountryRisk& risk : forecast->risks) risks.back()[risk.country] = risk.probability;
  }
  ASSERT_EQ(risks[0].size(), risks[1].size());
  bool members_differ = false;
  for (const auto& [country, trees] : risks[0]) {
    const double linear = risks[2].at(country);
    EXPECT_GE(risks[1].at(country), std::min(trees, linear) - 1e-12) << country;
    EXPECT_LE(risks[1].at(country), std::max(trees, linear) + 1e-12) << country;
    members_differ = members_differ || trees != linear;
  }
  EXPECT_TRUE(members_differ);
}

INSTANTIATE_TEST_SUITE_P(Models, EveryModel,
                         ::testing::Values(ModelCase{"enet", "none"}, ModelCase{"enet", "platt"},
                                           ModelCase{"enet-stable", "none"}, ModelCase{"enet-stable", "isotonic"},
                                           ModelCase{"xgb", "none"}, ModelCase{"xgb", "platt"},
                                           ModelCase{"ensemble", "none"}),
                         [](const auto& info) {
                           std::string name = info.param.model + "_" + info.param.calibration;
                           for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(ModelChoice, UncalibratedReferenceKeepsGlmnetArithmetic) {
  const Panel panel = SyntheticPanel();
  const auto forecast = ForecastRisk(panel, SyntheticSpecification("enet", "none"), {});
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
  EXPECT_EQ(forecast->model.learned, nullptr);
}

TEST(ModelChoice, UnknownModelOrCalibrationIsAnError) {
  const Panel panel = SyntheticPanel();
  EXPECT_EQ(ForecastRisk(panel, SyntheticSpecification("forest", "none"), {}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ForecastRisk(panel, SyntheticSpecification("enet", "beta"), {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(Calibration, PlattUndoesAKnownDistortion) {
  // Forecasts whose log-odds are twice the truth's, shifted by one.
  std::mt19937 generator(3);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::vector<double> probabilities, outcomes;
  for (int i = 0; i < 20000; ++i) {
    const double truth = -2 + normal(generator);
    outcomes.push_back(uniform(generator) < 1 / (1 + std::exp(-truth)) ? 1 : 0);
    probabilities.push_back(1 / (1 + std::exp(-(2 * truth + 1))));
  }
  const auto calibrator = Calibrator::Fit(CalibrationMethod::kPlatt, probabilities, outcomes);
  ASSERT_TRUE(calibrator.ok());
  const auto slope = FitLogisticRecalibration(probabilities, outcomes);
  ASSERT_TRUE(slope.ok());
  EXPECT_NEAR(slope->slope, 0.5, 0.05);
  std::vector<double> calibrated;
  for (double p : probabilities) calibrated.push_back(calibrator->Apply(p));
  EXPECT_NEAR(FitLogisticRecalibration(calibrated, outcomes)->slope, 1.0, 1e-6);
  EXPECT_NEAR(*CalibrationInTheLarge(calibrated, outcomes), 0.0, 1e-3);
}

TEST(Calibration, IsotonicIsMonotoneAndMatchesPooledRates) {
  const std::vector<double> probabilities = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
  const std::vector<double> outcomes = {0, 1, 0, 0, 1, 1};
  const auto calibrator = Calibrator::Fit(CalibrationMethod::kIsotonic, probabilities, outcomes);
  ASSERT_TRUE(calibrator.ok());
  // Pool adjacent violators: {0.1} -> 0, {0.2, 0.3, 0.4} -> 1/3, {0.5, 0.6} -> 1.
  EXPECT_DOUBLE_EQ(calibrator->Apply(0.05), kIsotonicFloor);
  EXPECT_DOUBLE_EQ(calibrator->Apply(0.3), 1.0 / 3);
  EXPECT_DOUBLE_EQ(calibrator->Apply(0.9), 1 - kIsotonicFloor);
  for (double p = 0; p < 1; p += 0.01) EXPECT_LE(calibrator->Apply(p), calibrator->Apply(p + 0.01));
}

TEST(Metrics, AveragePrecisionSumsPrecisionAtEachRecallStep) {
  // Ranked: 1 (pos), 2 (neg), 3 (pos): AP = 1/2 * 1 + 1/2 * 2/3.
  const std::vector<double> probabilities = {0.9, 0.8, 0.7};
  const std::vector<double> outcomes = {1, 0, 1};
  EXPECT_DOUBLE_EQ(*AveragePrecision(probabilities, outcomes), 0.5 + 0.5 * 2.0 / 3.0);
}

}  // namespace
}  // namespace tocsin::forecast
