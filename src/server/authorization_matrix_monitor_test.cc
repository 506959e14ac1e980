// What the authorization matrix does on the event, series and alert routes.
#include "authorization_matrix.h"

namespace tocsin::server::testing {

void ExpectSeries(Matrix& matrix) {
  // Every fixture event is one event in Canada in January 2020.
  const std::string path = "/api/v1/series?country=CAN&period=month&from=2020-01-01&to=2020-01-31";
  for (const TestUser& user : matrix.users) {
    const Response response = matrix.server.Get(path, user.token);
    const bool allowed = matrix.policy.RoleAllows(user, Resource::kSeries, Action::kRead);
    matrix.Expect(user, "GET " + path, response, allowed ? kHttpOk : kHttpForbidden);
    if (!allowed || response.status != kHttpOk) continue;
    std::int64_t expected = 0;
    for (const TestRecord& event : matrix.records[Resource::kEvent]) {
      expected += matrix.policy.Allows(user, Resource::kSeries, Action::kRead, event.label) ? 1 : 0;
    }
    std::int64_t counted = 0;
    const nlohmann::json body = response.Json();
    for (const auto& period : body["periods"]) counted += period["events"].get<std::int64_t>();
    matrix.Expect(user, "the series counts exactly the events the policy lets the user see",
                  {counted == expected ? 1 : 0, "counted " + std::to_string(counted), {}}, 1);
  }
}

void ExpectSubmitEvents(Matrix& matrix) {
  for (const TestUser& user : matrix.users) {
    // Protests in the United States: no rule watches them, so no alert appears.
    const nlohmann::json event = {{"source", "matrix"},
                                  {"id", "submitted" + std::to_string(matrix.created++)},
                                  {"date", "2021-06-01"},
                                  {"country", "USA"},
                                  {"violence", "protest"}};
    const bool may_create = matrix.policy.RoleAllows(user, Resource::kEvent, Action::kCreate);
    matrix.Expect(user, "POST /api/v1/events",
                  matrix.server.Send("POST", "/api/v1/events", user.token, {{"events", {event}}}),
                  may_create ? kHttpCreated : kHttpForbidden);
    // Nobody labels above their own clearance or gives events to another organisation.
    if (user.clearance != Clearance::kStrictlyConfidential) {
      matrix.Expect(user, "POST /api/v1/events above the user's clearance",
                    matrix.server.Send("POST", "/api/v1/events", user.token,
                                       {{"events", {event}}, {"label", "strictly confidential"}}),
                    kHttpForbidden);
    }
    const access::OrganisationId other = user.organisation == matrix.home ? matrix.other : matrix.home;
    matrix.Expect(user, "POST /api/v1/events for another organisation",
                  matrix.server.Send("POST", "/api/v1/events", user.token,
                                     {{"events", {event}}, {"owner_organisation_id", other.value()}}),
                  kHttpForbidden);
  }
}

// POST /api/v1/alerts/{id}/acknowledge, then .../decision: the first user the
// policy lets update an alert moves it on (200); later ones find it already
// moved (409); the others get 403 (role) or 404 (label, organisation, case).
void ExpectTriage(Matrix& matrix, const std::string& step) {
  for (const TestRecord& record : matrix.records[Resource::kAlert]) {
    const std::string path = "/api/v1/alerts/" + std::to_string(record.id) + "/" + step;
    const nlohmann::json body = step == "acknowledge"
                                    ? nlohmann::json{{"note", "matrix"}}
                                    : nlohmann::json{{"decision", "monitor"}, {"reason", "matrix"}};
    bool moved = false;
    for (const TestUser& user : matrix.users) {
      int expected = matrix.ExpectedFor(user, Resource::kAlert, Action::kUpdate, record.label);
      if (expected == kHttpOk && !matrix.policy.Allows(user, Resource::kAlert, Action::kRead, record.label)) {
        expected = kHttpNotFound;
      }
      if (expected == kHttpOk) {
        expected = moved ? kHttpConflict : kHttpOk;
        moved = true;
      }
      matrix.Expect(user, "POST " + path, matrix.server.Send("POST", path, user.token, body), expected);
    }
  }
}

}  // namespace tocsin::server::testing
