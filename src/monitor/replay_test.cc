#include "tocsin/monitor/replay.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_case_file.h"
#include "test_fixtures.h"
#include "tocsin/monitor/event_repository.h"
#include "tocsin/store/test_backends.h"
#include "views_series.h"

namespace tocsin::monitor {
namespace {

using testing::kCentralAfricanRepublic;

std::vector<Rule> Surge() { return testing::WeeklySurgeRule(5); }

Event OneSided(int id, const std::string& date, std::int64_t fatalities) {
  return testing::OneSidedEvent(std::to_string(id), date, fatalities);
}

// One killing a week from 2013-01-07; six in the week of 2013-02-11 (a surge,
// raised at the week's end, 2013-02-17); a massacre of 1,000 on 2013-03-05;
// one killing on 2013-04-30, so that the data cover the alert's horizon.
std::unique_ptr<store::Store> Escalation() {
  std::vector<Event> events;
  int id = 0;
  for (const char* date : {"2013-01-07", "2013-01-14", "2013-01-21", "2013-01-28", "2013-02-04"}) {
    events.push_back(OneSided(++id, date, 1));
  }
  for (int i = 0; i < 6; ++i) events.push_back(OneSided(++id, "2013-02-12", 5));
  events.push_back(OneSided(++id, "2013-03-05", 1000));
  events.push_back(OneSided(++id, "2013-04-30", 1));  // the data reach past the 28-day horizon
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  EXPECT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Write([&](store::Transaction& t) { return UpsertEvents(t, events).status(); }).ok());
  return std::move(store).value();
}

TEST(Replay, ScoresPrecisionAndLeadTimeBeforeTheOnset) {
  auto store = Escalation();
  const std::vector<Onset> onsets = {{"caf2013ns1", "Central African Republic", kCentralAfricanRepublic, 2013}};
  const auto report = ReplayStoredEvents(*store, Surge(), onsets, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->rules.size(), 1u);
  const RuleReplay& surge = report->rules[0];
  EXPECT_EQ(surge.alerts, 1u);
  EXPECT_EQ(surge.scored, 1u);
  EXPECT_EQ(surge.followed, 1u) << "1,000 killed within 28 days of 2013-02-17";
  ASSERT_EQ(surge.onsets.size(), 1u);
  EXPECT_EQ(FormatDate(surge.onsets[0].dated), "2013-03-05");
  EXPECT_TRUE(surge.onsets[0].threshold_reached);
  EXPECT_EQ(surge.onsets[0].lead_days, 16);
}

TEST(Replay, ShorterHorizonMissesTheEscalation) {
  auto store = Escalation();
  ReplayOptions options;
  options.horizon_days = 14;  // 2013-02-18..03-03: only the weekly killings
  const auto report = ReplayStoredEvents(*store, Surge(), {}, options);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rules[0].followed, 0u);
  EXPECT_EQ(report->rules[0].scored, 1u);
}

TEST(Replay, ReadsTheEwpOnsetsWithGwCodes) {
  const auto path = testing::SharedDataDirectory() / "ewp" / "mk_events_2025.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not found; set TOCSIN_DATA_DIR";
  const auto onsets = LoadMassKillingOnsets(path.string());
  ASSERT_TRUE(onsets.ok()) << onsets.status().ToString();
  const auto car = std::find_if(onsets->begin(), onsets->end(), [](const Onset& o) { return o.code == "caf2013ns1"; });
  ASSERT_NE(car, onsets->end());
  EXPECT_EQ(car->country_gw, kCentralAfricanRepublic);
  EXPECT_EQ(car->year, 2013);
}

// VIEWS files in a folder of their own (plain text under the .gz names: the reader
// recognises gzip from the content).
class ViewsFolder {
 public:
  ViewsFolder(const std::string& features, const std::string& actuals)
      : path_(std::filesystem::temp_directory_path() / ("tocsin_views_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
    std::ofstream(path_ / "views_cm_features_m455_m490.csv.gz") << features;
    std::ofstream(path_ / "views_cm_actuals_ged_sb_2018_2024.csv.gz") << actuals;
  }
  ~ViewsFolder() { std::filesystem::remove_all(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(Replay, ReadsViewsSeriesByGw) {
  const ViewsFolder folder(
      "month_id,country_id,gleditsch_ward,ged_ns,ged_os\n457,7,482,1,30\n458,7,482,0,2\n",
      "month_id,country_id,ged_sb\n457,7,5\n");
  const auto views = ReadViewsSeries(folder.path());
  ASSERT_TRUE(views.ok()) << views.status().ToString();
  ASSERT_EQ(views->one_sided.count(kCentralAfricanRepublic), 1u);
  EXPECT_EQ(views->one_sided.at(kCentralAfricanRepublic).values, (std::vector<double>{30, 2}));
  EXPECT_EQ(views->state_based.at(kCentralAfricanRepublic).values, (std::vector<double>{5}));
}

// A GW number or month that is not a whole number within an int would have been
// converted to one anyway (undefined beyond an int's range).
TEST(Replay, ViewsIdsMustBeWholeNumbersThatFitAnInt) {
  const ViewsFolder folder("month_id,country_id,gleditsch_ward,ged_ns,ged_os\n457,7,1e12,1,30\n",
                           "month_id,country_id,ged_sb\n457,7,5\n");
  const auto views = ReadViewsSeries(folder.path());
  ASSERT_FALSE(views.ok());
  EXPECT_NE(views.status().message().find(":2: column 'gleditsch_ward': '1e12' is not a whole number"),
            std::string::npos)
      << views.status().message();
}

}  // namespace
}  // namespace tocsin::monitor
