// The canary: strictly confidential records of one organisation carry a unique
// token. As every user of lower clearance or of another organisation, every
// route (lists, single records, the map, histories, values, the audit log,
// error answers, writes that fail) must never return the token, and no read
// may answer differently because the canaries exist.
#include <gtest/gtest.h>

#include <map>

#include "api_routes.h"
#include "judgement_records.h"
#include "server_fixture.h"
#include "tocsin/access/secret.h"
#include "tocsin/respond/cases.h"
#include "tocsin/respond/decisions.h"
#include "tocsin/respond/options.h"
#include "tocsin/respond/tasks.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Resource;

constexpr std::size_t kCanaryBytes = 12;

// The response records of the canary, made by `coordinator` (of `secret`'s
// organisation, cleared for it): a case (the insider a member), an option of the organisation's
// own, that option chosen on the case, a task and a decision, all labelled
// `secret` and carrying `canary` in their text. Returns the ids of the case, the
// option, the task and the decision.
std::vector<std::int64_t> AddRespondCanaries(TestServer& server, TestUser coordinator, const access::RecordLabel& secret,
                                             const std::string& canary, const TestUser& insider) {
  std::vector<std::int64_t> ids;
  const auto write = [&](const std::function<Status(store::Transaction&, const respond::Context&)>& work) {
    const access::Principal principal = coordinator.AsPrincipal();
    const respond::Context context{principal, server.clock()};
    const Status status = server.store().Write([&](store::Transaction& transaction) { return work(transaction, context); });
    EXPECT_TRUE(status.ok()) << status.ToString();
  };
  write([&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const respond::Case opened,
                            respond::OpenCase(transaction, context,
                                              {.title = canary, .gw = 20, .label = secret.label,
                                               .members = {insider.name}, .reason = "canary test"}));
    ids.push_back(opened.id);
    return Status::Ok();
  });
  coordinator.cases.emplace_back(ids.front());
  write([&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const respond::Option option,
                            respond::AddOption(transaction, context,
                                               {.category = respond::OptionCategory::kLegal,
                                                .name = canary,
                                                .description = canary,
                                                .owner_kinds = {canary},
                                                .label = secret.label},
                                               "canary test"));
    ids.push_back(option.id);
    TOCSIN_ASSIGN_OR_RETURN(const respond::CaseOption chosen,
                            respond::ChooseOption(transaction, context, ids.front(), option.id, canary, "canary test"));
    TOCSIN_ASSIGN_OR_RETURN(const respond::Task task,
                            respond::CreateTask(transaction, context,
                                                {.case_id = ids.front(),
                                                 .case_option_id = chosen.id,
                                                 .title = canary,
                                                 .owner_organisation = "Home Office",
                                                 .due_at = "2024-05-01",  // overdue: escalated on the next write
                                                 .reason = "canary test"}));
    ids.push_back(task.id);
    TOCSIN_ASSIGN_OR_RETURN(const respond::DecisionRecord decision,
                            respond::RecordDecision(transaction, context,
                                                    {.case_id = ids.front(), .what = canary, .who = canary, .why = canary}));
    ids.push_back(decision.id);
    return Status::Ok();
  });
  return ids;
}

class CanaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = server_.AddOrganisation("Home Office");
    other_ = server_.AddOrganisation("Other Agency");
    for (access::Role role : access::kAllRoles) {
      for (Clearance clearance : access::kAllClearances) {
        std::string suffix =
            std::string(access::RoleName(role)) + std::to_string(static_cast<int>(clearance));
        for (char& c : suffix) c = c == ' ' ? '-' : c;
        // Home users below strictly confidential, and other-organisation users at
        // every clearance, must never see the canaries.
        if (clearance != Clearance::kStrictlyConfidential) {
          outsiders_.push_back(server_.AddUser("home-" + suffix, home_, {role}, clearance));
        }
        outsiders_.push_back(server_.AddUser("other-" + suffix, other_, {role}, clearance));
      }
    }
    insider_ = server_.AddUser("insider", home_, {access::Role::kAnalyst}, Clearance::kStrictlyConfidential);
    // Who opens the canary case; a user from the start, so that user lists do not change.
    coordinator_ = server_.AddUser("coordinator", home_, {access::Role::kCoordinator}, Clearance::kStrictlyConfidential);
    // Ordinary records, so that lists are not empty.
    server_.AddRun(Resource::kForecast, {.label = Clearance::kPublic});
    server_.AddRun(Resource::kBacktest, {.label = Clearance::kPublic});
    server_.AddPanel({.label = Clearance::kPublic});
    server_.AddEvent({.label = Clearance::kPublic});
    server_.AddAlert({.label = Clearance::kPublic});
  }

  // Every route of the router, with each id of `ids` for its parameters.
  std::vector<std::pair<std::string, std::string>> Requests(const std::vector<std::int64_t>& ids) const {
    std::vector<std::pair<std::string, std::string>> requests;
    for (const Route& route : ApiRoutes()) {
      const std::string path(route.path);
      const std::size_t open = path.find('{');
      if (route.streams) {
        // A stream never ends by itself: read what it has so far.
        requests.emplace_back(route.method, path + "?after=0&follow=false");
        continue;
      }
      if (open == std::string::npos) {
        requests.emplace_back(route.method, path);
        for (const std::string query : {"?year=2020", "?after=0&limit=5", "?limit=x", "?country=CAN&period=day"}) {
          if (route.method == "GET") requests.emplace_back(route.method, path + query);
        }
        continue;
      }
      const std::size_t close = path.find('}', open);
      for (std::int64_t id : ids) {
        const std::string concrete = path.substr(0, open) + std::to_string(id) + path.substr(close + 1);
        requests.emplace_back(route.method, concrete);
        if (route.method == "GET") requests.emplace_back(route.method, concrete + "?year=2020&cow=20");
      }
    }
    return requests;
  }

  // The body of every read, per user, with the audit routes left out (reading
  // confidential records is itself audited, so the log grows).
  std::map<std::string, std::string> Reads(const std::vector<std::int64_t>& ids) {
    std::map<std::string, std::string> reads;
    for (const TestUser& user : outsiders_) {
      for (const auto& [method, path] : Requests(ids)) {
        if (method != "GET" || path.starts_with("/api/v1/audit")) continue;
        const Response response = server_.Get(path, user.token);
        reads[user.name + " " + path] = std::to_string(response.status) + " " + response.body;
      }
    }
    return reads;
  }

  void ExpectNoCanary(const TestUser& user, const std::string& method, const std::string& path,
                      const Response& response) {
    ++calls_;
    EXPECT_EQ(response.body.find(canary_), std::string::npos) << method << " " << path << " as " << user.name;
    for (const auto& [name, value] : response.headers) {
      EXPECT_EQ(value.find(canary_), std::string::npos) << name << " of " << method << " " << path;
    }
  }

  TestServer server_;
  access::OrganisationId home_;
  access::OrganisationId other_;
  std::vector<TestUser> outsiders_;
  TestUser insider_;
  TestUser coordinator_;
  const std::string canary_ = "canary" + access::RandomHex(kCanaryBytes);
  int calls_ = 0;
};

TEST_F(CanaryTest, StrictlyConfidentialTokenNeverReachesOutsidersAndChangesNothingTheySee) {
  const std::vector<std::int64_t> ids = {1, 2, 3, 4, 5, 20, 999999};
  const std::map<std::string, std::string> before = Reads(ids);

  const access::RecordLabel secret = {.label = Clearance::kStrictlyConfidential, .owner = home_};
  const TestRecord forecast = server_.AddRun(Resource::kForecast, secret, Clearance::kPublic, canary_);
  const TestRecord backtest = server_.AddRun(Resource::kBacktest, secret, Clearance::kPublic, canary_);
  const TestRecord panel = server_.AddPanel(secret, canary_);
  const std::vector<std::int64_t> judgement = AddJudgementCanaries(server_, secret, canary_, insider_);
  const std::vector<std::int64_t> response = AddRespondCanaries(server_, coordinator_, secret, canary_, insider_);
  for (const std::string path : {"/api/v1/cases", "/api/v1/options", "/api/v1/tasks", "/api/v1/decisions"}) {
    EXPECT_NE(server_.Get(path, insider_.token).body.find(canary_), std::string::npos) << path;
  }
  // An event on the same day and place as the public one: any series that
  // counted it, or any list that held it, would change.
  const TestRecord event = server_.AddEvent(secret, canary_);
  const TestRecord alert = server_.AddAlert(secret, canary_);
  EXPECT_NE(server_.Get("/api/v1/events", insider_.token).body.find(canary_), std::string::npos);
  EXPECT_NE(server_.Get("/api/v1/alerts/" + std::to_string(alert.id), insider_.token).body.find(canary_),
            std::string::npos);
  // The positive control: the cleared insider does see them.
  EXPECT_NE(server_.Get("/api/v1/forecasts/runs", insider_.token).body.find(canary_), std::string::npos);
  EXPECT_NE(server_.Get("/api/v1/panels/" + std::to_string(panel.id) + "/values", insider_.token)
                .body.find(canary_),
            std::string::npos);

  // Reads answer exactly as before the canaries existed.
  const std::map<std::string, std::string> after = Reads(ids);
  for (const auto& [request, answer] : before) {
    EXPECT_EQ(after.at(request), answer) << request << " changed because of the canaries";
  }

  // A public run whose drivers alone are strictly confidential (field-level label).
  const TestRecord drivers =
      server_.AddRun(Resource::kForecast, {.label = Clearance::kPublic, .owner = home_},
                     Clearance::kStrictlyConfidential, "", canary_);

  EXPECT_NE(
      server_.Get("/api/v1/forecasts/runs/" + std::to_string(drivers.id), insider_.token).body.find(canary_),
      std::string::npos);

  std::vector<std::int64_t> with_canaries = ids;
  for (const TestRecord* record : {&forecast, &backtest, &panel, &drivers, &event, &alert})
    with_canaries.push_back(record->id);
  with_canaries.insert(with_canaries.end(), judgement.begin(), judgement.end());
  with_canaries.insert(with_canaries.end(), response.begin(), response.end());
  // Every route, reads and failing writes, with the canaries' ids. Revoking API
  // tokens is left out: it would revoke the caller's own and end the probe.
  for (const TestUser& user : outsiders_) {
    for (const auto& [method, path] : Requests(with_canaries)) {
      if (path.starts_with("/api/v1/tokens/")) continue;
      const Response response = method == "GET" ? server_.Get(path, user.token)
                                                : server_.Send(method, path, user.token,
                                                               {{"reason", "probe"}, {"label", "public"}});
      ExpectNoCanary(user, method, path, response);
    }
    // A failed login naming the canary does not echo it either.
    ExpectNoCanary(user, "POST", "/api/v1/session",
                   server_.Send("POST", "/api/v1/session", "", {{"name", canary_}, {"password", canary_}}));
  }
  EXPECT_GT(calls_, 10000);
  std::printf("canary: %d calls by %zu outsiders, token found 0 times\n", calls_, outsiders_.size());
}

}  // namespace
}  // namespace tocsin::server::testing
