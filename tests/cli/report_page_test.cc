#include "report_page.h"

#include <gtest/gtest.h>

namespace tocsin::cli {
namespace {

ReportInput MinimalInput(const std::string& country) {
  ReportInput input;
  input.forecast.kind = "forecast";
  input.forecast.model = "enet";
  input.forecast.forecast_year = 2024;
  input.forecast.trained_through = 2022;
  input.forecast.training_rows = 10;
  input.forecast.lambda = 0.01;
  input.forecast.metrics_json = R"({"nonzero": 1, "baseline_log_odds": -3.0})";
  input.forecast.coefficients_json = R"json({"(Intercept)": -3.0, "x": 0.5})json";
  input.forecast.forecasts.push_back({2024, 901, std::nullopt, country, 0.25, 1, std::nullopt, R"({"x": 0.5})"});
  input.backtest.metrics_json = R"({"first_year": 1994, "last_year": 2024, "country_years": 10, "onsets": 1,
    "auc": 0.8, "recall_at_10": 1, "recall_at_20": 1, "recall_at_30": 1, "share_at_4_percent": 1,
    "share_at_2_5_percent": 1, "false_positives_per_true_positive_at_4_percent": 2, "brier": 0.01,
    "brier_skill": 0.1, "calibration": [{"count": 10, "mean_predicted": 0.1, "observed_rate": 0.1}],
    "roc": {"fpr": [0, 1], "tpr": [0, 1]}, "years": []})";
  input.panel_source = "<panel>.csv";
  return input;
}

TEST(ReportPage, EscapesScriptInCountryNames) {
  const std::string html = RenderReport(MinimalInput("<script>alert(1)</script>"));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;panel&gt;.csv"), std::string::npos);
}

TEST(ReportPage, HasEverySectionAndInlineSvgPlots) {
  const std::string html = RenderReport(MinimalInput("Atlantis"));
  for (const char* section : {"Data and model", "highest risks and their drivers", "Validation", "All countries, ranked",
                              "Coefficients at lambda.min", "Limits"}) {
    EXPECT_NE(html.find(section), std::string::npos) << section;
  }
  EXPECT_NE(html.find("aria-label=\"ROC curve"), std::string::npos);
  EXPECT_NE(html.find("aria-label=\"Calibration"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos) << "the report must not load anything from the network";
}

TEST(ReportPage, RankedListShowsTheSavedIntervalAndTheResamplesUsed) {
  ReportInput input = MinimalInput("Atlantis");
  input.forecast.interval = store::IntervalRecord{.level = 0.9, .resamples = 100, .used = 97};
  input.forecast.forecasts[0].risk_lower = 0.125;
  input.forecast.forecasts[0].risk_upper = 0.375;
  const std::string html = RenderReport(input);
  EXPECT_NE(html.find("<th class=n>90% interval</th>"), std::string::npos);
  EXPECT_NE(html.find("<td class=n>12.50% – 37.50%</td>"), std::string::npos);
  EXPECT_NE(html.find("from 97 of 100 resamples"), std::string::npos);
}

TEST(ReportPage, RankedListHasNoIntervalColumnWithoutIntervals) {
  const std::string html = RenderReport(MinimalInput("Atlantis"));
  EXPECT_EQ(html.find("interval</th>"), std::string::npos);
  EXPECT_EQ(html.find("resamples"), std::string::npos);
}

// A tree model's run has no coefficients: the page describes it by its run's summary
// and specification, explains drivers as TreeSHAP values and leaves lambda out.
TEST(ReportPage, AnotherModelIsDescribedByItsRun) {
  ReportInput input = MinimalInput("Atlantis");
  input.forecast.model = "xgb+changes+isotonic@mk_onset_1";
  input.forecast.lambda = 0;
  input.forecast.coefficients_json = "{}";
  input.forecast.metrics_json = R"({"nonzero": 0, "baseline_log_odds": 0, "summary": "xgb, depth 2 <trees>"})";
  input.forecast.specification_json = R"({"model": "xgb", "target": "mk_onset_1", "predictors": ["x", "x.change1"]})";
  const std::string html = RenderReport(input);
  EXPECT_NE(html.find("<h1>Risk of a new mass killing starting in 2025</h1>"), std::string::npos);
  EXPECT_NE(html.find("begins in the next year."), std::string::npos);
  EXPECT_NE(html.find("<td>Model</td><td>xgb+changes+isotonic@mk_onset_1: xgb, depth 2 &lt;trees&gt;</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td>Predictors</td><td>2</td>"), std::string::npos);
  EXPECT_NE(html.find("TreeSHAP"), std::string::npos);
  EXPECT_EQ(html.find("lambda"), std::string::npos);
  EXPECT_EQ(html.find("Coefficients"), std::string::npos);
  EXPECT_EQ(html.find("reproduces the Early Warning Project"), std::string::npos);
  // No comparison was run: the page says how to make one instead of pointing below.
  EXPECT_EQ(html.find("the model comparison below"), std::string::npos);
  EXPECT_NE(html.find("tocsin backtest --compare enet,xgb</code>"), std::string::npos);
}

TEST(ReportPage, TheReferenceKeepsItsElasticNetFacts) {
  const std::string html = RenderReport(MinimalInput("Atlantis"));
  EXPECT_NE(html.find("<td>lambda.min</td><td>0.01 (1 non-zero coefficients)</td>"), std::string::npos);
  EXPECT_NE(html.find("The model reproduces the Early Warning Project's Statistical Risk Assessment."),
            std::string::npos);
  EXPECT_EQ(html.find("TreeSHAP"), std::string::npos);
}

TEST(ReportPage, EscapeHtmlCoversAttributeQuotes) {
  EXPECT_EQ(EscapeHtml(R"(a&b<c>"d"'e')"), "a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;");
}

}  // namespace
}  // namespace tocsin::cli
