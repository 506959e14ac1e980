// Changing an account over the API: an administrator may not change the
// clearance of someone who holds more than they do (they could lower it, and
// then never raise it again).
#include <gtest/gtest.h>

#include "http_status.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Role;

TEST(UserRoutes, ClearanceAboveTheAdministratorsOwnIsNotTheirsToChange) {
  TestServer server;
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  const TestUser admin = server.AddUser("root", home, {Role::kSystemAdmin}, Clearance::kRestricted);
  const TestUser cora = server.AddUser("cora", home, {Role::kCoordinator}, Clearance::kStrictlyConfidential);
  const TestUser ana = server.AddUser("ana", home, {Role::kAnalyst}, Clearance::kRestricted);
  const std::string cora_path = "/api/v1/users/" + std::to_string(cora.id.value());
  const Response lowered = server.Send("PATCH", cora_path, admin.token, {{"clearance", "public"}});
  EXPECT_EQ(lowered.status, kHttpForbidden) << lowered.body;
  EXPECT_NE(lowered.body.find("tocsin user set"), std::string::npos) << lowered.body;
  EXPECT_EQ(server.Get(cora_path, admin.token).Json()["clearance"], "strictly confidential");
  // Other changes to that account, and clearances within the administrator's own, still work.
  EXPECT_EQ(server.Send("PATCH", cora_path, admin.token, {{"display_name", "Cora"}}).status, kHttpOk);
  const std::string ana_path = "/api/v1/users/" + std::to_string(ana.id.value());
  EXPECT_EQ(server.Send("PATCH", ana_path, admin.token, {{"clearance", "public"}}).status, kHttpOk);
  EXPECT_EQ(server.Send("PATCH", ana_path, admin.token, {{"clearance", "restricted"}}).status, kHttpOk);
}

// An organisation admin who could reset a system admin's (or an auditor's)
// password would log in as them and grant themselves those roles: resetting,
// disabling or changing the roles of an account is only for those who could
// have granted what it holds.
TEST(UserRoutes, AccountsHoldingMoreThanTheAdministratorCanGrantAreNotTheirsToTakeOver) {
  TestServer server;
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  const TestUser orgadm =
      server.AddUser("orgadm", home, {Role::kOrganisationAdmin}, Clearance::kConfidential);
  const TestUser sysadm = server.AddUser("sysadm", home, {Role::kSystemAdmin}, Clearance::kRestricted);
  const TestUser auditor = server.AddUser("aud", home, {Role::kAuditor}, Clearance::kRestricted);
  const TestUser ana = server.AddUser("ana", home, {Role::kAnalyst}, Clearance::kRestricted);
  for (const TestUser* target : {&sysadm, &auditor}) {
    const std::string path = "/api/v1/users/" + std::to_string(target->id.value());
    for (const nlohmann::json& change :
         {nlohmann::json{{"password", "taken over pass phrase 1"}}, nlohmann::json{{"disabled", true}},
          nlohmann::json{{"roles", {"analyst"}}}}) {
      const Response refused = server.Send("PATCH", path, orgadm.token, change);
      EXPECT_EQ(refused.status, kHttpForbidden)
          << target->name << " " << change.dump() << ": " << refused.body;
    }
    EXPECT_EQ(server.Get("/api/v1/tokens", target->token).status, kHttpOk) << target->name << " keeps access";
  }
  // An account within what the administrator may grant is theirs to reset.
  const std::string ana_path = "/api/v1/users/" + std::to_string(ana.id.value());
  EXPECT_EQ(server.Send("PATCH", ana_path, orgadm.token, {{"password", "a new pass phrase 1234"}}).status,
            kHttpOk);
}

// A password is reset when the account may be in other hands: the tokens made
// with it stop working at once, as the sessions do.
TEST(UserRoutes, PasswordResetRevokesTheUsersApiTokens) {
  TestServer server;
  const access::OrganisationId home = server.AddOrganisation("Home Office");
  const TestUser admin = server.AddUser("root", home, {Role::kSystemAdmin}, Clearance::kRestricted);
  const TestUser ana = server.AddUser("ana", home, {Role::kAnalyst}, Clearance::kRestricted);
  ASSERT_EQ(server.Get("/api/v1/tokens", ana.token).status, kHttpOk);
  const std::string ana_path = "/api/v1/users/" + std::to_string(ana.id.value());
  const Response reset = server.Send("PATCH", ana_path, admin.token,
                                     {{"password", "a new pass phrase 1234"}, {"reason", "lost laptop"}});
  ASSERT_EQ(reset.status, kHttpOk) << reset.body;
  EXPECT_EQ(server.Get("/api/v1/tokens", ana.token).status, kHttpUnauthorized);
  // Other changes leave the tokens alone.
  EXPECT_EQ(server.Send("PATCH", ana_path, admin.token, {{"display_name", "Ana"}}).status, kHttpOk);
  EXPECT_EQ(server.Get("/api/v1/tokens", admin.token).status, kHttpOk);
}

}  // namespace
}  // namespace tocsin::server::testing
