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

Status Add(store::Store& store, const std::vector<Event>& events) {
  return store.Write(
      [&](store::Transaction& transaction) { return UpsertEvents(transaction, events).status(); });
}

std::vector<Event> Events(const std::string& prefix, const std::string& date, int count) {
  std::vector<Event> events;
  for (int i = 0; i < count; ++i) events.push_back(OneSidedEvent(fmt::format("{}{}", prefix, i), date, 1));
  return events;
}

// The alerts that stand (not withdrawn).
std::vector<Alert> Standing(store::Store& store) {
  auto alerts = ListAlerts(store, {});
  EXPECT_TRUE(alerts.ok());
  std::vector<Alert> standing;
  for (const Alert& alert : *alerts) {
    if (alert.withdrawn_at.empty()) standing.push_back(alert);
  }
  return standing;
}

// A late report that makes the week before an alert's episode fire grows the
// episode backwards: the alert is updated, keeping its triage, not raised twice.
TEST(Monitor, EpisodeGrowingBackwardsUpdatesTheAlertAndKeepsItsOwner) {
  auto store = OpenWith(QuietThenSurge(4));
  const std::vector<Rule> rules = SurgeRule();
  ASSERT_TRUE(RunMonitor(*store, rules, {}).ok());
  ASSERT_EQ(Standing(*store).size(), 1u);
  const std::int64_t id = Standing(*store).front().id;
  ASSERT_TRUE(AcknowledgeAlert(*store, id, "analyst").ok());

  // Late reports: one in the week of 10-28 (a quiet week before the others), three
  // in the week of 11-25, which now has 4 events, over twice its baseline's 1.
  std::vector<Event> late = Events("late", "2013-11-26", 3);
  late.push_back(OneSidedEvent("early", "2013-10-29", 1));
  ASSERT_TRUE(Add(*store, late).ok());
  const auto report = RunMonitor(*store, rules, {});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->saved.raised, 0);
  EXPECT_EQ(report->saved.updated, 1);
  const std::vector<Alert> standing = Standing(*store);
  ASSERT_EQ(standing.size(), 1u);
  EXPECT_EQ(standing.front().id, id);
  EXPECT_EQ(FormatDate(standing.front().window_start), "2013-11-25");
  EXPECT_EQ(standing.front().owner, "analyst");
  EXPECT_EQ(standing.front().state, AlertState::kAcknowledged);
}

// An alert the events no longer support (a late report filled its baseline) is
// withdrawn, kept with its triage; when the events support it again it stands again.
TEST(Monitor, AlertTheEventsNoLongerSupportIsWithdrawnAndStandsAgainWhenTheyDo) {
  auto store = OpenWith(QuietThenSurge(4));
  const std::vector<Rule> rules = SurgeRule();
  ASSERT_TRUE(RunMonitor(*store, rules, {}).ok());
  const std::int64_t id = Standing(*store).front().id;
  ASSERT_TRUE(AcknowledgeAlert(*store, id, "analyst").ok());

  // Six more in the week of 11-11: the baseline of 12-02 averages 2.5, and 4 is not twice that.
  ASSERT_TRUE(Add(*store, Events("fill", "2013-11-12", 6)).ok());
  const auto withdrawn = RunMonitor(*store, rules, {});
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status().ToString();
  EXPECT_EQ(withdrawn->saved.withdrawn, 1);
  auto alert = GetAlert(*store, id);
  ASSERT_TRUE(alert.ok());
  EXPECT_EQ(alert->withdrawn_reason, "no longer supported by the events");
  EXPECT_EQ(alert->owner, "analyst") << "its triage is kept";
  for (const Alert& standing : Standing(*store)) EXPECT_NE(standing.id, id);
  const auto again = RunMonitor(*store, rules, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->saved.withdrawn, 0) << "withdrawn once";

  // The six were misdated: in September they leave the baseline of 12-02 as it was.
  ASSERT_TRUE(Add(*store, Events("fill", "2013-09-03", 6)).ok());
  ASSERT_TRUE(RunMonitor(*store, rules, {}).ok());
  alert = GetAlert(*store, id);
  ASSERT_TRUE(alert.ok());
  EXPECT_TRUE(alert->withdrawn_at.empty()) << alert->withdrawn_reason;
  EXPECT_EQ(FormatDate(alert->window_start), "2013-12-02");
}

// A surge's figures read the weeks of its baseline: an alert is as restricted as
// the most restricted event there, not only in its window (its expected value
// would tell a reader of the alert what the event said).
TEST(Monitor, AlertIsLabelledByTheEventsOfItsBaselineToo) {
  auto store = OpenWith(QuietThenSurge(4));
  ASSERT_TRUE(store
                  ->Write([](store::Transaction& transaction) {
                    return transaction.Execute("UPDATE events SET label = 2 WHERE source_id = '2'").status();
                  })
                  .ok());
  ASSERT_TRUE(RunMonitor(*store, SurgeRule(), {}).ok());
  ASSERT_EQ(Standing(*store).size(), 1u);
  EXPECT_EQ(Standing(*store).front().label, 2);
}

// An event's label raised after the alert was stored: the next evaluation, which
// finds the alert unchanged, labels it again.
TEST(Monitor, UnchangedAlertTakesTheRaisedLabelOfItsEvents) {
  auto store = OpenWith(QuietThenSurge(4));
  ASSERT_TRUE(RunMonitor(*store, SurgeRule(), {}).ok());
  ASSERT_EQ(Standing(*store).front().label, 0);
  ASSERT_TRUE(store
                  ->Write([](store::Transaction& transaction) {
                    return transaction.Execute("UPDATE events SET label = 2 WHERE source_id = 's0'").status();
                  })
                  .ok());
  const auto report = RunMonitor(*store, SurgeRule(), {});
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->saved.unchanged, 1);
  EXPECT_EQ(Standing(*store).front().label, 2);
}

// Events written between the evaluation's snapshot and its save (an import, the
// API's intake): the saved alert has their figures, not the snapshot's.
TEST(Monitor, EventsWrittenDuringAnEvaluationAreInTheFiguresItSaves) {
  auto store = OpenWith(QuietThenSurge(4));
  MonitorOptions options;
  options.after_evaluation = [&] { return Add(*store, Events("meanwhile", "2013-12-04", 4)); };
  const auto report = RunMonitor(*store, SurgeRule(), options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(Standing(*store).size(), 1u);
  EXPECT_EQ(Standing(*store).front().observed, 8) << "4 in the snapshot, 4 written meanwhile";
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
