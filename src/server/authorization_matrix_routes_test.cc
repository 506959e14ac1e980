// What the authorization matrix does on each route: the request, and the answer
// the written policy expects for every user.
#include <sstream>

#include "authorization_matrix.h"
#include "authorization_matrix_judgement.h"

namespace tocsin::server::testing {
namespace {

void ExpectEveryone(Matrix& matrix, const std::string& method, const std::string& path, int expected) {
  for (const TestUser& user : matrix.users) {
    const Response response = method == "GET" ? matrix.server.Get(path, user.token)
                                              : matrix.server.Send(method, path, user.token, nullptr);
    matrix.Expect(user, method + " " + path, response, expected);
  }
}

// GET of one record per record of `resource`, at `path` with the id substituted.
void ExpectRecords(Matrix& matrix, Resource resource, const std::string& prefix, const std::string& suffix) {
  for (const TestRecord& record : matrix.records[resource]) {
    const std::string path = prefix + std::to_string(record.id) + suffix;
    for (const TestUser& user : matrix.users) {
      matrix.Expect(user, "GET " + path, matrix.server.Get(path, user.token),
                    matrix.ExpectedFor(user, resource, Action::kRead, record.label));
    }
  }
}

// GET of a forecast run: also, the drivers appear exactly when the written
// policy allows the drivers' own label.
void ExpectRunDrivers(Matrix& matrix) {
  for (const TestRecord& record : matrix.records[Resource::kForecast]) {
    access::RecordLabel drivers = record.label;
    drivers.label = std::max(record.label.label, record.drivers_label);
    for (const TestUser& user : matrix.users) {
      const Response response =
          matrix.server.Get("/api/v1/forecasts/runs/" + std::to_string(record.id), user.token);
      const int expected = matrix.ExpectedFor(user, Resource::kForecast, Action::kRead, record.label);
      matrix.Expect(user, "GET forecast run " + std::to_string(record.id), response, expected);
      if (response.status != kHttpOk) continue;
      const bool shown = response.Json()["forecasts"][0].contains("drivers");
      ++matrix.checks;
      if (shown != matrix.policy.Allows(user, Resource::kForecast, Action::kRead, drivers)) {
        ++matrix.disagreements;
        ADD_FAILURE() << "drivers of run " << record.id << (shown ? " shown to " : " hidden from ")
                      << Matrix::Describe(user);
      }
    }
  }
}

void ExpectClassification(Matrix& matrix, Resource resource, const std::string& prefix) {
  for (const TestRecord& record : matrix.records[resource]) {
    const std::string path = prefix + std::to_string(record.id) + "/classification";
    // Relabelling to the current label changes nothing, so every user can try.
    const nlohmann::json body = {{"label", access::ClearanceName(record.label.label)}, {"reason", "matrix"}};
    for (const TestUser& user : matrix.users) {
      matrix.Expect(user, "PUT " + path, matrix.server.Send("PUT", path, user.token, body),
                    matrix.ExpectedFor(user, resource, Action::kUpdate, record.label));
    }
  }
}

std::set<std::int64_t> VisibleUsers(Matrix& matrix, const TestUser& user) {
  std::set<std::int64_t> ids;
  for (const TestUser& other : matrix.known_users) {
    if (matrix.policy.Allows(user, Resource::kUser, Action::kRead,
                             {.label = Clearance::kRestricted, .owner = other.organisation})) {
      ids.insert(other.id.value());
    }
  }
  return ids;
}

void ExpectCreateUser(Matrix& matrix) {
  for (const TestUser& user : matrix.users) {
    for (access::OrganisationId organisation : matrix.organisations) {
      const std::string name = "created" + std::to_string(matrix.created++);
      const nlohmann::json body = {{"name", name},
                                   {"password", std::string(kTestPassword)},
                                   {"roles", {"analyst"}},
                                   {"clearance", "public"},
                                   {"organisation_id", organisation.value()}};
      const Response response = matrix.server.Send("POST", "/api/v1/users", user.token, body);
      matrix.Expect(
          user, "POST /api/v1/users in organisation " + std::to_string(organisation.value()), response,
          matrix.ExpectedFor(user, Resource::kUser, Action::kCreate,
                             {.label = Clearance::kRestricted, .owner = organisation}, kHttpCreated));
      if (response.status == kHttpCreated) {
        matrix.known_users.push_back({.id = access::UserId(response.Json()["id"].get<std::int64_t>()),
                                      .name = name,
                                      .organisation = organisation});
      }
    }
  }
}

void ExpectUserTargets(Matrix& matrix, const std::string& method) {
  // The first user of each organisation stands for its accounts.
  for (const TestUser* target : {&matrix.users.front(), &matrix.users.back()}) {
    const std::string path = "/api/v1/users/" + std::to_string(target->id.value());
    const Action action = method == "GET" ? Action::kRead : Action::kUpdate;
    for (const TestUser& user : matrix.users) {
      const Response response =
          method == "GET" ? matrix.server.Get(path, user.token)
                          : matrix.server.Send("PATCH", path, user.token, {{"display_name", "renamed"}});
      matrix.Expect(user, method + " " + path, response,
                    matrix.ExpectedFor(user, Resource::kUser, action,
                                       {.label = Clearance::kRestricted, .owner = target->organisation}));
    }
  }
}

void ExpectTokens(Matrix& matrix) {
  for (const TestUser& user : matrix.users) {
    const Response created = matrix.server.Send("POST", "/api/v1/tokens", user.token, {{"name", "matrix"}});
    const bool may_create = matrix.policy.RoleAllows(user, Resource::kApiToken, Action::kCreate);
    matrix.Expect(user, "POST /api/v1/tokens", created, may_create ? kHttpCreated : kHttpForbidden);
    if (created.status != kHttpCreated) continue;
    const std::int64_t id = created.Json()["id"].get<std::int64_t>();
    // Listed to its owner, and to nobody else.
    const auto lists = [&](const TestUser& reader) {
      const nlohmann::json listed = matrix.server.Get("/api/v1/tokens", reader.token).Json();
      for (const auto& token : listed["tokens"]) {
        if (token["id"] == id) return true;
      }
      return false;
    };
    const bool may_delete = matrix.policy.RoleAllows(user, Resource::kApiToken, Action::kDelete);
    // Someone else's token is never reachable; one's own is.
    const TestUser& stranger = &user == &matrix.users.front() ? matrix.users.back() : matrix.users.front();
    matrix.Expect(
        stranger, "DELETE another user's token",
        matrix.server.Send("DELETE", "/api/v1/tokens/" + std::to_string(id), stranger.token, nullptr),
        matrix.policy.RoleAllows(stranger, Resource::kApiToken, Action::kDelete) ? kHttpNotFound
                                                                                 : kHttpForbidden);
    ++matrix.checks;
    if (!lists(user) || lists(stranger)) {
      ++matrix.disagreements;
      ADD_FAILURE() << "token " << id << " is not listed to its owner alone: " << Matrix::Describe(user);
    }
    matrix.Expect(user, "DELETE own token",
                  matrix.server.Send("DELETE", "/api/v1/tokens/" + std::to_string(id), user.token, nullptr),
                  may_delete ? kHttpNoContent : kHttpForbidden);
  }
}

void ExpectLogin(Matrix& matrix) {
  for (const TestUser& user : matrix.users) {
    matrix.Expect(user, "login with a wrong password",
                  matrix.server.Send("POST", "/api/v1/session", "",
                                     {{"name", user.name}, {"password", "wrong one!!!!"}}),
                  kHttpUnauthorized);
    matrix.Expect(user, "login",
                  matrix.server.Send("POST", "/api/v1/session", "",
                                     {{"name", user.name}, {"password", std::string(kTestPassword)}}),
                  kHttpOk);
  }
}

void ExpectAudit(Matrix& matrix, const std::string& path) {
  for (const TestUser& user : matrix.users) {
    matrix.Expect(
        user, "GET " + path, matrix.server.Get(path, user.token),
        matrix.ExpectedFor(user, Resource::kAuditLog, Action::kRead, {.label = Clearance::kRestricted}));
  }
}

// Every event of the change stream names a record the written policy lets the
// user read (or, for API tokens, one the user made).
void ExpectStream(Matrix& matrix) {
  for (const TestUser& user : matrix.users) {
    for (const nlohmann::json& event : matrix.StreamEvents(user)) {
      const std::string line = event.dump();
      const auto resource = access::ParseResource(event["resource"].get<std::string>());
      const std::int64_t id = event["id"].get<std::int64_t>();
      bool allowed = resource == Resource::kApiToken;
      if (resource == Resource::kUser) {
        for (const TestUser& other : matrix.known_users) {
          allowed = allowed ||
                    (other.id.value() == id &&
                     matrix.policy.Allows(user, Resource::kUser, Action::kRead,
                                          {.label = Clearance::kRestricted, .owner = other.organisation}));
        }
      } else if (resource == Resource::kOrganisation) {
        allowed = matrix.policy.Allows(user, Resource::kOrganisation, Action::kRead,
                                       {.label = Clearance::kPublic, .owner = access::OrganisationId(id)});
      } else if (resource) {
        for (const TestRecord& record : matrix.records[*resource]) {
          allowed = allowed ||
                    (record.id == id && matrix.policy.Allows(user, *resource, Action::kRead, record.label));
        }
      }
      ++matrix.checks;
      if (!allowed) {
        ++matrix.disagreements;
        ADD_FAILURE() << "the stream showed " << Matrix::Describe(user) << " a change to " << line;
      }
    }
  }
}

}  // namespace

std::map<std::string, RouteCheck> Checks() {
  std::map<std::string, RouteCheck> checks = {
      {"GET /healthz", [](Matrix& m) { ExpectEveryone(m, "GET", "/healthz", kHttpOk); }},
      {"GET /api/v1/openapi.json",
       [](Matrix& m) { ExpectEveryone(m, "GET", "/api/v1/openapi.json", kHttpOk); }},
      {"POST /api/v1/session", ExpectLogin},
      {"GET /api/v1/session", [](Matrix& m) { ExpectEveryone(m, "GET", "/api/v1/session", kHttpOk); }},
      {"DELETE /api/v1/session",
       // The matrix's users send API tokens: there is no session to end (409), and the token works on.
       [](Matrix& m) { ExpectEveryone(m, "DELETE", "/api/v1/session", kHttpConflict); }},
      {"POST /api/v1/tokens", ExpectTokens},
      {"DELETE /api/v1/tokens/{id}", [](Matrix&) { /* covered with POST /api/v1/tokens */ }},
      {"GET /api/v1/tokens", [](Matrix&) { /* covered with POST /api/v1/tokens */ }},
      {"GET /api/v1/countries",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/countries", Resource::kCountry, "countries", "gw", [](const TestUser&) {
           return std::set<std::int64_t>{2, 20};
         });
       }},
      {"GET /api/v1/countries/{gw}",
       [](Matrix& m) {
         for (const TestUser& user : m.users) {
           m.Expect(user, "GET a country", m.server.Get("/api/v1/countries/20", user.token),
                    m.ExpectedFor(user, Resource::kCountry, Action::kRead, {.label = Clearance::kPublic}));
           m.Expect(
               user, "GET a country that does not exist", m.server.Get("/api/v1/countries/999", user.token),
               m.policy.RoleAllows(user, Resource::kCountry, Action::kRead) ? kHttpNotFound : kHttpForbidden);
         }
       }},
      {"GET /api/v1/panels",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/panels", Resource::kPanel, "panels", "id",
                            [&m](const TestUser& user) { return m.Visible(user, Resource::kPanel); });
       }},
      {"GET /api/v1/panels/{id}",
       [](Matrix& m) { ExpectRecords(m, Resource::kPanel, "/api/v1/panels/", ""); }},
      {"GET /api/v1/panels/{id}/values",
       [](Matrix& m) { ExpectRecords(m, Resource::kPanel, "/api/v1/panels/", "/values?year=2020"); }},
      {"GET /api/v1/forecasts",
       [](Matrix& m) {
         for (const TestUser& user : m.users) {
           const std::set<std::int64_t> visible = m.Visible(user, Resource::kForecast);
           const Response response = m.server.Get("/api/v1/forecasts", user.token);
           const bool allowed = m.policy.RoleAllows(user, Resource::kForecast, Action::kRead);
           m.Expect(user, "GET the forecast map", response,
                    !allowed          ? kHttpForbidden
                    : visible.empty() ? kHttpNotFound
                                      : kHttpOk);
           if (response.status == kHttpOk) {
             m.Expect(user, "the map's run is the latest the user may read",
                      {response.Json()["run"]["id"].get<int>() == *visible.rbegin() ? 1 : 0, "", {}}, 1);
           }
         }
       }},
      {"GET /api/v1/forecasts/runs",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/forecasts/runs", Resource::kForecast, "runs", "id",
                            [&m](const TestUser& user) { return m.Visible(user, Resource::kForecast); });
       }},
      {"GET /api/v1/forecasts/runs/{id}", ExpectRunDrivers},
      {"GET /api/v1/countries/{gw}/forecasts",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/countries/20/forecasts", Resource::kForecast, "forecasts", "run_id",
                            [&m](const TestUser& user) { return m.Visible(user, Resource::kForecast); });
       }},
      {"GET /api/v1/backtests",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/backtests", Resource::kBacktest, "runs", "id",
                            [&m](const TestUser& user) { return m.Visible(user, Resource::kBacktest); });
       }},
      {"GET /api/v1/backtests/{id}",
       [](Matrix& m) { ExpectRecords(m, Resource::kBacktest, "/api/v1/backtests/", ""); }},
      {"PUT /api/v1/forecasts/runs/{id}/classification",
       [](Matrix& m) { ExpectClassification(m, Resource::kForecast, "/api/v1/forecasts/runs/"); }},
      {"PUT /api/v1/backtests/{id}/classification",
       [](Matrix& m) { ExpectClassification(m, Resource::kBacktest, "/api/v1/backtests/"); }},
      {"GET /api/v1/users",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/users", Resource::kUser, "users", "id",
                            [&m](const TestUser& user) { return VisibleUsers(m, user); });
       }},
      {"GET /api/v1/users/{id}", [](Matrix& m) { ExpectUserTargets(m, "GET"); }},
      {"POST /api/v1/users", ExpectCreateUser},
      {"PATCH /api/v1/users/{id}", [](Matrix& m) { ExpectUserTargets(m, "PATCH"); }},
      {"GET /api/v1/organisations",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/organisations", Resource::kOrganisation, "organisations", "id",
                            [&m](const TestUser& user) {
                              std::set<std::int64_t> ids;
                              for (access::OrganisationId organisation : m.organisations) {
                                if (m.policy.Allows(user, Resource::kOrganisation, Action::kRead,
                                                    {.label = Clearance::kPublic, .owner = organisation})) {
                                  ids.insert(organisation.value());
                                }
                              }
                              return ids;
                            });
       }},
      {"GET /api/v1/organisations/{id}",
       [](Matrix& m) {
         for (access::OrganisationId organisation : m.organisations) {
           for (const TestUser& user : m.users) {
             m.Expect(
                 user, "GET organisation " + std::to_string(organisation.value()),
                 m.server.Get("/api/v1/organisations/" + std::to_string(organisation.value()), user.token),
                 m.ExpectedFor(user, Resource::kOrganisation, Action::kRead,
                               {.label = Clearance::kPublic, .owner = organisation}));
           }
         }
       }},
      {"POST /api/v1/organisations",
       [](Matrix& m) {
         for (const TestUser& user : m.users) {
           const Response response = m.server.Send("POST", "/api/v1/organisations", user.token,
                                                   {{"name", "Organisation " + std::to_string(m.created++)}});
           m.Expect(user, "POST /api/v1/organisations", response,
                    m.ExpectedFor(user, Resource::kOrganisation, Action::kCreate,
                                  {.label = Clearance::kPublic}, kHttpCreated));
           if (response.status == kHttpCreated) {
             m.organisations.emplace_back(response.Json()["id"].get<std::int64_t>());
           }
         }
       }},
      {"GET /api/v1/audit", [](Matrix& m) { ExpectAudit(m, "/api/v1/audit"); }},
      {"GET /api/v1/audit/head", [](Matrix& m) { ExpectAudit(m, "/api/v1/audit/head"); }},
      {"GET /api/v1/stream", ExpectStream},
      {"GET /api/v1/events",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/events?limit=1000", Resource::kEvent, "events", "id",
                            [&m](const TestUser& user) { return m.Visible(user, Resource::kEvent); });
       }},
      {"GET /api/v1/events/{id}",
       [](Matrix& m) { ExpectRecords(m, Resource::kEvent, "/api/v1/events/", ""); }},
      {"POST /api/v1/events", ExpectSubmitEvents},
      {"GET /api/v1/series", ExpectSeries},
      {"GET /api/v1/alerts",
       [](Matrix& m) {
         m.ExpectCollection("/api/v1/alerts?limit=1000", Resource::kAlert, "alerts", "id",
                            [&m](const TestUser& user) { return m.Visible(user, Resource::kAlert); });
       }},
      {"GET /api/v1/alerts/{id}",
       [](Matrix& m) { ExpectRecords(m, Resource::kAlert, "/api/v1/alerts/", ""); }},
      {"POST /api/v1/alerts/{id}/acknowledge", [](Matrix& m) { ExpectTriage(m, "acknowledge"); }},
      {"POST /api/v1/alerts/{id}/decision", [](Matrix& m) { ExpectTriage(m, "decision"); }},
  };
  AddJudgementChecks(checks);
  AddRespondChecks(checks);
  return checks;
}

}  // namespace tocsin::server::testing
