// Request bodies are read exactly: a field the route's schema does not define
// (a misspelt "lable", say) or a key given twice is refused with the field's
// name, never silently dropped to a default; and a run cannot be classified so
// that its classifier loses it.
#include <gtest/gtest.h>

#include "http_status.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Resource;
using access::Role;

class RequestBodies : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = server_.AddOrganisation("Home Office");
    analyst_ = server_.AddUser("ana", home_, {Role::kAnalyst}, Clearance::kConfidential);
    coordinator_ = server_.AddUser("cora", home_, {Role::kCoordinator}, Clearance::kConfidential);
    admin_ = server_.AddUser("root", home_, {Role::kSystemAdmin}, Clearance::kRestricted);
  }

  // The error message of a 400, or a failure naming the status.
  static std::string BadRequest(const Response& response) {
    EXPECT_EQ(response.status, kHttpBadRequest) << response.body;
    const nlohmann::json body = response.Json();
    return body.is_object() ? body["error"]["message"].get<std::string>() : response.body;
  }

  Response SendText(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body) {
    httplib::Client client = server_.Client();
    const httplib::Headers headers = {{"Authorization", "Bearer " + token}};
    const auto result = method == "POST" ? client.Post(path, headers, body, "application/json")
                                         : client.Put(path, headers, body, "application/json");
    return result ? Response{result->status, result->body, result->headers} : Response{};
  }

  TestServer server_;
  access::OrganisationId home_;
  TestUser analyst_;
  TestUser coordinator_;
  TestUser admin_;
};

TEST_F(RequestBodies, MisspeltFieldIsRefusedByName) {
  const nlohmann::json event = {{"source", "live"},        {"id", "m1"},
                                {"date", "2024-02-12"},    {"country", "CAN"},
                                {"violence", "one-sided"}, {"fatalities", 2}};
  const std::string events = BadRequest(server_.Send("POST", "/api/v1/events", analyst_.token,
                                                     {{"events", {event}}, {"lable", "confidential"}}));
  EXPECT_NE(events.find("'lable'"), std::string::npos) << events;
  EXPECT_NE(events.find("label"), std::string::npos) << events;  // the fields it knows
  // Nothing of the refused batch was stored.
  EXPECT_TRUE(server_.Get("/api/v1/events", analyst_.token).Json()["events"].empty());

  const std::string cases = BadRequest(server_.Send("POST", "/api/v1/cases", coordinator_.token,
                                                    {{"title", "North"}, {"gw", 20}, {"member", {"ana"}}}));
  EXPECT_NE(cases.find("'member'"), std::string::npos) << cases;
  EXPECT_TRUE(server_.Get("/api/v1/cases", coordinator_.token).Json()["cases"].empty());

  const std::string user = BadRequest(server_.Send(
      "PATCH", "/api/v1/users/" + std::to_string(analyst_.id.value()), admin_.token, {{"enabled", false}}));
  EXPECT_NE(user.find("'enabled'"), std::string::npos) << user;

  const TestRecord alert = server_.AddAlert({.label = Clearance::kPublic, .owner = home_});
  const std::string acknowledged =
      BadRequest(server_.Send("POST", "/api/v1/alerts/" + std::to_string(alert.id) + "/acknowledge",
                              analyst_.token, {{"ownr", "zed"}}));
  EXPECT_NE(acknowledged.find("'ownr'"), std::string::npos) << acknowledged;
  EXPECT_EQ(server_.Get("/api/v1/alerts/" + std::to_string(alert.id), analyst_.token).Json()["state"], "new");
}

TEST_F(RequestBodies, FieldOfAnItemInAListIsNamedWithItsPlace) {
  const nlohmann::json event = {{"source", "live"},        {"id", "m2"},
                                {"date", "2024-02-12"},    {"country", "CAN"},
                                {"violence", "one-sided"}, {"fatalitiez", 2}};
  const std::string message =
      BadRequest(server_.Send("POST", "/api/v1/events", analyst_.token, {{"events", {event}}}));
  EXPECT_NE(message.find("events[0].fatalitiez"), std::string::npos) << message;
}

TEST_F(RequestBodies, KeyGivenTwiceIsRefused) {
  const std::string message =
      BadRequest(SendText("POST", "/api/v1/cases", coordinator_.token,
                          R"({"title": "North", "gw": 20, "label": "confidential", "label": "public"})"));
  EXPECT_NE(message.find("'label' is given twice"), std::string::npos) << message;
  EXPECT_TRUE(server_.Get("/api/v1/cases", coordinator_.token).Json()["cases"].empty());
}

TEST_F(RequestBodies, RunCannotBeTiedToACaseItsClassifierIsNotOn) {
  const TestRecord run = server_.AddRun(Resource::kForecast, {.label = Clearance::kPublic, .owner = home_});
  const std::string path = "/api/v1/forecasts/runs/" + std::to_string(run.id);
  const std::string message =
      BadRequest(server_.Send("PUT", path + "/classification", analyst_.token, {{"case_id", 999}}));
  EXPECT_NE(message.find("case 999"), std::string::npos) << message;
  EXPECT_EQ(server_.Get(path, analyst_.token).status, kHttpOk);
  // A null case_id unties the run (it was never tied: nothing to undo, but accepted).
  const Response untied =
      server_.Send("PUT", path + "/classification", analyst_.token, {{"case_id", nullptr}});
  EXPECT_EQ(untied.status, kHttpOk) << untied.body;
  EXPECT_TRUE(untied.Json()["case_id"].is_null());
}

}  // namespace
}  // namespace tocsin::server::testing
