// A forecast run's bootstrap risk intervals, as every forecast route returns them:
// risk_lower and risk_upper on each country (null without intervals) and the
// run's resample counts.
#include <gtest/gtest.h>

#include "http_status.h"
#include "server_fixture.h"
#include "tocsin/store/run_repository.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Role;

class RiskIntervalRoutes : public ::testing::Test {
 protected:
  void SetUp() override {
    const access::OrganisationId organisation = server_.AddOrganisation("Home Office");
    analyst_ = server_.AddUser("ana", organisation, {Role::kAnalyst}, Clearance::kConfidential);
    panel_ = server_.AddPanel({.label = Clearance::kPublic}).id;
  }

  // A forecast of `model` from 2020 data for the United States (gw 2) and Canada
  // (gw 20); with `intervals`, each has one and the run used 97 of 100 resamples.
  std::int64_t SaveRun(const std::string& model, bool intervals) {
    store::ModelRunRecord run;
    run.kind = "forecast";
    run.model = model;
    run.specification_json = "{}";
    run.dataset_id = panel_;
    run.data_hash = "h";
    run.forecast_year = 2020;
    run.metrics_json = "{}";
    run.coefficients_json = "{}";
    store::ForecastRecord canada{2020, 20, 20, "Canada", 0.2, 1, std::nullopt, "{}"};
    store::ForecastRecord states{2020, 2, 2, "United States", 0.1, 2, std::nullopt, "{}"};
    if (intervals) {
      run.interval = store::IntervalRecord{.level = 0.9, .resamples = 100, .used = 97};
      canada.risk_lower = 0.125;
      canada.risk_upper = 0.375;
      states.risk_lower = 0.0625;
      states.risk_upper = 0.25;
    }
    run.forecasts = {canada, states};
    const auto id = store::SaveModelRun(server_.store(), run);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  nlohmann::json Get(const std::string& path) {
    const Response response = server_.Get(path, analyst_.token);
    EXPECT_EQ(response.status, kHttpOk) << path << ": " << response.body;
    return response.Json();
  }

  TestServer server_;
  TestUser analyst_;
  std::int64_t panel_ = 0;
};

TEST_F(RiskIntervalRoutes, ForecastMapGivesEachCountryItsInterval) {
  SaveRun("xgb", true);
  const nlohmann::json map = Get("/api/v1/forecasts?model=xgb");
  EXPECT_EQ(map["run"]["intervals"]["level"], 0.9);
  EXPECT_EQ(map["run"]["intervals"]["resamples_used"], 97);
  ASSERT_EQ(map["countries"].size(), 2u);
  EXPECT_EQ(map["countries"][0]["country"], "Canada");
  EXPECT_EQ(map["countries"][0]["risk_lower"], 0.125);
  EXPECT_EQ(map["countries"][0]["risk_upper"], 0.375);
  EXPECT_EQ(map["countries"][1]["risk_lower"], 0.0625);
  EXPECT_EQ(map["countries"][1]["risk_upper"], 0.25);
}

// Runs are saved under names such as xgb+changes+platt; the map's model filter takes
// them percent-encoded, as the dashboard sends them, and matches the whole name.
TEST_F(RiskIntervalRoutes, ForecastMapFiltersBySavedRunNamesWithPlusSigns) {
  const std::int64_t plain = SaveRun("xgb", true);
  const std::int64_t changes = SaveRun("xgb+changes+platt", false);
  EXPECT_EQ(Get("/api/v1/forecasts?model=xgb%2Bchanges%2Bplatt")["run"]["id"], changes);
  EXPECT_EQ(Get("/api/v1/forecasts?model=xgb%2Bchanges%2Bplatt")["run"]["model"], "xgb+changes+platt");
  EXPECT_EQ(Get("/api/v1/forecasts?model=xgb")["run"]["id"], plain);
}

TEST_F(RiskIntervalRoutes, ForecastMapWithoutIntervalsHasNullBounds) {
  SaveRun("enet", false);
  const nlohmann::json map = Get("/api/v1/forecasts?model=enet");
  EXPECT_TRUE(map["run"]["intervals"].is_null());
  ASSERT_EQ(map["countries"].size(), 2u);
  for (const auto& country : map["countries"]) {
    ASSERT_TRUE(country.contains("risk_lower"));
    ASSERT_TRUE(country.contains("risk_upper"));
    EXPECT_TRUE(country["risk_lower"].is_null());
    EXPECT_TRUE(country["risk_upper"].is_null());
  }
}

TEST_F(RiskIntervalRoutes, RunDetailHasTheIntervalsAndTheResamplesUsed) {
  const std::int64_t with = SaveRun("xgb", true);
  const std::int64_t without = SaveRun("enet", false);
  const nlohmann::json run = Get("/api/v1/forecasts/runs/" + std::to_string(with));
  EXPECT_EQ(run["intervals"]["level"], 0.9);
  EXPECT_EQ(run["intervals"]["resamples"], 100);
  EXPECT_EQ(run["intervals"]["resamples_used"], 97);
  ASSERT_EQ(run["forecasts"].size(), 2u);
  EXPECT_EQ(run["forecasts"][0]["risk_lower"], 0.125);
  EXPECT_EQ(run["forecasts"][0]["risk_upper"], 0.375);

  const nlohmann::json plain = Get("/api/v1/forecasts/runs/" + std::to_string(without));
  ASSERT_TRUE(plain.contains("intervals"));
  EXPECT_TRUE(plain["intervals"].is_null());
  ASSERT_EQ(plain["forecasts"].size(), 2u);
  EXPECT_TRUE(plain["forecasts"][0]["risk_lower"].is_null());
  EXPECT_TRUE(plain["forecasts"][0]["risk_upper"].is_null());

  const nlohmann::json runs = Get("/api/v1/forecasts/runs");
  ASSERT_EQ(runs["runs"].size(), 2u);
  EXPECT_TRUE(runs["runs"][0]["intervals"].is_null()) << "newest first: the run without intervals";
  EXPECT_EQ(runs["runs"][1]["intervals"]["resamples_used"], 97);
}

TEST_F(RiskIntervalRoutes, CountryHistoryGivesEachRunsInterval) {
  SaveRun("enet", false);
  SaveRun("xgb", true);
  const nlohmann::json history = Get("/api/v1/countries/20/forecasts");
  ASSERT_EQ(history["forecasts"].size(), 2u);
  EXPECT_EQ(history["forecasts"][0]["model"], "enet");
  EXPECT_TRUE(history["forecasts"][0]["risk_lower"].is_null());
  EXPECT_TRUE(history["forecasts"][0]["risk_upper"].is_null());
  EXPECT_EQ(history["forecasts"][1]["model"], "xgb");
  EXPECT_EQ(history["forecasts"][1]["risk_lower"], 0.125);
  EXPECT_EQ(history["forecasts"][1]["risk_upper"], 0.375);
}

}  // namespace
}  // namespace tocsin::server::testing
