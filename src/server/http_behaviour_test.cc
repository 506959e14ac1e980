// The HTTP surface every route shares: security headers, limits, sessions and
// their cookie, CSRF, login throttling, escaping, ETag and gzip.
#include <gtest/gtest.h>

#include "http_status.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Resource;
using access::Role;

class HttpBehaviour : public ::testing::Test {
 protected:
  void SetUp() override {
    organisation_ = server_.AddOrganisation("Home Office");
    analyst_ = server_.AddUser("ana", organisation_, {Role::kAnalyst}, Clearance::kConfidential);
    admin_ = server_.AddUser("root", organisation_, {Role::kSystemAdmin}, Clearance::kRestricted);
  }

  // Logs in as `name`; returns the session cookie ("" on failure) and the CSRF token.
  std::pair<std::string, std::string> Login(const std::string& name, const std::string& password) {
    const Response response =
        server_.Send("POST", "/api/v1/session", "", {{"name", name}, {"password", password}});
    if (response.status != kHttpOk) return {};
    const std::string cookie = httplib::detail::get_header_value(response.headers, "Set-Cookie", 0, "");
    return {cookie.substr(0, cookie.find(';')), response.Json()["csrf_token"].get<std::string>()};
  }

  static std::string Header(const Response& response, const std::string& name) {
    return httplib::detail::get_header_value(response.headers, name, 0, "");
  }

  static void ExpectSecurityHeaders(const Response& response, const std::string& what) {
    const std::string policy = Header(response, "Content-Security-Policy");
    EXPECT_NE(policy.find("frame-ancestors 'none'"), std::string::npos) << what;
    EXPECT_EQ(policy.find("unsafe-inline"), std::string::npos) << what;
    EXPECT_EQ(Header(response, "X-Content-Type-Options"), "nosniff") << what;
    EXPECT_EQ(Header(response, "Referrer-Policy"), "no-referrer") << what;
    EXPECT_EQ(response.headers.count("Content-Security-Policy"), 1u) << what << ": headers added twice";
  }

  TestServer server_;
  access::OrganisationId organisation_;
  TestUser analyst_;
  TestUser admin_;
};

TEST_F(HttpBehaviour, SecondServerOnAPortInUseDoesNotStart) {
  ServerOptions options;
  options.port = server_.port();
  const auto second = Server::Start(server_.store(), options);
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable) << second.status().ToString();
  options.port = 0;
  options.threads = 0;
  EXPECT_EQ(Server::Start(server_.store(), options).status().code(), StatusCode::kInvalidArgument);
  options.threads = 1;
  options.port = 99999;
  EXPECT_EQ(Server::Start(server_.store(), options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(HttpBehaviour, EveryResponseCarriesSecurityHeaders) {
  ExpectSecurityHeaders(server_.Get("/healthz", ""), "health");
  ExpectSecurityHeaders(server_.Get("/api/v1/countries", ""), "401");
  ExpectSecurityHeaders(server_.Get("/api/v1/nothing", analyst_.token), "404");
  ExpectSecurityHeaders(server_.Send("POST", "/api/v1/countries", analyst_.token, {{"x", 1}}), "405");
  ExpectSecurityHeaders(server_.Get("/api/v1/users", analyst_.token), "403");
  const Response authenticated = server_.Get("/api/v1/countries", analyst_.token);
  ExpectSecurityHeaders(authenticated, "200");
  EXPECT_EQ(Header(authenticated, "Cache-Control"), "no-store");
}

TEST_F(HttpBehaviour, WrongMethodIs405NamingTheAllowedOnes) {
  const Response tokens = server_.Send("PUT", "/api/v1/tokens", analyst_.token, nlohmann::json::object());
  EXPECT_EQ(tokens.status, 405);
  EXPECT_EQ(Header(tokens, "Allow"), "GET, HEAD, POST");
  const Response session = server_.Send("PATCH", "/api/v1/session", analyst_.token, nlohmann::json::object());
  EXPECT_EQ(session.status, 405);
  EXPECT_EQ(Header(session, "Allow"), "POST, GET, HEAD, DELETE");
}

TEST_F(HttpBehaviour, OversizedBodyIs413AndOversizedHeadersAre431) {
  const std::string big(2 << 20, 'x');
  const Response body = server_.Send("POST", "/api/v1/tokens", analyst_.token, {{"name", big}});
  EXPECT_EQ(body.status, kHttpPayloadTooLarge);
  ExpectSecurityHeaders(body, "413");
  httplib::Headers many;
  for (int i = 0; i < 40; ++i) many.emplace("X-Filler-" + std::to_string(i), std::string(400, 'y'));
  const Response headers = server_.Get("/api/v1/countries", analyst_.token, many);
  EXPECT_EQ(headers.status, kHttpHeadersTooLarge);
}

TEST_F(HttpBehaviour, LoginSetsAHardenedCookieAndLogoutEndsTheSession) {
  const Response response = server_.Send("POST", "/api/v1/session", "",
                                         {{"name", "ana"}, {"password", std::string(kTestPassword)}});
  ASSERT_EQ(response.status, kHttpOk);
  const std::string cookie = Header(response, "Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "no Secure flag over plain HTTP";
  const auto [session, csrf] = Login("ana", std::string(kTestPassword));
  EXPECT_EQ(server_.Get("/api/v1/session", "", {{"Cookie", session}}).status, kHttpOk);
  EXPECT_EQ(
      server_.Send("DELETE", "/api/v1/session", "", nullptr, {{"Cookie", session}, {"X-CSRF-Token", csrf}})
          .status,
      kHttpNoContent);
  EXPECT_EQ(server_.Get("/api/v1/session", "", {{"Cookie", session}}).status, kHttpUnauthorized);
}

TEST_F(HttpBehaviour, SessionWritesNeedTheCsrfTokenButBearerWritesDoNot) {
  const auto [session, csrf] = Login("ana", std::string(kTestPassword));
  const nlohmann::json body = {{"name", "script"}};
  EXPECT_EQ(server_.Send("POST", "/api/v1/tokens", "", body, {{"Cookie", session}}).status, kHttpForbidden);
  EXPECT_EQ(server_.Send("POST", "/api/v1/tokens", "", body, {{"Cookie", session}, {"X-CSRF-Token", "guess"}})
                .status,
            kHttpForbidden);
  EXPECT_EQ(
      server_.Send("POST", "/api/v1/tokens", "", body, {{"Cookie", session}, {"X-CSRF-Token", csrf}}).status,
      kHttpCreated);
  EXPECT_EQ(server_.Send("POST", "/api/v1/tokens", analyst_.token, body).status, kHttpCreated);
}

TEST_F(HttpBehaviour, BodiesMustBeJson) {
  httplib::Client client = server_.Client();
  const auto result = client.Post("/api/v1/tokens", {{"Authorization", "Bearer " + analyst_.token}}, "name=x",
                                  "application/x-www-form-urlencoded");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->status, kHttpUnsupportedMediaType);
}

// 4294967316 is 2^32 + 20: cut down to an int it would have named Canada (GW 20),
// and 2^64 - 1 read as a signed 64-bit number is -1. Neither may pass as another value.
TEST_F(HttpBehaviour, IntegersThatDoNotFitAreRefusedNotWrapped) {
  const auto message = [](const Response& response) {
    return response.Json()["error"]["message"].get<std::string>();
  };
  Response response = server_.Send("POST", "/api/v1/assessments", analyst_.token,
                                   {{"gw", 4294967316LL}, {"as_of", "2024-01-01"}, {"label", "public"}});
  EXPECT_EQ(response.status, kHttpBadRequest);
  EXPECT_EQ(message(response), "field 'gw' is out of range: 4294967316");
  response = server_.Send("POST", "/api/v1/assessments", analyst_.token,
                          {{"gw", 18446744073709551615ULL}, {"as_of", "2024-01-01"}, {"label", "public"}});
  EXPECT_EQ(response.status, kHttpBadRequest);
  EXPECT_EQ(message(response), "field 'gw' must be an integer");
  response = server_.Get("/api/v1/assessments?gw=4294967316", analyst_.token);
  EXPECT_EQ(response.status, kHttpBadRequest);
  EXPECT_EQ(message(response), "query parameter 'gw' is out of range: 4294967316");
  // Days as seconds would overflow a clock; a token lasts ten years at most.
  response = server_.Send("POST", "/api/v1/tokens", analyst_.token,
                          {{"name", "forever"}, {"expires_in_days", 9223372036854775807LL}});
  EXPECT_EQ(response.status, kHttpBadRequest);
  EXPECT_NE(message(response).find("from 1 to 3650"), std::string::npos) << message(response);
  EXPECT_EQ(
      server_.Send("POST", "/api/v1/tokens", analyst_.token, {{"name", "decade"}, {"expires_in_days", 3650}})
          .status,
      kHttpCreated);
}

TEST_F(HttpBehaviour, RepeatedFailedLoginsAreThrottledPerAccountAndPerAddress) {
  for (int attempt = 0; attempt < ServerOptions{}.login_failures_allowed; ++attempt) {
    EXPECT_EQ(server_.Send("POST", "/api/v1/session", "", {{"name", "ana"}, {"password", "not the password"}})
                  .status,
              kHttpUnauthorized);
  }
  const Response throttled = server_.Send("POST", "/api/v1/session", "",
                                          {{"name", "ana"}, {"password", std::string(kTestPassword)}});
  EXPECT_EQ(throttled.status, kHttpTooManyRequests) << "even the right password waits out the window";
  EXPECT_FALSE(Header(throttled, "Retry-After").empty());
  // The address is throttled too: guessing at another account from it is refused.
  EXPECT_EQ(
      server_
          .Send("POST", "/api/v1/session", "", {{"name", "root"}, {"password", std::string(kTestPassword)}})
          .status,
      kHttpTooManyRequests);
}

TEST(LoginThrottleBehindAProxy, ClientsTheTrustedProxyForwardsForAreThrottledApart) {
  ServerOptions options;
  options.trusted_proxies = {"127.0.0.1"};
  TestServer server(options);
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  server.AddUser("ana", home, {Role::kAnalyst}, Clearance::kRestricted);
  server.AddUser("bob", home, {Role::kAnalyst}, Clearance::kRestricted);
  const auto login = [&](const std::string& name, const std::string& password, const std::string& forwarded) {
    return server.Send("POST", "/api/v1/session", "", {{"name", name}, {"password", password}},
                       {{"X-Forwarded-For", forwarded}});
  };
  // One client guesses at several accounts; what it adds to the header itself is not believed.
  for (int attempt = 0; attempt < ServerOptions{}.login_failures_allowed; ++attempt) {
    EXPECT_EQ(login("guess" + std::to_string(attempt), "not the password",
                    "10.9.9." + std::to_string(attempt) + ", 203.0.113.7")
                  .status,
              kHttpUnauthorized);
  }
  EXPECT_EQ(login("ana", std::string(kTestPassword), "203.0.113.7").status, kHttpTooManyRequests);
  // Another client behind the same proxy logs in.
  EXPECT_EQ(login("bob", std::string(kTestPassword), "198.51.100.4").status, kHttpOk);
}

TEST_F(HttpBehaviour, UnknownUserAndWrongPasswordLookAlike) {
  const Response unknown =
      server_.Send("POST", "/api/v1/session", "", {{"name", "nobody"}, {"password", "whatever12345"}});
  const Response wrong =
      server_.Send("POST", "/api/v1/session", "", {{"name", "ana"}, {"password", "whatever12345"}});
  EXPECT_EQ(unknown.status, kHttpUnauthorized);
  EXPECT_EQ(unknown.body, wrong.body);
}

TEST_F(HttpBehaviour, DisablingOrLoweringClearanceAppliesToTheNextRequest) {
  const TestRecord run = server_.AddRun(Resource::kForecast, {.label = Clearance::kConfidential});
  const std::string path = "/api/v1/forecasts/runs/" + std::to_string(run.id);
  EXPECT_EQ(server_.Get(path, analyst_.token).status, kHttpOk);
  const std::string user = "/api/v1/users/" + std::to_string(analyst_.id.value());
  // An administrator cleared at least as high as the analyst (one cleared lower may not).
  const TestUser senior =
      server_.AddUser("senior", organisation_, {Role::kSystemAdmin}, Clearance::kStrictlyConfidential);
  ASSERT_EQ(server_.Send("PATCH", user, senior.token, {{"clearance", "restricted"}}).status, kHttpOk);
  EXPECT_EQ(server_.Get(path, analyst_.token).status, kHttpNotFound);
  ASSERT_EQ(server_.Send("PATCH", user, admin_.token, {{"disabled", true}}).status, kHttpOk);
  EXPECT_EQ(server_.Get("/api/v1/countries", analyst_.token).status, kHttpUnauthorized);
}

TEST_F(HttpBehaviour, NobodyGrantsAboveTheirOwnClearance) {
  const Response response = server_.Send("POST", "/api/v1/users", admin_.token,
                                         {{"name", "spy"},
                                          {"password", std::string(kTestPassword)},
                                          {"roles", {"analyst"}},
                                          {"clearance", "strictly confidential"}});
  EXPECT_EQ(response.status, kHttpForbidden);
}

TEST_F(HttpBehaviour, StoredScriptIsEscapedInEveryResponse) {
  const std::string payload = "<script>alert('x')</script>&<img src=x onerror=alert(1)>";
  server_.AddRun(Resource::kForecast, {.label = Clearance::kPublic}, Clearance::kPublic, payload);
  for (const std::string path : {"/api/v1/forecasts", "/api/v1/forecasts/runs", "/api/v1/forecasts/runs/1",
                                 "/api/v1/countries/20/forecasts"}) {
    const Response response = server_.Get(path, analyst_.token);
    ASSERT_EQ(response.status, kHttpOk) << path;
    EXPECT_EQ(response.body.find('<'), std::string::npos) << path;
    EXPECT_EQ(response.body.find('>'), std::string::npos) << path;
    EXPECT_NE(response.body.find("\\u003cscript\\u003e"), std::string::npos) << path;
    EXPECT_NE(response.Json().dump().find(payload), std::string::npos) << "JSON clients read the text back";
    EXPECT_EQ(Header(response, "Content-Type"), "application/json");
  }
}

TEST_F(HttpBehaviour, LargeJsonHasAnETagAndIsGzippedWhenAsked) {
  server_.AddRun(Resource::kForecast, {.label = Clearance::kPublic}, Clearance::kPublic,
                 std::string(2000, 'n'));
  const Response first = server_.Get("/api/v1/forecasts", analyst_.token);
  ASSERT_EQ(first.status, kHttpOk);
  const std::string etag = Header(first, "ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(server_.Get("/api/v1/forecasts", analyst_.token, {{"If-None-Match", etag}}).status,
            kHttpNotModified);
  httplib::Client client = server_.Client();
  client.set_decompress(false);
  const auto zipped = client.Get(
      "/api/v1/forecasts", {{"Authorization", "Bearer " + analyst_.token}, {"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(zipped->body.size(), first.body.size());
}

TEST_F(HttpBehaviour, WritesAndConfidentialReadsAreAudited) {
  const TestRecord secret = server_.AddRun(Resource::kForecast, {.label = Clearance::kConfidential});
  ASSERT_EQ(server_.Get("/api/v1/forecasts/runs/" + std::to_string(secret.id), analyst_.token).status,
            kHttpOk);
  ASSERT_EQ(server_.Send("POST", "/api/v1/tokens", analyst_.token, {{"name", "audited"}}).status,
            kHttpCreated);
  const TestUser auditor = server_.AddUser("aud", organisation_, {Role::kAuditor}, Clearance::kRestricted);
  const nlohmann::json log = server_.Get("/api/v1/audit", auditor.token).Json();
  std::vector<std::string> actions;
  for (const auto& entry : log["entries"])
    actions.push_back(entry["action"].get<std::string>() + " by " +
                      entry["actor"]["name"].get<std::string>());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "forecast.read by ana"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "api_token.create by ana"), actions.end());
}

}  // namespace
}  // namespace tocsin::server::testing
