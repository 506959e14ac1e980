// What one caller must not learn through another record: the data beside an
// assessment counts only events the reader may read; evidence, a case's origin
// alert and a decision's signals that the caller may not read are answered as
// records that do not exist; the gap report lists only alerts its reader may
// open; a pool cannot be used to list the accounts of other organisations.
#include <gtest/gtest.h>

#include "http_status.h"
#include "judgement_records.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Role;

// 2023-06-01, inside the year before the fixture assessments' date (2024-01-01).
constexpr int kDaysTo2023June = 1247;

class NeedToKnow : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = server_.AddOrganisation("Prevention Office");
    other_ = server_.AddOrganisation("Other Agency");
    cora_ = server_.AddUser("cora", home_, {Role::kCoordinator, Role::kAnalyst}, Clearance::kConfidential);
    ana_ =
        server_.AddUser("ana", home_, {Role::kCoordinator, Role::kAnalyst}, Clearance::kStrictlyConfidential);
    stranger_ = server_.AddUser("stranger", other_, {Role::kAnalyst}, Clearance::kStrictlyConfidential);
  }

  // A state-based event on Canada in June 2023 with `deaths` battle deaths.
  std::int64_t BattleEvent(const access::RecordLabel& label, std::int64_t deaths) {
    const TestRecord event = server_.AddEvent(label, "", kDaysTo2023June, deaths);
    const std::vector<store::Value> id = {event.id};
    EXPECT_TRUE(
        server_.store()
            .Write([&](store::Transaction& transaction) {
              return transaction.Execute("UPDATE events SET violence_type = 1 WHERE id = ?", id).status();
            })
            .ok());
    return event.id;
  }

  std::string ObservedConflict(std::int64_t assessment, const TestUser& reader) {
    const Response response = server_.Get("/api/v1/assessments/" + std::to_string(assessment), reader.token);
    EXPECT_EQ(response.status, kHttpOk) << response.body;
    return response.Json()["data"][0]["observed"].get<std::string>();
  }

  TestServer server_;
  access::OrganisationId home_;
  access::OrganisationId other_;
  TestUser cora_;
  TestUser ana_;
  TestUser stranger_;
};

TEST_F(NeedToKnow, DataBesideJudgementCountsOnlyEventsTheReaderMayRead) {
  BattleEvent({.label = Clearance::kPublic}, 10);
  BattleEvent({.label = Clearance::kStrictlyConfidential, .owner = home_}, 2000);
  const TestRecord assessment = AddAssessment(server_, {.label = Clearance::kPublic}, cora_.id, "x");
  EXPECT_EQ(ObservedConflict(assessment.id, ana_).substr(0, 38), "2010 battle deaths in 2 armed-conflict");
  // Cleared below the report, or of another organisation: only the public event.
  EXPECT_EQ(ObservedConflict(assessment.id, cora_).substr(0, 36), "10 battle deaths in 1 armed-conflict");
  EXPECT_EQ(ObservedConflict(assessment.id, stranger_).substr(0, 36), "10 battle deaths in 1 armed-conflict");
}

TEST_F(NeedToKnow, EvidenceTheCallerMayNotReadIsAnsweredAsMissing) {
  const std::int64_t hidden = BattleEvent({.label = Clearance::kStrictlyConfidential, .owner = home_}, 5);
  const TestRecord assessment = AddAssessment(server_, {.label = Clearance::kPublic}, cora_.id, "x");
  const std::string path = "/api/v1/assessments/" + std::to_string(assessment.id) + "/scores";
  auto cite = [&](const TestUser& user, const std::string& evidence) {
    return server_.Send(
        "PUT", path, user.token,
        {{"scores",
          {{{"indicator", "1.1"}, {"score", 1}, {"confidence", "high"}, {"evidence", {evidence}}}}}});
  };
  const Response hidden_one = cite(cora_, "event:" + std::to_string(hidden));
  EXPECT_EQ(hidden_one.status, kHttpBadRequest) << hidden_one.body;
  EXPECT_NE(hidden_one.body.find("no event with id " + std::to_string(hidden)), std::string::npos)
      << hidden_one.body;
  EXPECT_EQ(cite(ana_, "event:" + std::to_string(hidden)).status, kHttpOk);
}

TEST_F(NeedToKnow, AlertsTheCallerMayNotReadCannotBeCitedAndStayOutOfTheGapReport) {
  const TestRecord hidden = server_.AddAlert({.label = Clearance::kStrictlyConfidential, .owner = home_});
  const std::string alert = std::to_string(hidden.id);
  // cora may not read the alert: opening a case on it or citing it is refused as for a missing one.
  const Response refused =
      server_.Send("POST", "/api/v1/cases", cora_.token,
                   {{"title", "probe"}, {"gw", 20}, {"origin_alert_id", hidden.id}, {"label", "restricted"}});
  EXPECT_EQ(refused.status, kHttpBadRequest) << refused.body;
  EXPECT_NE(refused.body.find("no alert " + alert), std::string::npos) << refused.body;
  const Response own = server_.Send("POST", "/api/v1/cases", cora_.token,
                                    {{"title", "her case"}, {"gw", 20}, {"label", "restricted"}});
  ASSERT_EQ(own.status, kHttpCreated) << own.body;
  const Response cited = server_.Send("POST", "/api/v1/decisions", cora_.token,
                                      {{"case_id", own.Json()["id"]},
                                       {"what", "w"},
                                       {"who", "Board"},
                                       {"why", "y"},
                                       {"signals", {"alert:" + alert}}});
  EXPECT_EQ(cited.status, kHttpBadRequest) << cited.body;
  EXPECT_NE(cited.body.find("no alert " + alert), std::string::npos) << cited.body;

  // ana may: her restricted case answers the alert, and cora reads the case but not the alert.
  const Response opened = server_.Send(
      "POST", "/api/v1/cases", ana_.token,
      {{"title", "answer"}, {"gw", 20}, {"origin_alert_id", hidden.id}, {"label", "restricted"}});
  ASSERT_EQ(opened.status, kHttpCreated) << opened.body;
  const std::string quarter = "/api/v1/gap-report?quarter=2020Q1";
  const Response for_ana = server_.Get(quarter, ana_.token);
  ASSERT_EQ(for_ana.status, kHttpOk) << for_ana.body;
  EXPECT_EQ(for_ana.Json()["alerts"].size(), 1u) << for_ana.body;
  const Response for_cora = server_.Get(quarter, cora_.token);
  ASSERT_EQ(for_cora.status, kHttpOk) << for_cora.body;
  EXPECT_TRUE(for_cora.Json()["alerts"].empty()) << for_cora.body;
  // The shareable version, capped at restricted, leaves it out for its author too.
  EXPECT_TRUE(server_.Get(quarter + "&maximum_label=restricted", ana_.token).Json()["alerts"].empty());
}

TEST_F(NeedToKnow, DecisionCannotBeDatedBeforeItsCase) {
  const Response opened = server_.Send("POST", "/api/v1/cases", cora_.token,
                                       {{"title", "c"}, {"gw", 20}, {"label", "restricted"}});
  ASSERT_EQ(opened.status, kHttpCreated) << opened.body;
  const Response backdated = server_.Send("POST", "/api/v1/decisions", cora_.token,
                                          {{"case_id", opened.Json()["id"]},
                                           {"what", "w"},
                                           {"who", "Board"},
                                           {"why", "y"},
                                           {"decided_at", "2020-01-01T00:00"}});
  EXPECT_EQ(backdated.status, kHttpBadRequest) << backdated.body;
  EXPECT_NE(backdated.body.find("before case"), std::string::npos) << backdated.body;
}

TEST_F(NeedToKnow, ReadingAConfidentialCasesOptionsIsAudited) {
  const TestUser auditor = server_.AddUser("aud", home_, {Role::kAuditor}, Clearance::kStrictlyConfidential);
  const Response opened = server_.Send("POST", "/api/v1/cases", cora_.token,
                                       {{"title", "c"}, {"gw", 20}, {"label", "confidential"}});
  ASSERT_EQ(opened.status, kHttpCreated) << opened.body;
  const std::string id = std::to_string(opened.Json()["id"].get<std::int64_t>());
  auto case_reads = [&] {
    int reads = 0;
    const nlohmann::json log = server_.Get("/api/v1/audit?limit=1000", auditor.token).Json();
    for (const auto& entry : log["entries"]) {
      reads += entry["action"] == "case.read" && entry["record_id"] == id ? 1 : 0;
    }
    return reads;
  };
  const int before = case_reads();
  ASSERT_EQ(server_.Get("/api/v1/cases/" + id + "/options", cora_.token).status, kHttpOk);
  EXPECT_EQ(case_reads(), before + 1);
}

// The audit log is read by auditors who may be cleared below the records it
// describes: its entries name records by id, never by country (a confidential
// assessment of Syria, events reported on it, a read of its summary).
TEST_F(NeedToKnow, AuditEntriesNeverNameTheCountryOfARecord) {
  const TestUser auditor = server_.AddUser("aud", other_, {Role::kAuditor}, Clearance::kRestricted);
  const Response assessed =
      server_.Send("POST", "/api/v1/assessments", cora_.token,
                   {{"gw", 652}, {"as_of", "2024-06-30"}, {"region", "Idlib"}, {"label", "confidential"}});
  ASSERT_EQ(assessed.status, kHttpCreated) << assessed.body;
  ASSERT_EQ(server_.Get("/api/v1/countries/652/assessment-summary", cora_.token).status, kHttpOk);
  const Response reported = server_.Send("POST", "/api/v1/events", cora_.token,
                                         {{"events",
                                           {{{"source", "field"},
                                             {"id", "r1"},
                                             {"date", "2024-05-30"},
                                             {"country", "SYR"},
                                             {"violence", "one-sided"}}}},
                                          {"label", "confidential"}});
  ASSERT_EQ(reported.status, kHttpCreated) << reported.body;
  const nlohmann::json log = server_.Get("/api/v1/audit?limit=1000", auditor.token).Json();
  ASSERT_FALSE(log["entries"].empty()) << log.dump();
  for (const auto& entry : log["entries"]) {
    const std::string detail = entry["detail"].dump();
    for (const char* country : {"652", "SYR", "Syria", "Idlib"}) {
      EXPECT_EQ(detail.find(country), std::string::npos) << entry.dump();
    }
  }
}

TEST_F(NeedToKnow, PoolMembersAreColleaguesAndCountedOnce) {
  const Response foreign = server_.Send("POST", "/api/v1/pools", cora_.token,
                                        {{"name", "enumerate"}, {"members", {stranger_.id.value()}}});
  EXPECT_EQ(foreign.status, kHttpNotFound) << foreign.body;
  EXPECT_NE(foreign.body.find("no user with id " + std::to_string(stranger_.id.value())), std::string::npos)
      << foreign.body;
  const Response twice =
      server_.Send("POST", "/api/v1/pools", cora_.token,
                   {{"name", "colleagues"}, {"members", {ana_.id.value(), ana_.id.value()}}});
  ASSERT_EQ(twice.status, kHttpCreated) << twice.body;
  EXPECT_EQ(twice.Json()["members"], 2);
}

}  // namespace
}  // namespace tocsin::server::testing
