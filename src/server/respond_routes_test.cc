// The response workflow over HTTP, on the test's clock: an alert -> a case with
// a member of a partner organisation -> an option -> tasks for two
// organisations -> one overdue and escalated -> a decision -> the work done ->
// the gap report measured exactly -> a brief that leaves out the task the
// partner may not see. Also: errors that say what to fix, the HTML gap report,
// and the change stream.
#include <gtest/gtest.h>

#include "http_status.h"
#include "judgement_records.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Role;

respond::TimePoint At(const std::string& text) {
  return respond::ParseUtc(text).value();
}

class RespondRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    office_ = server_.AddOrganisation("Prevention Office");
    ngo_ = server_.AddOrganisation("Relief NGO");
    cora_ = server_.AddUser("cora", office_, {Role::kCoordinator}, Clearance::kConfidential);
    nadia_ = server_.AddUser("nadia", ngo_, {Role::kCaseOfficer}, Clearance::kConfidential);
    olga_ = server_.AddUser("olga", ngo_, {Role::kCaseOfficer}, Clearance::kConfidential);
    server_.clock().Set(At("2024-06-01T08:00:00Z"));
    alert_ = server_.AddAlert({.label = Clearance::kRestricted, .owner = office_});
    // Raised at 08:00 with twelve hours to triage.
    const Status timed = server_.store().Write([&](store::Transaction& transaction) {
      const std::vector<store::Value> params = {alert_.id};
      return transaction
          .Execute(
              "UPDATE alerts SET raised_at = '2024-06-01T08:00:00Z', triage_due = '2024-06-01T20:00:00Z' "
              "WHERE id = ?",
              params)
          .status();
    });
    ASSERT_TRUE(timed.ok()) << timed.ToString();
  }

  nlohmann::json Ok(const Response& response, int status = kHttpOk) {
    EXPECT_EQ(response.status, status) << response.body;
    return response.Json();
  }

  TestServer server_;
  access::OrganisationId office_;
  access::OrganisationId ngo_;
  TestUser cora_;
  TestUser nadia_;
  TestUser olga_;
  TestRecord alert_;
};

TEST_F(RespondRoutesTest, ChainFromAlertToMeasuredGapAndPartnerBrief) {
  // The alert was raised at the fixture's time; the case opens six hours later.
  server_.clock().Set(At("2024-06-01T14:00:00Z"));
  const nlohmann::json opened = Ok(server_.Send("POST", "/api/v1/cases", cora_.token,
                                                {{"title", "Escalation in the north"},
                                                 {"gw", 20},
                                                 {"label", "confidential"},
                                                 {"origin_alert_id", alert_.id},
                                                 {"members", {"nadia"}},
                                                 {"shared_with", {ngo_.value()}},
                                                 {"reason", "surge alert"}}),
                                   kHttpCreated);
  const std::int64_t case_id = opened["id"].get<std::int64_t>();
  EXPECT_EQ(opened["lead"], "cora");
  EXPECT_EQ(opened["members"], nlohmann::json({"cora", "nadia"}));
  // Olga, of the same partner organisation but not a member, does not see it.
  EXPECT_EQ(server_.Get("/api/v1/cases/" + std::to_string(case_id), olga_.token).status, kHttpNotFound);
  EXPECT_TRUE(Ok(server_.Get("/api/v1/cases", olga_.token))["cases"].empty());

  const nlohmann::json catalogue = Ok(server_.Get("/api/v1/options?category=diplomatic", cora_.token));
  ASSERT_FALSE(catalogue["options"].empty());
  const nlohmann::json chosen =
      Ok(server_.Send("POST", "/api/v1/cases/" + std::to_string(case_id) + "/options", cora_.token,
                      {{"option_id", catalogue["options"][0]["id"]}, {"note", "envoy"}}),
         kHttpCreated);
  EXPECT_EQ(server_
                .Send("POST", "/api/v1/cases/" + std::to_string(case_id) + "/options", cora_.token,
                      {{"option_id", catalogue["options"][0]["id"]}})
                .status,
            kHttpConflict);

  // Two tasks: the partner's (shared with it by being its work), and the office's own, not shared.
  const nlohmann::json partner_task = Ok(server_.Send("POST", "/api/v1/tasks", cora_.token,
                                                      {{"case_id", case_id},
                                                       {"case_option_id", chosen["id"]},
                                                       {"title", "Negotiate access"},
                                                       {"owner_organisation", "Relief NGO"},
                                                       {"owner_user", "nadia"},
                                                       {"due_at", "2024-06-02T14:00"}}),
                                         kHttpCreated);
  const nlohmann::json own_task = Ok(server_.Send("POST", "/api/v1/tasks", cora_.token,
                                                  {{"case_id", case_id},
                                                   {"title", "Brief the envoy"},
                                                   {"owner_organisation", "Prevention Office"},
                                                   {"due_at", "2024-06-10"}}),
                                     kHttpCreated);
  const std::string partner_path = "/api/v1/tasks/" + std::to_string(partner_task["id"].get<std::int64_t>());
  // Only the owner organisation acknowledges.
  EXPECT_EQ(server_.Send("POST", partner_path + "/acknowledge", cora_.token, nlohmann::json::object()).status,
            kHttpForbidden);
  EXPECT_EQ(Ok(server_.Get("/api/v1/tasks", nadia_.token))["tasks"].size(), 1u) << "nadia sees her task only";

  // A day later the partner's task is overdue; the next write escalates it to the case lead.
  server_.clock().Set(At("2024-06-03T08:00:00Z"));
  EXPECT_EQ(Ok(server_.Get("/api/v1/tasks?overdue=true", cora_.token))["tasks"].size(), 1u);
  const nlohmann::json decision = Ok(server_.Send("POST", "/api/v1/decisions", cora_.token,
                                                  {{"case_id", case_id},
                                                   {"what", "send the envoy"},
                                                   {"who", "the board"},
                                                   {"why", "killings are rising"},
                                                   {"signals", {"alert:" + std::to_string(alert_.id)}}}),
                                     kHttpCreated);
  EXPECT_EQ(decision["decided_at"], "2024-06-03T08:00:00Z");
  const nlohmann::json escalated = Ok(server_.Get(partner_path, cora_.token));
  EXPECT_EQ(escalated["escalated_to"], "cora");
  EXPECT_TRUE(escalated["overdue"].get<bool>());

  server_.clock().Set(At("2024-06-03T10:00:00Z"));
  Ok(server_.Send("POST", partner_path + "/acknowledge", nadia_.token, {{"reason", "on it"}}));
  server_.clock().Set(At("2024-06-03T20:00:00Z"));
  EXPECT_EQ(
      Ok(server_.Send("POST", partner_path + "/completion", nadia_.token, {{"status", "done"}}))["status"],
      "done");

  // The gap, in hours: alert 08:00 -> case with a lead 14:00 (6), -> decision on
  // 3 June 08:00 (48), -> first completed task 20:00 (12).
  const nlohmann::json gap = Ok(server_.Get("/api/v1/gap-report", cora_.token));
  ASSERT_EQ(gap["cases"].size(), 1u) << gap.dump();
  EXPECT_DOUBLE_EQ(gap["cases"][0]["hours_to_owner"].get<double>(), 6.0);
  EXPECT_DOUBLE_EQ(gap["cases"][0]["hours_to_decision"].get<double>(), 48.0);
  EXPECT_DOUBLE_EQ(gap["cases"][0]["hours_decision_to_first_completed_task"].get<double>(), 12.0);
  EXPECT_EQ(gap["cases"][0]["tasks"], 2);
  EXPECT_EQ(gap["cases"][0]["tasks_done"], 1);
  const Response html = server_.Get("/api/v1/gap-report?format=html", cora_.token);
  EXPECT_EQ(html.status, kHttpOk);
  EXPECT_TRUE(html.headers.find("Content-Type")->second.starts_with("text/html")) << html.body.substr(0, 100);
  EXPECT_NE(html.body.find("Escalation in the north"), std::string::npos);
  // Its own policy: no script, only its own style block (by hash), and the other security headers.
  ASSERT_EQ(html.headers.count("Content-Security-Policy"), 1u);
  const std::string policy = html.headers.find("Content-Security-Policy")->second;
  EXPECT_TRUE(policy.starts_with("default-src 'none'; style-src 'sha256-")) << policy;
  EXPECT_EQ(policy.find("script-src"), std::string::npos) << policy;
  EXPECT_EQ(html.headers.count("X-Content-Type-Options"), 1u);

  // The brief for the partner has its own task; the office's task and the
  // office's decision (not shared with the partner) are left out.
  const nlohmann::json brief = Ok(
      server_.Send(
          "POST", "/api/v1/cases/" + std::to_string(case_id) + "/briefs", cora_.token,
          {{"partner", "Relief NGO"}, {"maximum_label", "confidential"}, {"reason", "coordination meeting"}}),
      kHttpCreated);
  EXPECT_EQ(brief["omitted"], 2);
  EXPECT_EQ(brief["brief"].dump().find("send the envoy"), std::string::npos);
  EXPECT_NE(brief["html"].get<std::string>().find("Negotiate access"), std::string::npos);
  EXPECT_EQ(brief["brief"].dump().find("Brief the envoy"), std::string::npos);
  EXPECT_EQ(own_task["status"], "open");

  // The case's timeline merges the alert, the actions and the brief.
  const nlohmann::json detail = Ok(server_.Get("/api/v1/cases/" + std::to_string(case_id), cora_.token));
  std::set<std::string> kinds;
  for (const auto& entry : detail["timeline"]) kinds.insert(entry["kind"].get<std::string>());
  for (const char* kind : {"alert", "opened", "option", "task", "escalation", "decision", "brief"}) {
    EXPECT_TRUE(kinds.contains(kind)) << kind << " missing from " << detail["timeline"].dump();
  }

  // Nadia, a member from the partner organisation, sees the case's timeline but
  // not the office's alert in it: membership does not clear her for the alert.
  const nlohmann::json as_nadia = Ok(server_.Get("/api/v1/cases/" + std::to_string(case_id), nadia_.token));
  EXPECT_EQ(as_nadia["timeline"].dump().find("raised"), std::string::npos) << as_nadia["timeline"].dump();
  EXPECT_NE(as_nadia["timeline"].dump().find("opened"), std::string::npos);
  // An expert assessment of the country joins the timeline as a signal, for those who may read it.
  AddAssessment(server_, {.label = Clearance::kRestricted, .owner = office_}, cora_.id);
  const nlohmann::json with_assessment = Ok(server_.Get("/api/v1/cases/" + std::to_string(case_id), cora_.token));
  EXPECT_NE(with_assessment["timeline"].dump().find("Framework of Analysis assessment"), std::string::npos);
  EXPECT_EQ(with_assessment["timeline"][0]["kind"], "assessment") << "as of 2024-01-01, before everything else";
  EXPECT_EQ(Ok(server_.Get("/api/v1/cases/" + std::to_string(case_id), nadia_.token))["timeline"].dump().find(
                "Framework of Analysis"),
            std::string::npos);

  // The change stream tells nadia of the case, and olga of nothing in it.
  const std::string nadia_stream = server_.Get("/api/v1/stream?after=0&follow=false", nadia_.token).body;
  EXPECT_NE(nadia_stream.find("\"case.create\""), std::string::npos) << nadia_stream;
  const std::string olga_stream = server_.Get("/api/v1/stream?after=0&follow=false", olga_.token).body;
  EXPECT_EQ(olga_stream.find("\"case."), std::string::npos) << olga_stream;
}

TEST_F(RespondRoutesTest, BadRequestsSayWhatToFixAndChangeNothing) {
  const auto error = [&](const Response& response) {
    EXPECT_EQ(response.status, kHttpBadRequest) << response.body;
    return response.Json()["error"]["message"].get<std::string>();
  };
  EXPECT_NE(error(server_.Send("POST", "/api/v1/cases", cora_.token, {{"gw", 20}})).find("'title'"),
            std::string::npos);
  EXPECT_NE(error(server_.Send("POST", "/api/v1/cases", cora_.token, {{"title", "x"}, {"gw", 99999}}))
                .find("99999"),
            std::string::npos);
  EXPECT_NE(error(server_.Get("/api/v1/cases?status=open", cora_.token)).find("'status'"), std::string::npos);
  EXPECT_NE(error(server_.Get("/api/v1/gap-report?quarter=2024Q5", cora_.token)).find("2024Q5"),
            std::string::npos);
  EXPECT_NE(error(server_.Send("POST", "/api/v1/watchlist/proposals", cora_.token,
                               {{"gw", 20}, {"tier", 4}, {"reason", "x"}}))
                .find("tier"),
            std::string::npos);
  // Nothing was opened by the refused requests.
  EXPECT_TRUE(Ok(server_.Get("/api/v1/cases", cora_.token))["cases"].empty());
  // A label above the caller's clearance is refused.
  EXPECT_EQ(server_
                .Send("POST", "/api/v1/cases", cora_.token,
                      {{"title", "x"}, {"gw", 20}, {"label", "strictly confidential"}})
                .status,
            kHttpForbidden);
}

TEST_F(RespondRoutesTest, DecisionSharedWithAPartnerReachesItsMembersAndItsBrief) {
  server_.clock().Set(At("2024-06-01T14:00:00Z"));
  const std::int64_t case_id = Ok(server_.Send("POST", "/api/v1/cases", cora_.token,
                                               {{"title", "Escalation in the north"},
                                                {"gw", 20},
                                                {"label", "restricted"},
                                                {"members", {"nadia"}},
                                                {"shared_with", {ngo_.value()}}}),
                                  kHttpCreated)["id"]
                                   .get<std::int64_t>();
  const auto decide = [&](nlohmann::json body) {
    body["case_id"] = case_id;
    body["who"] = "the board";
    body["why"] = "killings are rising";
    return server_.Send("POST", "/api/v1/decisions", cora_.token, body);
  };
  // An organisation that does not exist, by id or by name, or an entry of the wrong type:
  // 400 naming it, nothing recorded.
  const Response no_id = decide({{"what", "ghost"}, {"shared_with", {987654}}});
  EXPECT_EQ(no_id.status, kHttpBadRequest);
  EXPECT_NE(no_id.body.find("shared_with: no organisation 987654"), std::string::npos) << no_id.body;
  const Response no_name = decide({{"what", "ghost"}, {"shared_with", {"Relief NGOs"}}});
  EXPECT_EQ(no_name.status, kHttpBadRequest);
  EXPECT_NE(no_name.body.find("no organisation named 'Relief NGOs'"), std::string::npos) << no_name.body;
  const Response wrong_type = decide({{"what", "ghost"}, {"shared_with", {true}}});
  EXPECT_EQ(wrong_type.status, kHttpBadRequest);
  EXPECT_NE(wrong_type.body.find("shared_with"), std::string::npos) << wrong_type.body;
  EXPECT_TRUE(Ok(server_.Get("/api/v1/decisions", cora_.token))["decisions"].empty());

  // By id and by name, the same organisation is shared with once.
  const nlohmann::json shared =
      Ok(decide({{"what", "send the envoy"}, {"shared_with", {ngo_.value(), "Relief NGO"}}}), kHttpCreated);
  EXPECT_EQ(shared["shared_with"], nlohmann::json({ngo_.value()}));
  Ok(decide({{"what", "keep the talks quiet"}}), kHttpCreated);

  const nlohmann::json as_nadia = Ok(server_.Get("/api/v1/decisions", nadia_.token));
  ASSERT_EQ(as_nadia["decisions"].size(), 1u) << as_nadia.dump();
  EXPECT_EQ(as_nadia["decisions"][0]["what"], "send the envoy");
  EXPECT_TRUE(Ok(server_.Get("/api/v1/decisions", olga_.token))["decisions"].empty()) << "not a member";
  // The case lists whom it is shared with.
  EXPECT_EQ(Ok(server_.Get("/api/v1/cases/" + std::to_string(case_id), cora_.token))["shared_with"],
            nlohmann::json({ngo_.value()}));

  const nlohmann::json brief = Ok(
      server_.Send(
          "POST", "/api/v1/cases/" + std::to_string(case_id) + "/briefs", cora_.token,
          {{"partner", "Relief NGO"}, {"maximum_label", "restricted"}, {"reason", "coordination meeting"}}),
      kHttpCreated);
  EXPECT_NE(brief["brief"].dump().find("send the envoy"), std::string::npos) << brief["brief"].dump();
  EXPECT_EQ(brief["brief"].dump().find("keep the talks quiet"), std::string::npos) << brief["brief"].dump();
}

TEST_F(RespondRoutesTest, WatchlistChangesOnlyByAcceptedProposal) {
  const nlohmann::json proposal = Ok(server_.Send("POST", "/api/v1/watchlist/proposals", cora_.token,
                                                  {{"gw", 20}, {"tier", 1}, {"reason", "rising killings"}}),
                                     kHttpCreated);
  EXPECT_TRUE(Ok(server_.Get("/api/v1/watchlist", cora_.token))["entries"].empty());
  const std::string decide =
      "/api/v1/watchlist/proposals/" + std::to_string(proposal["id"].get<std::int64_t>()) + "/decision";
  EXPECT_EQ(server_.Send("POST", decide, cora_.token, {{"accept", true}}).status, kHttpBadRequest)
      << "a decision needs its reason";
  EXPECT_EQ(Ok(server_.Send("POST", decide, cora_.token, {{"accept", true}, {"reason", "agreed"}}))["state"],
            "accepted");
  const nlohmann::json entries = Ok(server_.Get("/api/v1/watchlist", cora_.token))["entries"];
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["tier"], 1);
  EXPECT_EQ(server_.Send("POST", decide, cora_.token, {{"accept", false}, {"reason", "again"}}).status,
            kHttpConflict);
}

}  // namespace
}  // namespace tocsin::server::testing
