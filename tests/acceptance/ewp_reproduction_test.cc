// The Early Warning Project's 2025 Statistical Risk Assessment, reproduced from its
// published input: lambda, coefficients, the 168 risks and the top 30.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "acceptance/data_directory.h"
#include "tocsin/core/csv_reader.h"
#include "tocsin/core/panel.h"
#include "tocsin/forecast/risk_forecast.h"

namespace tocsin::forecast {
namespace {

constexpr double kPublishedLambdaMin = 0.0025864;

struct Published {
  std::map<std::string, double> risk_from_2024;  // risk.2025and2026.from2024
  std::map<std::string, double> risk_from_2023;  // risk.2024and2025.from2023
  std::vector<std::string> top30;                // by published rank
};

Published ReadPublished(const std::string& ewp) {
  Published published;
  auto reader = CsvReader::Open(ewp + "/final_forecasts_data_3Sep2025.csv");
  EXPECT_TRUE(reader.ok());
  const auto columns = reader->Columns({"ewp_name", "risk.2025and2026.from2024", "rank.2025and2026.from2025",
                                        "risk.2024and2025.from2023"});
  EXPECT_TRUE(columns.ok());
  std::vector<std::pair<double, std::string>> ranked;
  while (*reader->Next()) {
    const std::string name(reader->Field((*columns)[0]));
    published.risk_from_2024[name] = *reader->Number((*columns)[1]);
    ranked.emplace_back(*reader->Number((*columns)[2]), name);
    const auto last_year = reader->OptionalNumber((*columns)[3]);
    if (last_year.ok() && last_year->has_value()) published.risk_from_2023[name] = **last_year;
  }
  std::sort(ranked.begin(), ranked.end());
  for (int i = 0; i < 30; ++i) published.top30.push_back(ranked[i].second);
  return published;
}

// EWP published risks rounded to 4 significant digits (R's signif).
double Signif4(double value) {
  if (value == 0) return 0;
  const double scale = std::pow(10.0, 3 - std::floor(std::log10(std::abs(value))));
  return std::round(value * scale) / scale;
}

Panel ReadEwpPanel(const std::string& ewp) {
  auto panel = ReadPanelCsv(ewp + "/prepared2024predictors-2025-09-03.csv");
  EXPECT_TRUE(panel.ok()) << panel.status().ToString();
  return std::move(panel).value();
}

double SpearmanCorrelation(const std::vector<double>& a, const std::vector<double>& b) {
  auto ranks = [](const std::vector<double>& values) {
    std::vector<std::size_t> order(values.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return values[x] < values[y]; });
    std::vector<double> rank(values.size());
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i;
      while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
      for (std::size_t k = i; k <= j; ++k) rank[order[k]] = (i + j) / 2.0 + 1;
      i = j + 1;
    }
    return rank;
  };
  const auto ra = ranks(a);
  const auto rb = ranks(b);
  double mean = (ra.size() + 1) / 2.0, sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - mean) * (rb[i] - mean);
    saa += (ra[i] - mean) * (ra[i] - mean);
    sbb += (rb[i] - mean) * (rb[i] - mean);
  }
  return sab / std::sqrt(saa * sbb);
}

TEST(EwpReproduction, PublishedFoldsReproduceLambdaRisksAndTop30) {
  TOCSIN_REQUIRE_EWP_DATA(ewp);
  const Panel panel = ReadEwpPanel(ewp);
  const Published published = ReadPublished(ewp);
  ForecastOptions options;
  options.data_year = 2024;
  options.folds_file = ewp + "/derived/cv_foldid_train_le2022_seed90035.csv";
  const auto forecast = ForecastRisk(panel, ModelSpecification{}, options);
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();

  EXPECT_EQ(forecast->model.training_rows, 8970);
  EXPECT_LT(std::abs(forecast->model.lambda - kPublishedLambdaMin) / kPublishedLambdaMin, 1e-4);
  EXPECT_EQ(forecast->model.nonzero, 22);
  ASSERT_EQ(forecast->risks.size(), 168u);
  int matched = 0;
  for (const CountryRisk& risk : forecast->risks) {
    ASSERT_TRUE(published.risk_from_2024.contains(risk.country)) << risk.country;
    const double expected = published.risk_from_2024.at(risk.country);
    // The published figure is rounded to 4 significant digits: ours, rounded the same
    // way, must be identical, and unrounded within 1e-5.
    EXPECT_EQ(Signif4(risk.probability), expected) << risk.country << " " << risk.probability;
    EXPECT_NEAR(risk.probability, expected, 1e-5) << risk.country;
    ++matched;
  }
  EXPECT_EQ(matched, 168);
  for (int i = 0; i < 30; ++i) EXPECT_EQ(forecast->risks[i].country, published.top30[i]) << "rank " << i + 1;
}

TEST(EwpReproduction, CoefficientsMatchPublishedTable) {
  TOCSIN_REQUIRE_EWP_DATA(ewp);
  const Panel panel = ReadEwpPanel(ewp);
  ForecastOptions options;
  options.data_year = 2024;
  options.folds_file = ewp + "/derived/cv_foldid_train_le2022_seed90035.csv";
  const ModelSpecification spec;
  const auto forecast = ForecastRisk(panel, spec, options);
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
  auto reader = CsvReader::Open(ewp + "/coefficients_3Sep2025.csv");
  ASSERT_TRUE(reader.ok());
  const auto columns = reader->Columns({"variable", "coef.full"});
  ASSERT_TRUE(columns.ok());
  int checked = 0;
  while (*reader->Next()) {
    const std::string name(reader->Field((*columns)[0]));
    const double expected = *reader->Number((*columns)[1]);
    double actual = forecast->model.intercept;
    if (name != "(Intercept)") {
      const auto position = std::find(spec.predictors.begin(), spec.predictors.end(), name);
      ASSERT_NE(position, spec.predictors.end()) << name;
      actual = forecast->model.coefficients[position - spec.predictors.begin()];
    }
    EXPECT_NEAR(actual, expected, 1e-4) << name;
    ++checked;
  }
  EXPECT_EQ(checked, 40);
}

TEST(EwpReproduction, OwnSeededFoldsAgreeWithPublishedRanking) {
  TOCSIN_REQUIRE_EWP_DATA(ewp);
  const Panel panel = ReadEwpPanel(ewp);
  const Published published = ReadPublished(ewp);
  ForecastOptions options;
  options.data_year = 2024;
  const auto forecast = ForecastRisk(panel, ModelSpecification{}, options);  // seed 90035, R's generator
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
  std::vector<double> ours, theirs;
  int in_top30 = 0;
  for (const CountryRisk& risk : forecast->risks) {
    ours.push_back(risk.probability);
    theirs.push_back(published.risk_from_2024.at(risk.country));
    if (risk.rank <= 30 &&
        std::find(published.top30.begin(), published.top30.end(), risk.country) != published.top30.end()) {
      ++in_top30;
    }
  }
  EXPECT_GE(SpearmanCorrelation(ours, theirs), 0.999);
  EXPECT_GE(in_top30, 28);
}

// The same code on another year of the edition: last year's model (trained on
// years <= 2021, forecast from 2023 data), which EWP publishes beside the new one.
TEST(EwpReproduction, PreviousYearModelReproducesPublishedLastYearRisks) {
  TOCSIN_REQUIRE_EWP_DATA(ewp);
  const Panel panel = ReadEwpPanel(ewp);
  const Published published = ReadPublished(ewp);
  ForecastOptions options;
  options.data_year = 2023;
  const auto forecast = ForecastRisk(panel, ModelSpecification{}, options);
  ASSERT_TRUE(forecast.ok()) << forecast.status().ToString();
  EXPECT_EQ(forecast->model.trained_through, 2021);
  int compared = 0;
  for (const CountryRisk& risk : forecast->risks) {
    const auto expected = published.risk_from_2023.find(risk.country);
    if (expected == published.risk_from_2023.end()) continue;
    EXPECT_EQ(Signif4(risk.probability), expected->second) << risk.country << " " << risk.probability;
    ++compared;
  }
  EXPECT_GE(compared, 160);
}

}  // namespace
}  // namespace tocsin::forecast
