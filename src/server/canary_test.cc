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

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Resource;

constexpr std::size_t kCanaryBytes = 12;

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
