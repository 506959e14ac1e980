// The authorization matrix's state: a server seeded with users of every role,
// clearance and organisation and records of every label and ownership, and the
// written policy to hold its answers against. For the server's tests only.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "documented_policy.h"
#include "http_status.h"

namespace tocsin::server::testing {

using access::Action;
using access::Clearance;
using access::Resource;

class Matrix {
 public:
  Matrix() : server(Options()), policy(DocumentedPolicy::Read()) {
    home = server.AddOrganisation("Home Office");
    other = server.AddOrganisation("Other Agency");
    organisations = {home, other};
    for (access::OrganisationId organisation : organisations) {
      for (access::Role role : access::kAllRoles) {
        for (Clearance clearance : access::kAllClearances) {
          const std::string name = std::string("u").append(std::to_string(users.size()));
          users.push_back(server.AddUser(name, organisation, {role}, clearance));
        }
      }
    }
    known_users = users;
    for (const access::RecordLabel& label : LabelVariety(home, other)) {
      records[Resource::kForecast].push_back(
          server.AddRun(Resource::kForecast, label, Clearance::kConfidential));
      records[Resource::kBacktest].push_back(server.AddRun(Resource::kBacktest, label));
      records[Resource::kPanel].push_back(server.AddPanel(label));
      records[Resource::kEvent].push_back(server.AddEvent(label));
      records[Resource::kAlert].push_back(server.AddAlert(label));
    }
    // The fixture's base panel: public and installation-wide.
    records[Resource::kPanel].push_back(
        {.id = 1, .resource = Resource::kPanel, .label = {.label = Clearance::kPublic}});
  }

  // Checks that `response` has `expected` status; counts agreement.
  void Expect(const TestUser& user, const std::string& what, const Response& response, int expected) {
    ++checks;
    if (response.status == expected) return;
    ++disagreements;
    ADD_FAILURE() << what << " as " << Describe(user) << ": got " << response.status << ", policy says "
                  << expected << "\n"
                  << response.body.substr(0, 300);
  }

  // For a collection: status 403 when the role lacks the grant, else 200 with
  // exactly the ids `visible` says, read from body[list][*][id_field].
  void ExpectCollection(const std::string& path, Resource resource, const std::string& list,
                        const std::string& id_field,
                        const std::function<std::set<std::int64_t>(const TestUser&)>& visible) {
    for (const TestUser& user : users) {
      const Response response = server.Get(path, user.token);
      const bool allowed = policy.RoleAllows(user, resource, Action::kRead);
      Expect(user, "GET " + path, response, allowed ? kHttpOk : kHttpForbidden);
      if (!allowed || response.status != kHttpOk) continue;
      std::set<std::int64_t> ids;
      const nlohmann::json body = response.Json();
      for (const auto& item : body[list]) ids.insert(item[id_field].get<std::int64_t>());
      ++checks;
      if (const std::set<std::int64_t> expected = visible(user); ids != expected) {
        ++disagreements;
        ADD_FAILURE() << "GET " << path << " as " << Describe(user)
                      << " returned other rows than the policy allows: " << ::testing::PrintToString(ids)
                      << " instead of " << ::testing::PrintToString(expected);
      }
    }
  }

  // For a route the role alone decides: `success` for users whose roles have
  // the grant, else 403. `body(user)` is the body of a write.
  void ExpectRoleOnly(const std::string& method, const std::string& path, Resource resource, Action action,
                      const std::function<nlohmann::json(const TestUser&)>& body, int success) {
    for (const TestUser& user : users) {
      const Response response =
          method == "GET" ? server.Get(path, user.token) : server.Send(method, path, user.token, body(user));
      Expect(user, method + " " + path, response,
             policy.RoleAllows(user, resource, action) ? success : kHttpForbidden);
    }
  }

  // What the change stream shows `user` now, read to its end (answering 200 is
  // checked): each event's JSON, in order.
  std::vector<nlohmann::json> StreamEvents(const TestUser& user) {
    const Response response = server.Get("/api/v1/stream?after=0&follow=false", user.token);
    Expect(user, "GET the change stream", response, kHttpOk);
    std::vector<nlohmann::json> events;
    std::istringstream lines(response.body);
    for (std::string line; std::getline(lines, line);) {
      if (line.starts_with("data: ")) events.push_back(nlohmann::json::parse(line.substr(6)));
    }
    return events;
  }

  std::set<std::int64_t> Visible(const TestUser& user, Resource resource, Action action = Action::kRead) {
    std::set<std::int64_t> ids;
    for (const TestRecord& record : records[resource]) {
      if (policy.Allows(user, resource, action, record.label)) ids.insert(record.id);
    }
    return ids;
  }

  // For a route on one record: 403 without the grant, 404 when the record may
  // not be seen, else `success`.
  int ExpectedFor(const TestUser& user, Resource resource, Action action, const access::RecordLabel& label,
                  int success = kHttpOk) const {
    if (!policy.RoleAllows(user, resource, action)) return kHttpForbidden;
    return policy.Allows(user, resource, action, label) ? success : kHttpNotFound;
  }

  static std::string Describe(const TestUser& user) {
    return std::string(access::RoleName(user.roles.front())) + "/" +
           std::string(access::ClearanceName(user.clearance)) + "/organisation " +
           std::to_string(user.organisation.value());
  }

  static ServerOptions Options() {
    ServerOptions options;
    // The matrix logs in once per user from one address; throttling has its own test.
    options.login_failures_allowed = 1000000;
    return options;
  }

  TestServer server;
  DocumentedPolicy policy;
  access::OrganisationId home;
  access::OrganisationId other;
  std::vector<access::OrganisationId> organisations;
  std::vector<TestUser> users;
  std::vector<TestUser> known_users;  // users and those the matrix creates
  std::map<Resource, std::vector<TestRecord>> records;
  int checks = 0;
  int disagreements = 0;
  int created = 0;
};

// What the matrix does for one route, keyed "METHOD /path/{template}".
using RouteCheck = std::function<void(Matrix&)>;

std::map<std::string, RouteCheck> Checks();

// Checks of the event, series and alert routes (authorization_matrix_monitor_test.cc).
void ExpectSeries(Matrix& matrix);
void ExpectSubmitEvents(Matrix& matrix);
void ExpectTriage(Matrix& matrix, const std::string& step);

// Adds a check for every response-workflow route (authorization_matrix_respond_test.cc).
void AddRespondChecks(std::map<std::string, RouteCheck>& checks);

}  // namespace tocsin::server::testing
