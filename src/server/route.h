// A route of the API: method, path template, who may call it, how it is
// documented in OpenAPI, and its handler. The router's table of these is the
// single source of both dispatch and the OpenAPI document.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/core/result.h"

namespace tocsin::server {

class Services;

// Who may reach a route at all. Record-level decisions happen in the handler,
// always through access::Decide or access::SqlFilterFor.
enum class Guard : std::uint8_t {
  kPublic,         // no authentication (health, the OpenAPI document, login)
  kAuthenticated,  // any signed-in user, about themselves (session, logout)
  kPolicy,         // access::DecideRole(resource, action) must allow
};

struct QueryParameter {
  std::string_view name;
  std::string_view type;  // OpenAPI type: "integer", "string"
  std::string_view description;
};

// One request as a handler sees it.
struct Call {
  const httplib::Request& request;
  access::Principal principal;
  std::map<std::string, std::string, std::less<>> path_parameters;
  Services& services;
  // Set while the call runs inside an idempotent write's transaction.
  store::Store* bound_store = nullptr;
  // The route's request schema (components/schemas), when it has one: a body
  // with a field the schema does not define is refused, not half-read.
  const nlohmann::json* body_schema = nullptr;
  // The route's path template ("/api/v1/countries/{gw}/assessment-summary"): what
  // the audit log records of a read, since the path itself can name a country.
  std::string_view route_path = {};

  // The store handlers use: the server's, or the idempotent write's transaction.
  store::Store& store() const;

  // The integer path parameter `name`. Errors: NotFound (a malformed id names
  // no record, and saying so would be no different from a missing one).
  Result<std::int64_t> IdParameter(std::string_view name) const;
  // An optional integer query parameter. Errors: InvalidArgument.
  Result<std::optional<std::int64_t>> IntegerQuery(std::string_view name) const;
  // A page size: `fallback` when absent. Errors: InvalidArgument when it is not an
  // integer from 1 to `maximum` (a silently changed page size would look like
  // missing records).
  Result<std::int64_t> LimitQuery(std::int64_t fallback, std::int64_t maximum) const;
  // The same, for values that must fit an int (a country code, a count).
  Result<std::optional<int>> IntQuery(std::string_view name) const;
  // The body as a JSON object; an empty body is an empty object. Errors:
  // InvalidArgument naming the problem: not JSON, not an object, a key given
  // twice, a field body_schema does not define.
  Result<nlohmann::json> JsonBody() const;
};

// What a handler answers; the dispatcher adds headers, ETag and logging.
struct Reply {
  int status = 200;
  nlohmann::json body = nlohmann::json::object();
  std::string cached_body = {};  // already serialised JSON (takes precedence over body)
  std::string etag = {};         // of cached_body, computed once
  // Set for a streamed response: installs a content provider on the response.
  std::function<void(httplib::Response&)> stream = {};
  std::vector<std::pair<std::string, std::string>> headers = {};
};

using Handler = std::function<Result<Reply>(Call&)>;

struct Route {
  std::string_view method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string_view path;    // OpenAPI template: "/api/v1/users/{id}"
  std::string_view summary;
  std::string_view tag;
  Guard guard = Guard::kPolicy;
  access::Resource resource = access::Resource::kCountry;
  access::Action action = access::Action::kRead;
  std::vector<QueryParameter> query = {};
  std::string_view request_schema = {};   // name under components/schemas, empty: no body
  std::string_view response_schema = {};  // name under components/schemas
  int success_status = 200;
  bool streams = false;  // a server-sent event stream (text/event-stream)
  Handler handler = {};
};

// The routes of one resource file, each declared in one statement: the group
// fills in the tag and the kind of record the policy guards.
struct RouteGroup {
  std::vector<Route>& routes;
  std::string_view tag;
  access::Resource resource = access::Resource::kCountry;

  // The same group guarding another kind of record.
  RouteGroup On(access::Resource other) const { return {routes, tag, other}; }

  void Add(std::string_view method, std::string_view path, std::string_view summary, access::Action action,
           std::string_view request_schema, std::string_view response_schema, Handler handler,
           int success_status = 200, std::vector<QueryParameter> query = {}) const {
    routes.push_back({.method = method,
                      .path = path,
                      .summary = summary,
                      .tag = tag,
                      .resource = resource,
                      .action = action,
                      .query = std::move(query),
                      .request_schema = request_schema,
                      .response_schema = response_schema,
                      .success_status = success_status,
                      .handler = std::move(handler)});
  }
};

}  // namespace tocsin::server
