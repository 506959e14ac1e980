#include "tocsin/monitor/monitor.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "test_fixtures.h"
#include "tocsin/monitor/event_repository.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::monitor {
namespace {

using testing::OneSidedEvent;

std::vector<Rule> SurgeRule() { return testing::WeeklySurgeRule(3); }

std::unique_ptr<store::Store> OpenWith(const std::vector<Event>& events) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  const Status written = (*store)->Write([&](store::Transaction& transaction) {
    return UpsertEvents(transaction, events).status();
  });
  EXPECT_TRUE(written.ok()) << written.ToString();
  return std::move(store).value();
}

// One event a week from 2013-11-04 for four weeks, then `surge` events in the week of 2013-12-02.
std::vector<Event> QuietThenSurge(int surge) {
  std::vector<Event> events = {OneSidedEvent("1", "2013-11-04", 1), OneSidedEvent("2", "2013-11-11", 1),
                               OneSidedEvent("3", "2013-11-18", 1), OneSidedEvent("4", "2013-11-25", 1)};
  for (int i = 0; i < surge; ++i) events.push_back(OneSidedEvent(fmt::format("s{}", i), "2013-12-03", 10 * (i + 1)));
  return events;
}

TEST(Monitor, AlertNamesTheLargestContributingEventsFirst) {
  auto store = OpenWith(QuietThenSurge(4));
  MonitorOptions options;
  options.top_events = 2;
  const auto report = RunMonitor(*store, SurgeRule(), options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->alerts.size(), 1u);
  const std::string& explanation = report->alerts[0].explanation;
  const auto largest = explanation.find("\"id\":\"s3\"");
  const auto second = explanation.find("\"id\":\"s2\"");
  EXPECT_NE(largest, std::string::npos) << explanation;
  EXPECT_LT(largest, second) << explanation;
  EXPECT_EQ(explanation.find("\"id\":\"s1\""), std::string::npos) << "only the top 2 are named";
}

TEST(Monitor, GrowingEpisodeUpdatesTheAlertAndKeepsItsOwner) {
  auto store = OpenWith(QuietThenSurge(4));
  const std::vector<Rule> rules = SurgeRule();
  ASSERT_TRUE(RunMonitor(*store, rules, {}).ok());
  auto alerts = ListAlerts(*store, {});
  ASSERT_TRUE(alerts.ok());
  ASSERT_EQ(alerts->size(), 1u);
  const std::int64_t id = alerts->front().id;
  ASSERT_TRUE(AcknowledgeAlert(*store, id, "analyst").ok());

  // The next week is higher still: the same episode, now two weeks long.
  std::vector<Event> more;
  for (int i = 0; i < 12; ++i) more.push_back(OneSidedEvent(fmt::format("t{}", i), "2013-12-10", 1));
  ASSERT_TRUE(store->Write([&](store::Transaction& transaction) { return UpsertEvents(transaction, more).status(); })
                  .ok());
  const auto report = RunMonitor(*store, rules, {});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->saved.updated, 1);
  EXPECT_EQ(report->saved.raised, 0);
  const auto alert = GetAlert(*store, id);
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(FormatDate(alert->window_end), "2013-12-15");
  EXPECT_EQ(alert->state, AlertState::kAcknowledged);
  EXPECT_EQ(alert->owner, "analyst");
}

TEST(Monitor, DecidedAlertCannotBeDecidedAgain) {
  auto store = OpenWith(QuietThenSurge(4));
  ASSERT_TRUE(RunMonitor(*store, SurgeRule(), {}).ok());
  ASSERT_TRUE(AcknowledgeAlert(*store, 1, "analyst").ok());
  ASSERT_TRUE(DecideAlert(*store, 1, Decision::kMonitor, "watch Ouham").ok());
  const Status again = DecideAlert(*store, 1, Decision::kDismiss, "changed my mind");
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetAlert(*store, 1)->decision, Decision::kMonitor);
  EXPECT_EQ(AcknowledgeAlert(*store, 99, "x").code(), StatusCode::kNotFound);
  EXPECT_EQ(DecideAlert(*store, 1, Decision::kMonitor, "").code(), StatusCode::kInvalidArgument);
}

TEST(Monitor, DefaultRulesAreValid) {
  const auto rules = DefaultRules();
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  EXPECT_GE(rules->size(), 5u);
}

TEST(Monitor, EventsWrittenTwiceAreUnchangedTheSecondTime) {
  auto store = OpenWith(QuietThenSurge(3));
  const std::vector<Event> events = QuietThenSurge(3);
  UpsertCounts counts;
  ASSERT_TRUE(store
                  ->Write([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(counts, UpsertEvents(transaction, events));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(counts.inserted, 0);
  EXPECT_EQ(counts.updated, 0);
  EXPECT_EQ(counts.unchanged, static_cast<std::int64_t>(events.size()));
}

// One batch with a new key, a stored key whose content changed, a stored key
// unchanged and a key twice: the last occurrence of a key decides it.
TEST(Monitor, UpsertCountsEachKeyOnceAndTheLastOccurrenceWins) {
  auto store = OpenWith({OneSidedEvent("1", "2013-11-04", 1), OneSidedEvent("2", "2013-11-11", 1)});
  const std::vector<Event> batch = {OneSidedEvent("1", "2013-11-04", 1), OneSidedEvent("2", "2013-11-11", 5),
                                    OneSidedEvent("3", "2013-11-18", 2), OneSidedEvent("3", "2013-11-18", 9)};
  UpsertCounts counts;
  ASSERT_TRUE(store
                  ->Write([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(counts, UpsertEvents(transaction, batch));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(counts.inserted, 1);
  EXPECT_EQ(counts.updated, 1);
  EXPECT_EQ(counts.unchanged, 2) << "event 1, and the first occurrence of event 3";
  std::map<std::string, std::int64_t> fatalities;
  ASSERT_TRUE(ScanEvents(*store, {}, [&](const EventSummary& event) {
    fatalities[event.source_id] = event.fatalities;
    return Status::Ok();
  }).ok());
  EXPECT_EQ(fatalities, (std::map<std::string, std::int64_t>{{"1", 1}, {"2", 5}, {"3", 9}}));
}

// The live intake evaluates a batch's countries from the first day the batch
// changes (MonitorOptions::from): the alerts it stores must be exactly those a
// full evaluation of everything stores.
TEST(Monitor, EvaluatingFromTheFirstChangedDayStoresWhatAFullEvaluationStores) {
  const auto rules = DefaultRules();
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  std::vector<Event> first = QuietThenSurge(6);
  std::vector<Event> later;  // the episode grows a week, then quiet, then a new surge
  for (int i = 0; i < 14; ++i) later.push_back(OneSidedEvent(fmt::format("g{}", i), "2013-12-10", 3));
  for (int week = 0; week < 6; ++week) {
    later.push_back(OneSidedEvent(fmt::format("q{}", week), FormatDate(*ParseDate("2013-12-17") + 7 * week), 1));
  }
  for (int i = 0; i < 20; ++i) later.push_back(OneSidedEvent(fmt::format("n{}", i), "2014-02-04", 40));

  auto incremental = OpenWith(first);
  ASSERT_TRUE(RunMonitor(*incremental, *rules, {}).ok());
  ASSERT_TRUE(incremental
                  ->Write([&](store::Transaction& transaction) { return UpsertEvents(transaction, later).status(); })
                  .ok());
  MonitorOptions options;
  options.countries = {later.front().country_gw};
  options.from = *ParseDate("2013-12-10");
  ASSERT_TRUE(RunMonitor(*incremental, *rules, options).ok());

  std::vector<Event> everything = first;
  everything.insert(everything.end(), later.begin(), later.end());
  auto full = OpenWith(everything);
  ASSERT_TRUE(RunMonitor(*full, *rules, {}).ok());

  const auto describe = [](store::Store& store) {
    std::vector<std::string> lines;
    const auto alerts = ListAlerts(store, {});
    EXPECT_TRUE(alerts.ok());
    for (const Alert& alert : *alerts) {
      lines.push_back(fmt::format("{} {} {}..{} observed {} expected {} {}", alert.rule, alert.place.country_gw,
                                  FormatDate(alert.window_start), FormatDate(alert.window_end), alert.observed,
                                  alert.expected, alert.explanation));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  const std::vector<std::string> expected = describe(*full);
  EXPECT_GE(expected.size(), 2u) << "the test needs alerts before and after the changed day";
  EXPECT_EQ(describe(*incremental), expected);
}

}  // namespace
}  // namespace tocsin::monitor
