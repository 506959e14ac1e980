// The authorization matrix: every route of the router, called by users of every
// role, clearance and organisation on records of every label and ownership, must
// answer exactly as the written policy (docs/security.md) says. A route the
// matrix does not know fails the test.
#include "authorization_matrix.h"

#include "api_routes.h"

namespace tocsin::server::testing {
namespace {

TEST(AuthorizationMatrix, EveryRouteAnswersAsTheWrittenPolicySays) {
  Matrix matrix;
  ASSERT_GT(matrix.policy.grants(), 40u) << "the permission table of docs/security.md was not found";
  const std::map<std::string, RouteCheck> checks = Checks();
  for (const Route& route : ApiRoutes()) {
    const std::string key = std::string(route.method) + " " + std::string(route.path);
    const auto check = checks.find(key);
    if (check == checks.end()) {
      ADD_FAILURE() << "route " << key << " is missing from the authorization matrix";
      continue;
    }
    // Without credentials every route but the public ones is 401.
    if (route.guard != Guard::kPublic) {
      std::string path;
      bool in_parameter = false;
      for (char c : route.path) {
        if (c == '{') path += "1";
        if (c == '{' || c == '}')
          in_parameter = c == '{';
        else if (!in_parameter)
          path += c;
      }
      const Response response = route.method == "GET"
                                    ? matrix.server.Get(path, "")
                                    : matrix.server.Send(std::string(route.method), path, "", {{"x", 1}});
      matrix.Expect(TestUser{.roles = {access::Role::kAnalyst}}, key + " anonymously", response,
                    kHttpUnauthorized);
    }
    check->second(matrix);
  }
  EXPECT_EQ(checks.size(), ApiRoutes().size()) << "the matrix checks routes the router does not have";
  EXPECT_EQ(matrix.disagreements, 0);
  EXPECT_GT(matrix.checks, 5000);
  std::printf("authorization matrix: %d checks, %d disagreements\n", matrix.checks, matrix.disagreements);
}

}  // namespace
}  // namespace tocsin::server::testing
