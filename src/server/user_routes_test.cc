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

}  // namespace
}  // namespace tocsin::server::testing
