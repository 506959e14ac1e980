// The event, series and alert routes over a real server: pages with a stable
// cursor, filters, the live intake raising alerts that reach the change stream
// under their labels, idempotent submission, and triage through the API.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "http_status.h"
#include "server_fixture.h"
#include "tocsin/monitor/calendar.h"
#include "tocsin/monitor/monitor.h"
#include "tocsin/monitor/rules.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Role;

nlohmann::json OneSided(const std::string& id, const std::string& date, const std::string& country = "CAN") {
  return {{"source", "live"}, {"id", id},          {"date", date},
          {"country", country}, {"violence", "one-sided"}, {"fatalities", 2}};
}

// A quiet baseline (one event a week for five weeks from 2024-01-01), then
// eight events in the week of 2024-02-12: the surge rule fires on that week.
nlohmann::json SurgeBatch(const std::string& prefix, const std::string& country = "CAN") {
  nlohmann::json events = nlohmann::json::array();
  const monitor::DayNumber monday = monitor::DayFromCivil(2024, 1, 1);
  for (int week = 0; week < 5; ++week) {
    events.push_back(OneSided(prefix + "b" + std::to_string(week), monitor::FormatDate(monday + 7 * week), country));
  }
  for (int i = 0; i < 8; ++i) {
    events.push_back(OneSided(prefix + "s" + std::to_string(i), monitor::FormatDate(monday + 42 + i % 5), country));
  }
  return events;
}

class LiveEvents : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = server_.AddOrganisation("Home Office");
    other_ = server_.AddOrganisation("Other Agency");
    analyst_ = server_.AddUser("analyst", home_, {Role::kAnalyst}, Clearance::kConfidential);
    stranger_ = server_.AddUser("stranger", other_, {Role::kAnalyst}, Clearance::kStrictlyConfidential);
    partner_ = server_.AddUser("partner", home_, {Role::kPartnerViewer}, Clearance::kConfidential);
  }

  std::vector<std::int64_t> Ids(const std::string& path, const std::string& list, const TestUser& user) {
    std::vector<std::int64_t> ids;
    const Response response = server_.Get(path, user.token);
    EXPECT_EQ(response.status, kHttpOk) << path << ": " << response.body;
    const nlohmann::json body = response.Json();
    for (const auto& item : body[list]) ids.push_back(item["id"].get<std::int64_t>());
    return ids;
  }

  TestServer server_;
  access::OrganisationId home_;
  access::OrganisationId other_;
  TestUser analyst_;
  TestUser stranger_;
  TestUser partner_;
};

TEST_F(LiveEvents, PagesFollowAStableCursorThroughInsertions) {
  for (int day = 0; day < 7; ++day) server_.AddEvent({.label = Clearance::kPublic}, "", day * 3);
  const std::vector<std::int64_t> all = Ids("/api/v1/events?limit=1000", "events", analyst_);
  ASSERT_EQ(all.size(), 7u);
  std::vector<std::int64_t> paged;
  std::string path = "/api/v1/events?limit=3";
  for (int page = 0; page < 10; ++page) {
    const Response response = server_.Get(path, analyst_.token);
    ASSERT_EQ(response.status, kHttpOk) << response.body;
    const nlohmann::json body = response.Json();
    for (const auto& event : body["events"]) paged.push_back(event["id"].get<std::int64_t>());
    // An event dated before the cursor arrives between pages: no page repeats or skips a row.
    if (page == 0) server_.AddEvent({.label = Clearance::kPublic}, "", 1);
    if (body["next"].is_null()) break;
    path = "/api/v1/events?limit=3&after=" + body["next"].get<std::string>();
  }
  EXPECT_EQ(paged, all);
  EXPECT_EQ(server_.Get("/api/v1/events?after=nonsense", analyst_.token).status, kHttpBadRequest);
  // A page size outside 1-1000 is refused, not quietly changed.
  for (const char* limit : {"0", "-5", "1001"}) {
    const Response response = server_.Get(std::string("/api/v1/events?limit=") + limit, analyst_.token);
    EXPECT_EQ(response.status, kHttpBadRequest) << limit;
    EXPECT_NE(response.body.find("'limit' must be from 1 to 1000, not " + std::string(limit)),
              std::string::npos)
        << response.body;
  }
}

TEST_F(LiveEvents, FiltersByCountryDatesAndViolence) {
  server_.AddEvent({.label = Clearance::kPublic}, "", 0);
  server_.AddEvent({.label = Clearance::kPublic}, "", 40);
  ASSERT_EQ(server_.Send("POST", "/api/v1/events", analyst_.token,
                         {{"events", {{{"source", "live"}, {"id", "p1"}, {"date", "2020-01-05"}, {"country", "SYR"},
                                       {"violence", "protest"}}}}})
                .status,
            kHttpCreated);
  EXPECT_EQ(Ids("/api/v1/events?country=CAN", "events", analyst_).size(), 2u);
  EXPECT_EQ(Ids("/api/v1/events?country=652", "events", analyst_).size(), 1u);
  EXPECT_EQ(Ids("/api/v1/events?from=2020-01-02&to=2020-01-31", "events", analyst_).size(), 1u);
  EXPECT_EQ(Ids("/api/v1/events?violence=protest,non-state", "events", analyst_).size(), 1u);
  EXPECT_EQ(server_.Get("/api/v1/events?country=Atlantis", analyst_.token).status, kHttpBadRequest);
  EXPECT_EQ(server_.Get("/api/v1/events?violence=riots", analyst_.token).status, kHttpBadRequest);
  EXPECT_EQ(server_.Get("/api/v1/events?from=yesterday", analyst_.token).status, kHttpBadRequest);
}

TEST_F(LiveEvents, SubmittedBatchRaisesAnAlertThatReachesTheStream) {
  const Response response =
      server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch("a")}, {"reason", "field"}});
  ASSERT_EQ(response.status, kHttpCreated) << response.body;
  const nlohmann::json result = response.Json();
  EXPECT_EQ(result["inserted"], 13);
  ASSERT_FALSE(result["alerts_raised"].empty()) << response.body;
  const std::int64_t alert = result["alerts_raised"][0].get<std::int64_t>();

  const nlohmann::json detail = server_.Get("/api/v1/alerts/" + std::to_string(alert), analyst_.token).Json();
  EXPECT_EQ(detail["country"]["iso3"], "CAN");
  EXPECT_EQ(detail["state"], "new");
  EXPECT_FALSE(detail["explanation"]["events"].empty());
  EXPECT_EQ(detail["transitions"].size(), 1u);
  const std::string stream = server_.Get("/api/v1/stream?after=0&follow=false", stranger_.token).body;
  EXPECT_NE(stream.find("\"action\":\"alert.create\""), std::string::npos) << stream;
  EXPECT_NE(stream.find("\"id\":" + std::to_string(alert)), std::string::npos);

  // Submitting the same events again changes nothing and raises nothing.
  const nlohmann::json again =
      server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch("a")}}).Json();
  EXPECT_EQ(again["unchanged"], 13);
  EXPECT_TRUE(again["alerts_raised"].empty());
}

TEST_F(LiveEvents, AlertListSaysWhenMoreMatchThanItReturns) {
  for (const auto& [prefix, country] : {std::pair{"a", "CAN"}, std::pair{"m", "MEX"}}) {
    ASSERT_EQ(
        server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch(prefix, country)}})
            .status,
        kHttpCreated);
  }
  const nlohmann::json all = server_.Get("/api/v1/alerts", analyst_.token).Json();
  const std::size_t count = all["alerts"].size();
  ASSERT_GE(count, 2u);
  EXPECT_EQ(all["more"], false);
  const std::string exact = "/api/v1/alerts?limit=" + std::to_string(count);
  EXPECT_EQ(server_.Get(exact, analyst_.token).Json()["more"], false);
  const nlohmann::json cut =
      server_.Get("/api/v1/alerts?limit=" + std::to_string(count - 1), analyst_.token).Json();
  EXPECT_EQ(cut["alerts"].size(), count - 1);
  EXPECT_EQ(cut["more"], true);
}

// The intake re-evaluates only the alerts that can have changed (from the first
// day a batch changes, or from the day after the store's last event when the
// batch extends the dates: trailing windows appear there). What it stores must
// equal a full evaluation of everything, batch after batch.
TEST_F(LiveEvents, IncrementalEvaluationStoresWhatAFullEvaluationFinds) {
  const monitor::DayNumber monday = monitor::DayFromCivil(2024, 1, 1);
  const auto lethal = [&](const std::string& id, monitor::DayNumber day, int fatalities) {
    nlohmann::json event = OneSided(id, monitor::FormatDate(day));
    event["fatalities"] = fatalities;
    return event;
  };
  nlohmann::json first = nlohmann::json::array();  // quiet weeks, then a deadly week
  for (int week = 0; week < 5; ++week) first.push_back(lethal("q" + std::to_string(week), monday + 7 * week, 1));
  for (int i = 0; i < 8; ++i) first.push_back(lethal("d" + std::to_string(i), monday + 35 + i % 5, 30));
  nlohmann::json later = nlohmann::json::array();  // ten weeks on, one event, then a revision of an early one
  later.push_back(lethal("x", monday + 35 + 70, 1));
  nlohmann::json revision = nlohmann::json::array({lethal("q1", monday + 7, 60)});
  const auto rules = monitor::DefaultRules();
  ASSERT_TRUE(rules.ok());
  const auto describe = [](const std::vector<monitor::Alert>& alerts) {
    std::vector<std::string> lines;
    for (const monitor::Alert& alert : alerts) {
      lines.push_back(fmt::format("{} {}..{} {}", alert.rule, monitor::FormatDate(alert.window_start),
                                  monitor::FormatDate(alert.window_end), alert.explanation));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  };
  for (const nlohmann::json& batch : {first, later, revision}) {
    const Response response = server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", batch}});
    ASSERT_EQ(response.status, kHttpCreated) << response.body;

    monitor::MonitorOptions full;
    full.save = false;
    const auto report = monitor::RunMonitor(server_.store(), *rules, full);
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    monitor::AlertFilter filter;
    filter.limit = 1000;
    const auto stored = monitor::ListAlerts(server_.store(), filter);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(describe(*stored), describe(report->alerts)) << "after the batch " << batch.dump();
  }
  monitor::MonitorOptions full;
  full.save = false;
  const auto report = monitor::RunMonitor(server_.store(), *rules, full);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(std::any_of(report->alerts.begin(), report->alerts.end(), [](const monitor::Alert& alert) {
    return alert.rule == "threshold-one-sided-fatalities" && alert.window_end > alert.first_window_end;
  })) << "the deadly week's 4-week sums stay above the level after the first batch's last day";
}

TEST_F(LiveEvents, ConfidentialBatchRaisesAnAlertOnlyItsOrganisationSees) {
  const Response response = server_.Send("POST", "/api/v1/events", analyst_.token,
                                         {{"events", SurgeBatch("c", "SYR")},
                                          {"label", "confidential"},
                                          {"owner_organisation_id", home_.value()}});
  ASSERT_EQ(response.status, kHttpCreated) << response.body;
  ASSERT_FALSE(response.Json()["alerts_raised"].empty());
  const std::string alert = std::to_string(response.Json()["alerts_raised"][0].get<std::int64_t>());
  const nlohmann::json seen = server_.Get("/api/v1/alerts/" + alert, analyst_.token).Json();
  EXPECT_EQ(seen["label"], "confidential");
  EXPECT_EQ(server_.Get("/api/v1/alerts/" + alert, stranger_.token).status, kHttpNotFound);
  EXPECT_TRUE(Ids("/api/v1/alerts", "alerts", stranger_).empty());
  EXPECT_TRUE(Ids("/api/v1/events", "events", stranger_).empty());
  const std::string stream = server_.Get("/api/v1/stream?after=0&follow=false", stranger_.token).body;
  EXPECT_EQ(stream.find("alert.create"), std::string::npos) << stream;
  // The stranger's series of Syria count nothing; the analyst's count all 13.
  auto total = [&](const TestUser& user) {
    std::int64_t events = 0;
    const nlohmann::json series = server_.Get("/api/v1/series?country=SYR", user.token).Json();
    for (const auto& period : series["periods"]) {
      events += period["events"].get<std::int64_t>();
    }
    return events;
  };
  EXPECT_EQ(total(analyst_), 13);
  EXPECT_EQ(total(stranger_), 0);
  EXPECT_EQ(total(partner_), 13);
  // Nobody overwrites an event they could not have written.
  EXPECT_EQ(server_.Send("POST", "/api/v1/events", stranger_.token, {{"events", {OneSided("cs0", "2024-02-12")}}})
                .status,
            kHttpConflict);
}

TEST_F(LiveEvents, ResubmittedEventKeepsItsLabelUnlessRaised) {
  const nlohmann::json event = OneSided("k0", "2024-02-12", "SYR");
  const auto label_of_k0 = [&]() {
    const nlohmann::json listed = server_.Get("/api/v1/events", analyst_.token).Json();
    return listed["events"].empty() ? std::string("(not listed)")
                                    : listed["events"][0]["label"].get<std::string>();
  };
  ASSERT_EQ(
      server_
          .Send("POST", "/api/v1/events", analyst_.token,
                {{"events", {event}}, {"label", "confidential"}, {"owner_organisation_id", home_.value()}})
          .status,
      kHttpCreated);
  // The same event again without a label: unchanged, and still confidential.
  const Response again = server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", {event}}});
  ASSERT_EQ(again.status, kHttpCreated) << again.body;
  EXPECT_EQ(label_of_k0(), "confidential");
  EXPECT_TRUE(Ids("/api/v1/events", "events", stranger_).empty());
  // Lowering it by sending it again is refused and changes nothing.
  const Response lowered =
      server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", {event}}, {"label", "public"}});
  EXPECT_EQ(lowered.status, kHttpConflict) << lowered.body;
  EXPECT_NE(lowered.body.find("not lower it"), std::string::npos) << lowered.body;
  EXPECT_EQ(label_of_k0(), "confidential");
}

// An event of an alert sent again with a higher label: the alert (which the
// batch changes in no figure) takes the label at once, and its readers cleared
// below it lose it with the event. Its history names who submitted the events.
TEST_F(LiveEvents, RaisingAnEventsLabelRelabelsItsAlerts) {
  const Response first =
      server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch("r")}});
  ASSERT_EQ(first.status, kHttpCreated) << first.body;
  ASSERT_FALSE(first.Json()["alerts_raised"].empty()) << first.body;
  const std::string alert = std::to_string(first.Json()["alerts_raised"][0].get<std::int64_t>());
  const nlohmann::json raised = server_.Get("/api/v1/alerts/" + alert, analyst_.token).Json();
  EXPECT_EQ(raised["label"], "public");
  ASSERT_FALSE(raised["transitions"].empty()) << raised.dump();
  EXPECT_EQ(raised["transitions"][0]["actor"], "analyst (POST /api/v1/events)");
  ASSERT_EQ(server_.Get("/api/v1/alerts/" + alert, stranger_.token).status, kHttpOk);

  // An event of the baseline (every rule reads the weeks before 2024-02-12), now
  // confidential to the analyst's organisation.
  const Response raising = server_.Send("POST", "/api/v1/events", analyst_.token,
                                        {{"events", {OneSided("rb3", "2024-01-22")}},
                                         {"label", "confidential"},
                                         {"owner_organisation_id", home_.value()}});
  ASSERT_EQ(raising.status, kHttpCreated) << raising.body;
  EXPECT_EQ(server_.Get("/api/v1/alerts/" + alert, analyst_.token).Json()["label"], "confidential");
  EXPECT_EQ(server_.Get("/api/v1/alerts/" + alert, stranger_.token).status, kHttpNotFound);
}

// The owner an acknowledgement names is an account that may read the alert (not
// any text, nor a name that reveals who exists elsewhere), and the history says
// who named them.
TEST_F(LiveEvents, AcknowledgementNamesAnOwnerWhoMayReadTheAlert) {
  const Response submitted = server_.Send(
      "POST", "/api/v1/events", analyst_.token,
      {{"events", SurgeBatch("o")}, {"label", "confidential"}, {"owner_organisation_id", home_.value()}});
  ASSERT_EQ(submitted.status, kHttpCreated) << submitted.body;
  ASSERT_FALSE(submitted.Json()["alerts_raised"].empty()) << submitted.body;
  const std::string alert = std::to_string(submitted.Json()["alerts_raised"][0].get<std::int64_t>());
  const std::string path = "/api/v1/alerts/" + alert + "/acknowledge";
  const Response unknown = server_.Send("POST", path, analyst_.token, {{"owner", "nobody"}});
  const Response other_organisation = server_.Send("POST", path, analyst_.token, {{"owner", "stranger"}});
  EXPECT_EQ(unknown.status, kHttpBadRequest) << unknown.body;
  EXPECT_EQ(other_organisation.status, kHttpBadRequest) << other_organisation.body;
  // The same answer for a name that does not exist and one that may not read the alert.
  EXPECT_EQ(unknown.Json()["error"]["message"],
            "owner 'nobody': no user of that name who may read alert " + alert);
  EXPECT_EQ(other_organisation.Json()["error"]["message"],
            "owner 'stranger': no user of that name who may read alert " + alert);
  const Response named = server_.Send("POST", path, analyst_.token, {{"owner", "partner"}});
  ASSERT_EQ(named.status, kHttpOk) << named.body;
  const nlohmann::json shown = server_.Get("/api/v1/alerts/" + alert, analyst_.token).Json();
  EXPECT_EQ(shown["owner"], "partner");
  const nlohmann::json last = shown["transitions"].back();
  EXPECT_EQ(last["actor"], "analyst");
  EXPECT_EQ(last["note"], "owner partner");
}

TEST_F(LiveEvents, RetriedBatchWithAnIdempotencyKeyRunsOnce) {
  const httplib::Headers key = {{"Idempotency-Key", "batch-1"}};
  const Response first = server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch("i")}}, key);
  const Response second = server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch("i")}}, key);
  ASSERT_EQ(first.status, kHttpCreated) << first.body;
  EXPECT_EQ(second.status, kHttpCreated);
  EXPECT_EQ(second.body, first.body);
  EXPECT_EQ(Ids("/api/v1/events?limit=1000", "events", analyst_).size(), 13u);
  EXPECT_EQ(server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", SurgeBatch("j")}}, key).status,
            kHttpConflict);
}

TEST_F(LiveEvents, TriageFollowsTheStateMachine) {
  const TestRecord alert = server_.AddAlert({.label = Clearance::kPublic});
  const std::string path = "/api/v1/alerts/" + std::to_string(alert.id);
  const nlohmann::json decision = {{"decision", "escalate"}, {"reason", "pattern of attacks on villages"}};
  EXPECT_EQ(server_.Send("POST", path + "/decision", analyst_.token, decision).status, kHttpConflict);
  EXPECT_EQ(server_.Send("POST", path + "/acknowledge", partner_.token, {{"owner", "partner"}}).status,
            kHttpForbidden);
  const Response acknowledged =
      server_.Send("POST", path + "/acknowledge", analyst_.token, {{"owner", "partner"}});
  ASSERT_EQ(acknowledged.status, kHttpOk) << acknowledged.body;
  EXPECT_EQ(acknowledged.Json()["owner"], "partner");
  EXPECT_EQ(server_.Send("POST", path + "/acknowledge", analyst_.token, {{"owner", "partner"}}).status,
            kHttpConflict);
  EXPECT_EQ(server_.Send("POST", path + "/decision", analyst_.token, {{"decision", "forget"}, {"reason", "x"}}).status,
            kHttpBadRequest);
  const Response decided = server_.Send("POST", path + "/decision", analyst_.token, decision);
  ASSERT_EQ(decided.status, kHttpOk) << decided.body;
  const nlohmann::json detail = server_.Get(path, analyst_.token).Json();
  EXPECT_EQ(detail["state"], "decided");
  EXPECT_EQ(detail["decision"], "escalate");
  ASSERT_EQ(detail["transitions"].size(), 2u);  // the fixture's alert has no "new" entry
  EXPECT_EQ(detail["transitions"][1]["actor"], "analyst");
  EXPECT_EQ(Ids("/api/v1/alerts?state=decided", "alerts", analyst_).size(), 1u);
  EXPECT_EQ(Ids("/api/v1/alerts?state=new", "alerts", analyst_).size(), 0u);
}

}  // namespace
}  // namespace tocsin::server::testing
