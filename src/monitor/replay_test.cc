#include "tocsin/monitor/replay.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_case_file.h"
#include "test_fixtures.h"
#include "tocsin/monitor/event_repository.h"

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
  auto store = store::Store::Open("sqlite::memory:");
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

}  // namespace
}  // namespace tocsin::monitor
