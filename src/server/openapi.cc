#include "openapi.h"

#include <cctype>

#include "http_status.h"
#include "router.h"

namespace tocsin::server {
namespace {

using nlohmann::json;

json ErrorResponse(std::string_view description) {
  return {{"description", description},
          {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

// "GET /api/v1/users/{id}" -> "getApiV1UsersId": unique per route.
std::string OperationId(const Route& route) {
  std::string id;
  for (char c : route.method) id.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  bool upper = true;
  for (char c : route.path) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    id.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return id;
}

json Operation(const Route& route) {
  json operation = {{"operationId", OperationId(route)}, {"summary", route.summary}, {"tags", {route.tag}}};
  json parameters = json::array();
  for (const std::string& name : PathParameterNames(route.path)) {
    parameters.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "integer"}}}});
  }
  for (const QueryParameter& query : route.query) {
    parameters.push_back({{"name", query.name},
                          {"in", "query"},
                          {"required", false},
                          {"description", query.description},
                          {"schema", {{"type", query.type}}}});
  }
  if (!parameters.empty()) operation["parameters"] = std::move(parameters);
  if (!route.request_schema.empty()) {
    operation["requestBody"] = {
        {"required", true},
        {"content",
         {{"application/json",
           {{"schema", {{"$ref", "#/components/schemas/" + std::string(route.request_schema)}}}}}}}};
  }
  json success = {{"description", "Success"}};
  if (!route.response_schema.empty()) {
    success["content"] = {
        {"application/json",
         {{"schema", {{"$ref", "#/components/schemas/" + std::string(route.response_schema)}}}}}};
  }
  if (route.streams) {
    success["content"] = {
        {"text/event-stream",
         {{"schema", {{"type", "string"}, {"description", "events: id, event: change, data: JSON"}}}}}};
  }
  json responses = {{std::to_string(route.success_status), std::move(success)}};
  if (!route.request_schema.empty() || !PathParameterNames(route.path).empty() || !route.query.empty()) {
    responses[std::to_string(kHttpBadRequest)] =
        ErrorResponse("The request is malformed; the message says how");
  }
  if (route.guard == Guard::kPublic) {
    operation["security"] = json::array();
  } else {
    responses[std::to_string(kHttpUnauthorized)] =
        ErrorResponse("Not logged in, or the session or token expired");
    responses[std::to_string(kHttpForbidden)] =
        ErrorResponse("The caller's role does not permit this, or a write lacks its CSRF token");
  }
  if (!PathParameterNames(route.path).empty() || route.guard == Guard::kPolicy) {
    responses[std::to_string(kHttpNotFound)] =
        ErrorResponse("No such record, or one the caller may not see (the two are not told apart)");
  }
  operation["responses"] = std::move(responses);
  return operation;
}

}  // namespace

json OpenApiDocument(std::span<const Route> routes) {
  json paths = json::object();
  for (const Route& route : routes) {
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[std::string(route.path)][method] = Operation(route);
  }
  return {
      {"openapi", "3.0.3"},
      {"info",
       {{"title", "Tocsin API"},
        {"version", "1"},
        {"description",
         "Early warning of mass atrocities. Every answer is filtered by the caller's organisation, roles, "
         "clearance and case membership (docs/security.md). Writes from a browser session need the "
         "X-CSRF-Token header returned at login."}}},
      {"servers", json::array({{{"url", "/"}}})},
      {"security", json::array({{{"bearerToken", json::array()}}, {{"sessionCookie", json::array()}}})},
      {"paths", std::move(paths)},
      {"components",
       {{"schemas", OpenApiSchemas()},
        {"securitySchemes",
         {{"bearerToken", {{"type", "http"}, {"scheme", "bearer"}}},
          {"sessionCookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "tocsin_session"}}}}}}}};
}

}  // namespace tocsin::server
