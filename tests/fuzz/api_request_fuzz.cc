// Every request of the API but the streams, through the pipeline the server runs
// for each one (routing, authentication, the policy's role check, the handler,
// error mapping), in process, over a store seeded with users of several roles and
// a case, task, alert, assessment and pool question to point at. The input picks
// the route, the caller, the ids in the path, the query of a read, and the body of
// a write: either raw bytes, or a JSON body built from the route's own request
// schema (components/schemas of the OpenAPI document), each field present or not,
// of the right type or not.
//
// Properties, for every input:
//   - no answer is a 5xx: whatever a client sends is its error, said as such;
//   - every answer but 204/304 is a JSON object, and an error carries a message;
//   - a refused request (4xx), and any read, leaves every table exactly as it was;
//   - an accepted write answers any integer field it was sent with the same value;
//   - a request accepted with an Idempotency-Key, sent again, gets the same
//     status and body and changes nothing.
// Each input starts from a copy of the seeded store, so a failure replays alone.
#include <fmt/format.h>
#include <httplib.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "api_routes.h"
#include "dispatcher.h"
#include "fuzz_input.h"
#include "openapi.h"
#include "router.h"
#include "services.h"
#include "tocsin/access/api_token.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/password.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/respond/clock.h"
#include "tocsin/store/store.h"

namespace tocsin::fuzz {
namespace {

using nlohmann::json;
// Every table's rows, in rowid order, as text, by table: equal digests mean equal
// stores.
using Digest = std::map<std::string, std::string>;

constexpr int kMaxDepth = 4;
constexpr std::size_t kMaxItems = 4;

// What every input shares: the routes (no streams), the users' tokens, and
// the seeded store as a file each input copies.
struct World {
  std::string template_path;
  Digest template_digest;  // of the seeded store
  std::vector<const server::Route*> routes;
  std::vector<std::string> tokens;  // an API token of each seeded user, the lead's first
  std::unique_ptr<server::Router> router;
  std::string openapi;  // the document GET /api/v1/openapi.json serves

  ~World() {
    if (!template_path.empty()) std::filesystem::remove(template_path);
  }
};

server::ServerOptions Options() {
  server::ServerOptions options;
  options.password_hashing = access::MinimumPasswordHashCost();
  options.clock =
      std::make_shared<respond::FixedClock>(std::chrono::sys_days(std::chrono::year(2024) / 6 / 1));
  return options;
}

Digest DigestOf(store::Store& store) {
  Digest digest;
  const Status status = store.Read([&](store::Transaction& transaction) -> Status {
    std::vector<std::string> tables;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", {}, [&](const store::Row& row) {
          tables.push_back(row.Text(0));
          return Status::Ok();
        }));
    for (const std::string& table : tables) {
      std::string& rows = digest[table];
      TOCSIN_RETURN_IF_ERROR(
          transaction.Query(fmt::format("SELECT * FROM \"{}\"", table), {}, [&](const store::Row& row) {
            for (int i = 0; i < row.size(); ++i) {
              rows += row.IsNull(i) ? "NULL" : "'" + row.Text(i) + "'";
              rows += '|';
            }
            rows += '\n';
            return Status::Ok();
          }));
    }
    return Status::Ok();
  });
  if (!status.ok()) Violated("cannot read the store back");
  return digest;
}

// The first table that changed from `before` to `after`, with its first changed
// row; empty when none did. With `audit_appends`, rows added to the end of the
// audit log do not count: reads of case records are audited.
std::string FirstChange(const Digest& before, const Digest& after, bool audit_appends) {
  for (const auto& [table, rows] : after) {
    const auto found = before.find(table);
    const std::string& old = found == before.end() ? std::string() : found->second;
    if (rows == old) continue;
    if (audit_appends && table == "audit_log" && rows.starts_with(old)) continue;
    std::size_t at = 0;
    while (at < old.size() && at < rows.size() && old[at] == rows[at]) ++at;
    const std::size_t line = at == 0 ? 0 : rows.rfind('\n', at - 1) + 1;
    return fmt::format("in {}: {}", table, rows.substr(line, rows.find('\n', line) - line));
  }
  return before.size() == after.size() ? "" : "a table appeared or went";
}

struct Answer {
  int status = 0;
  std::string body;
};

Answer Send(const server::Dispatcher& dispatcher, const std::string& method, const std::string& path,
            const std::string& token, std::string body, const std::string& content_type = "application/json",
            const std::string& idempotency_key = "", httplib::Params params = {}) {
  httplib::Request request;
  request.method = method;
  request.path = path;
  request.remote_addr = "127.0.0.1";
  if (!token.empty()) request.headers.emplace("Authorization", "Bearer " + token);
  if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
  if (!idempotency_key.empty()) request.headers.emplace("Idempotency-Key", idempotency_key);
  request.body = std::move(body);
  request.params = std::move(params);
  httplib::Response response;
  dispatcher.Handle(request, response);
  return {response.status, response.body};
}

void Seed(store::Store& store, World& world) {
  struct User {
    const char* name;
    int organisation;  // 0: the prevention office, 1: a partner
    std::vector<access::Role> roles;
    access::Clearance clearance;
  };
  const std::vector<User> users = {
      {"lead",
       0,
       {access::Role::kAnalyst, access::Role::kCoordinator, access::Role::kCaseOfficer,
        access::Role::kOrganisationAdmin, access::Role::kSystemAdmin},
       access::Clearance::kStrictlyConfidential},
      {"analyst", 0, {access::Role::kAnalyst}, access::Clearance::kConfidential},
      {"officer", 0, {access::Role::kCaseOfficer}, access::Clearance::kRestricted},
      {"partner", 1, {access::Role::kPartnerViewer}, access::Clearance::kPublic},
      {"auditor", 0, {access::Role::kAuditor}, access::Clearance::kConfidential},
  };
  const auto hash =
      access::HashPassword("a fuzzing password of some length", access::MinimumPasswordHashCost());
  if (!hash.ok()) Violated("cannot hash the seed password");
  const Status status = store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute("INSERT INTO countries (gw, iso3, name) VALUES (2, 'USA', 'United States'), "
                     "(20, 'CAN', 'Canada'), (482, 'CAF', 'Central African Republic')")
            .status());
    TOCSIN_ASSIGN_OR_RETURN(const access::OrganisationId office,
                            access::CreateOrganisation(transaction, "Prevention Office"));
    TOCSIN_ASSIGN_OR_RETURN(const access::OrganisationId partner,
                            access::CreateOrganisation(transaction, "Partner NGO"));
    for (const User& user : users) {
      TOCSIN_ASSIGN_OR_RETURN(
          const access::UserId id,
          access::CreateUser(transaction, {.name = user.name,
                                           .display_name = user.name,
                                           .organisation = user.organisation ? partner : office,
                                           .roles = user.roles,
                                           .clearance = user.clearance,
                                           .password_hash = *hash}));
      TOCSIN_ASSIGN_OR_RETURN(const auto token,
                              access::CreateApiToken(transaction, id, "fuzz", std::nullopt));
      world.tokens.push_back(token.token);
    }
    return Status::Ok();
  });
  if (!status.ok()) Violated(("cannot seed the users: " + status.ToString()).c_str());

  // Records to point at, made through the API as a client would.
  server::Services services(store, Options(), false);
  if (!services.LoadRules().ok()) Violated("cannot load the built-in rules");
  const server::Dispatcher dispatcher(*world.router, services);
  const std::string& lead = world.tokens[0];
  json events = json::array();
  for (int i = 0; i < 12; ++i) {
    events.push_back({{"source", "field"},
                      {"id", fmt::format("seed-{}", i)},
                      {"date", fmt::format("2024-01-{:02}", i < 5 ? 1 + 7 * (i % 4) : 29 + i % 3)},
                      {"country", "CAN"},
                      {"violence", "one-sided"},
                      {"fatalities", 2 + i}});
  }
  const std::vector<std::pair<std::string, json>> seeds = {
      {"/api/v1/events", {{"events", events}, {"reason", "seed"}}},
      {"/api/v1/cases", {{"title", "Escalation in the north"}, {"gw", 20}, {"label", "confidential"}}},
      {"/api/v1/cases/1/options", {{"option_id", 1}, {"note", "envoy"}}},
      {"/api/v1/tasks",
       {{"case_id", 1},
        {"title", "Brief the envoy"},
        {"owner_organisation", "Prevention Office"},
        {"due_at", "2024-06-10T00:00:00Z"}}},
      {"/api/v1/decisions",
       {{"case_id", 1}, {"what", "send the envoy"}, {"who", "the board"}, {"why", "risk"}}},
      {"/api/v1/watchlist/proposals", {{"gw", 20}, {"tier", 1}, {"reason", "rising killings"}}},
      {"/api/v1/assessments", {{"gw", 20}, {"as_of", "2024-01-01"}, {"label", "public"}}},
      {"/api/v1/pools", {{"name", "pool one"}}},
      {"/api/v1/pool/questions",
       {{"pool_id", 1},
        {"text", "Will it happen?"},
        {"criteria", "A named source"},
        {"deadline", "2099-12-31"},
        {"label", "public"}}},
  };
  for (const auto& [path, body] : seeds) {
    const Answer answer = Send(dispatcher, "POST", path, lead, body.dump());
    if (answer.status / 100 != 2) {
      Violated(fmt::format("seeding POST {} answered {}: {}", path, answer.status, answer.body).c_str());
    }
  }
}

World& TheWorld() {
  static World world;
  if (world.router != nullptr) return world;
  world.template_path = fmt::format("{}/tocsin-fuzz-api-{}.db", ScratchDirectory(), ::getpid());
  std::filesystem::remove(world.template_path);
  world.router = std::make_unique<server::Router>(server::ApiRoutes());
  // Writes first, then reads, so that an input's first byte keeps its route as
  // routes are added to the end of the table's files.
  for (const bool reads : {false, true}) {
    for (const server::Route& route : world.router->routes()) {
      if ((route.method == "GET") == reads && !route.streams) world.routes.push_back(&route);
    }
  }
  auto store = store::Store::Open("sqlite:" + world.template_path);
  if (!store.ok()) Violated(("cannot create the seeded store: " + store.status().ToString()).c_str());
  Seed(**store, world);
  world.template_digest = DigestOf(**store);
  world.openapi = server::OpenApiDocument(world.router->routes()).dump();
  return world;  // the store closes here, leaving the seeded file whole
}

// A value for `schema`, chosen by the input: usually of the schema's type, now
// and then null or a value of another type.
json Generate(const json& schema, FuzzInput& input, int depth);

json Scalar(std::uint8_t choice, FuzzInput& input) {
  static const json kScalars[] = {0,
                                  1,
                                  2,
                                  3,
                                  -1,
                                  7,
                                  1000000,
                                  std::int64_t{9223372036854775807},
                                  1e300,
                                  -0.5,
                                  0.5,
                                  1.5,
                                  true,
                                  false,
                                  "",
                                  "x",
                                  "CAN",
                                  "20",
                                  "2024-06-01",
                                  "2024-06-01T00:00:00Z",
                                  "2024-02-30",
                                  "0000-01-01",
                                  "public",
                                  "strictly confidential",
                                  "one-sided",
                                  "open",
                                  "done",
                                  "low",
                                  "critical",
                                  "analyst",
                                  "Prevention Office",
                                  "\u00e9l\u00e8ve \u4e2d",
                                  "<script>alert(1)</script>",
                                  "'; DROP TABLE cases; --",
                                  nullptr,
                                  json::array(),
                                  json::object()};
  if (choice == 0xff) {
    // May be invalid UTF-8: the dispatcher dumps it with replacement.
    return std::string(input.Take(input.Byte()));
  }
  return kScalars[choice % std::size(kScalars)];
}

json Generate(const json& schema, FuzzInput& input, int depth) {
  const std::uint8_t choice = input.Byte();
  if (choice >= 0xf0 || depth > kMaxDepth) return Scalar(input.Byte() | (choice == 0xff ? 0xff : 0), input);
  const std::string type = schema.value("type", "");
  if (schema.contains("enum") && choice % 4 != 3) {
    const json& values = schema["enum"];
    return values[input.Byte() % values.size()];
  }
  if (type == "object") {
    json object = json::object();
    const json properties = schema.value("properties", json::object());
    for (const auto& [name, property] : properties.items()) {
      if (input.Byte() % 5 == 0) continue;  // left out
      object[name] = Generate(property, input, depth + 1);
    }
    if (choice % 7 == 6) object["unexpected"] = Scalar(input.Byte(), input);
    return object;
  }
  if (type == "array") {
    json array = json::array();
    const std::size_t items = input.Byte() % (kMaxItems + 1);
    const json item = schema.value("items", json::object());
    for (std::size_t i = 0; i < items; ++i) array.push_back(Generate(item, input, depth + 1));
    return array;
  }
  if (type == "integer") {
    // Beside ids and codes the store holds: 2^32 + 1 and 2^32 + 20, which name 1
    // and Canada when cut down to an int, and 2^64 - 1, which is -1 as an int64.
    static const std::int64_t kIntegers[] = {1,
                                             2,
                                             3,
                                             0,
                                             -1,
                                             20,
                                             482,
                                             999999,
                                             std::int64_t{1} << 40,
                                             (std::int64_t{1} << 32) + 1,
                                             (std::int64_t{1} << 32) + 20,
                                             std::numeric_limits<std::int64_t>::max(),
                                             std::numeric_limits<std::int64_t>::min()};
    const std::uint8_t which = input.Byte();
    if (which == 0xff) return std::numeric_limits<std::uint64_t>::max();
    return kIntegers[which % std::size(kIntegers)];
  }
  if (type == "number") {
    static const double kNumbers[] = {0.0, 0.25, 0.5, 1.0, -0.1, 1.1, 1e-300, 1e300};
    return kNumbers[input.Byte() % std::size(kNumbers)];
  }
  if (type == "boolean") return input.Byte() % 2 == 0;
  return Scalar(input.Byte(), input);
}

// The route's path with each {parameter} replaced by an id the input picks.
std::string PathFor(const server::Route& route, FuzzInput& input) {
  static const char* const kIds[] = {"1", "2", "1", "3", "0", "-1", "999999", "abc", "9223372036854775808",
                                     "20"};
  std::string path;
  for (std::size_t at = 0; at < route.path.size();) {
    if (route.path[at] == '{') {
      path += kIds[input.Byte() % std::size(kIds)];
      at = route.path.find('}', at) + 1;
    } else {
      path += route.path[at++];
    }
  }
  return path;
}

// The route's query parameters, each present or not, with a value the input picks.
httplib::Params QueryFor(const server::Route& route, FuzzInput& input) {
  static const char* const kValues[] = {"1",
                                        "2",
                                        "0",
                                        "-1",
                                        "20",
                                        "CAN",
                                        "Atlantis",
                                        "2024-01-01",
                                        "2024-13-01",
                                        "yesterday",
                                        "",
                                        "new",
                                        "one-sided,state-based",
                                        "critical",
                                        "99999999999999999999",
                                        "abc",
                                        "true",
                                        "open",
                                        "NaN"};
  httplib::Params params;
  for (const server::QueryParameter& parameter : route.query) {
    const std::uint8_t choice = input.Byte();
    if (choice % 3 == 0) continue;
    if (choice == 0xff) {
      params.emplace(std::string(parameter.name), std::string(input.Take(input.Byte() % 32)));
    } else {
      params.emplace(std::string(parameter.name), kValues[input.Byte() % std::size(kValues)]);
    }
  }
  return params;
}

// An accepted write that answers with a field it was sent as an integer answers
// with the same integer: nothing was cut down or wrapped on the way.
void CheckIntegersKept(const json& sent, const json& body, const std::string& what) {
  if (!sent.is_object() || !body.is_object()) return;
  for (const auto& [name, value] : sent.items()) {
    if (!value.is_number_integer()) continue;
    const auto echoed = body.find(name);
    if (echoed != body.end() && echoed->is_number_integer() && *echoed != value) {
      Violated(fmt::format("{} was sent {} = {} and answered {} = {}", what, name, value.dump(), name,
                           echoed->dump())
                   .c_str());
    }
  }
}

// The answer's body as JSON (null for 204 and 304, which have none).
json CheckAnswerShape(const Answer& answer, const std::string& what) {
  if (answer.status >= 500)
    Violated(fmt::format("{} answered {}: {}", what, answer.status, answer.body).c_str());
  if (answer.status == 204 || answer.status == 304) return nullptr;
  json body = json::parse(answer.body, nullptr, false);
  if (!body.is_object())
    Violated(
        fmt::format("{} answered {} with a body that is not a JSON object", what, answer.status).c_str());
  if (answer.status >= 400) {
    const json* message =
        body.contains("error") && body["error"].is_object() && body["error"].contains("message")
            ? &body["error"]["message"]
            : nullptr;
    if (message == nullptr || !message->is_string() || message->get<std::string>().empty()) {
      Violated(fmt::format("{} answered {} without an error message", what, answer.status).c_str());
    }
  }
  return body;
}

}  // namespace
}  // namespace tocsin::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tocsin;
  using namespace tocsin::fuzz;
  World& world = TheWorld();
  FuzzInput input(data, size);
  const server::Route& route = *world.routes[input.Byte() % world.routes.size()];
  const std::string& token = world.tokens[input.Byte() % world.tokens.size()];
  const std::uint8_t flags = input.Byte();
  const std::string path = PathFor(route, input);
  const bool read = route.method == "GET";
  const httplib::Params query = read ? QueryFor(route, input) : httplib::Params();
  std::string body;
  json sent;  // the body built from the schema
  if (flags & 1) {
    body = std::string(input.Rest());  // raw bytes: JSON or not
  } else if (!route.request_schema.empty()) {
    const json& schemas = server::OpenApiSchemas();
    const auto found = schemas.find(std::string(route.request_schema));
    sent = Generate(found != schemas.end() ? *found : json::object(), input, 0);
    body = sent.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  const std::string content_type = flags & 2 ? "text/plain" : "application/json";
  const std::string key = flags & 4 ? "fuzz-key" : "";

  const ScratchFile copy("", ".db");
  std::filesystem::copy_file(world.template_path, copy.path(),
                             std::filesystem::copy_options::overwrite_existing);
  {
    auto store = store::Store::Open("sqlite:" + copy.path());
    if (!store.ok())
      Violated(("cannot open the copy of the seeded store: " + store.status().ToString()).c_str());
    server::Services services(**store, Options(), false);
    if (!services.LoadRules().ok()) Violated("cannot load the built-in rules");
    services.set_openapi(world.openapi);
    const server::Dispatcher dispatcher(*world.router, services);
    const std::string what = fmt::format("{} {}", route.method, path);
    const Answer answer =
        Send(dispatcher, std::string(route.method), path, token, body, content_type, key, query);
    const json answered = CheckAnswerShape(answer, what);
    if (answer.status >= 400 || read) {
      const std::string change = FirstChange(world.template_digest, DigestOf(**store), read);
      if (!change.empty()) {
        Violated(fmt::format("{} answered {} but changed the store {}", what, answer.status, change).c_str());
      }
    } else {
      CheckIntegersKept(sent, answered, what);
    }
    if (!read && answer.status < 400 && !key.empty()) {
      const Digest before = DigestOf(**store);
      const Answer again = Send(dispatcher, std::string(route.method), path, token, body, content_type, key);
      // A write that revoked the caller's own token cannot be replayed with it:
      // the replay is refused at the door, as any request with that token is.
      const bool revoked =
          again.status == 401 && Send(dispatcher, "GET", "/api/v1/session", token, "").status == 401;
      if (!revoked && (again.status != answer.status || again.body != answer.body)) {
        Violated(fmt::format("{} replayed with its Idempotency-Key answered {} {} after {} {}", what,
                             again.status, again.body, answer.status, answer.body)
                     .c_str());
      }
      const std::string change = FirstChange(before, DigestOf(**store), false);
      if (!change.empty()) {
        Violated(
            fmt::format("{} replayed with its Idempotency-Key changed the store {}", what, change).c_str());
      }
    }
  }
  for (const char* suffix : {"-wal", "-shm", "-journal"}) std::filesystem::remove(copy.path() + suffix);
  return 0;
}
