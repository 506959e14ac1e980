// The OpenAPI document describes exactly the router's routes: every route, with
// its method, path parameters and schemas, and nothing the router lacks.
#include "openapi.h"

#include <gtest/gtest.h>

#include <set>

#include "api_routes.h"
#include "router.h"
#include "server_fixture.h"

namespace tocsin::server {
namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

void ExpectSchemaExists(const nlohmann::json& document, const nlohmann::json& reference) {
  const std::string ref = reference.value("$ref", "");
  const std::string prefix = "#/components/schemas/";
  ASSERT_TRUE(ref.starts_with(prefix)) << reference.dump();
  EXPECT_TRUE(document["components"]["schemas"].contains(ref.substr(prefix.size()))) << ref;
}

TEST(OpenApi, EveryRouteIsDocumentedWithItsParametersAndSchemas) {
  const std::vector<Route> routes = ApiRoutes();
  const nlohmann::json document = OpenApiDocument(routes);
  EXPECT_EQ(document["openapi"], "3.0.3");
  std::set<std::string> operation_ids;
  for (const Route& route : routes) {
    const std::string path(route.path);
    ASSERT_TRUE(document["paths"].contains(path)) << path << " is missing from the OpenAPI document";
    ASSERT_TRUE(document["paths"][path].contains(Lower(route.method))) << route.method << " " << path;
    const nlohmann::json& operation = document["paths"][path][Lower(route.method)];
    EXPECT_TRUE(operation_ids.insert(operation["operationId"].get<std::string>()).second)
        << "duplicate operationId";
    std::set<std::string> documented;
    for (const auto& parameter : operation.value("parameters", nlohmann::json::array())) {
      if (parameter["in"] == "path") documented.insert(parameter["name"].get<std::string>());
    }
    for (const std::string& name : PathParameterNames(route.path)) {
      EXPECT_TRUE(documented.erase(name))
          << "path parameter " << name << " of " << path << " is not documented";
    }
    EXPECT_TRUE(documented.empty()) << path << " documents path parameters it does not have";
    EXPECT_TRUE(operation["responses"].contains(std::to_string(route.success_status))) << path;
    for (const auto& [status, response] : operation["responses"].items()) {
      if (response.contains("content") && response["content"].contains("application/json")) {
        ExpectSchemaExists(document, response["content"]["application/json"]["schema"]);
      }
      EXPECT_EQ(response.contains("content") && response["content"].contains("text/event-stream"),
                route.streams && status == std::to_string(route.success_status))
          << path;
    }
    if (operation.contains("requestBody")) {
      ExpectSchemaExists(document, operation["requestBody"]["content"]["application/json"]["schema"]);
    }
    EXPECT_EQ(operation.contains("requestBody"), !route.request_schema.empty()) << path;
    EXPECT_FALSE(std::string(route.summary).empty()) << path;
  }
  std::size_t operations = 0;
  for (const auto& [path, methods] : document["paths"].items()) operations += methods.size();
  EXPECT_EQ(operations, routes.size()) << "the document has operations the router does not";
}

TEST(OpenApi, ServedDocumentIsTheGeneratedOne) {
  testing::TestServer server;
  const testing::Response response = server.Get("/api/v1/openapi.json", "");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.Json(), OpenApiDocument(ApiRoutes()));
}

TEST(Router, MatchesTemplatesAndTellsWrongMethodFromUnknownPath) {
  const Router router(ApiRoutes());
  const auto run = router.Find("GET", "/api/v1/forecasts/runs/42");
  ASSERT_TRUE(run && run->route != nullptr);
  EXPECT_EQ(run->route->path, "/api/v1/forecasts/runs/{id}");
  EXPECT_EQ(run->path_parameters.at("id"), "42");
  const auto wrong_method = router.Find("POST", "/api/v1/forecasts/runs/42");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->route, nullptr);
  EXPECT_FALSE(router.Find("GET", "/api/v1/nothing"));
  EXPECT_FALSE(router.Find("GET", "/api/v1/forecasts/runs/"));
}

}  // namespace
}  // namespace tocsin::server
