// What the authorization matrix does on the judgement and opinion-pool routes.
// Assessments and questions of every label and ownership are seeded on first
// use; a pool holds every other user, so that membership (the pool's
// need-to-know) is checked beside the policy.
#include "authorization_matrix_judgement.h"

#include <algorithm>

#include "judgement_records.h"

namespace tocsin::server::testing {
namespace {

struct JudgementFixture {
  std::int64_t pool = 0;
  std::set<std::int64_t> members;  // user ids
  std::set<std::int64_t> resolved;  // question ids
};

JudgementFixture& SeededJudgement(Matrix& m) {
  static std::map<const Matrix*, JudgementFixture> fixtures;
  JudgementFixture& fixture = fixtures[&m];
  if (fixture.pool != 0) return fixture;
  std::vector<access::UserId> members;
  for (std::size_t i = 0; i < m.users.size(); i += 2) {
    members.push_back(m.users[i].id);
    fixture.members.insert(m.users[i].id.value());
  }
  fixture.pool = AddPool(m.server, "matrix pool", members);
  for (const access::RecordLabel& label : LabelVariety(m.home, m.other)) {
    m.records[Resource::kAssessment].push_back(AddAssessment(m.server, label, m.users.front().id));
    m.records[Resource::kQuestion].push_back(AddQuestion(m.server, fixture.pool, label, "", members.front()));
  }
  return fixture;
}

bool Member(Matrix& m, const TestUser& user) {
  return SeededJudgement(m).members.contains(user.id.value());
}

// 403 without the role's grant, 404 when the policy hides the question or the
// caller is not in its pool, else `success`.
int ExpectedForMember(Matrix& m, const TestUser& user, Action action, const TestRecord& question, int success) {
  const int expected = m.ExpectedFor(user, Resource::kQuestion, action, question.label, success);
  if (expected == success && !Member(m, user)) return kHttpNotFound;
  return expected;
}

void ExpectJudgementRoleOnly(Matrix& m, const std::string& method, const std::string& path, Resource resource,
                             Action action, const nlohmann::json& body, int success) {
  SeededJudgement(m);
  m.ExpectRoleOnly(method, path, resource, action, [&body](const TestUser&) { return body; }, success);
}

void ExpectRecordRoute(Matrix& m, Resource resource, const std::string& prefix, const std::string& suffix) {
  SeededJudgement(m);
  for (const TestRecord& record : m.records[resource]) {
    const std::string path = prefix + std::to_string(record.id) + suffix;
    for (const TestUser& user : m.users) {
      m.Expect(user, "GET " + path, m.server.Get(path, user.token),
               m.ExpectedFor(user, resource, Action::kRead, record.label));
    }
  }
}

void ExpectCreateAssessment(Matrix& m) {
  SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const Response response = m.server.Send("POST", "/api/v1/assessments", user.token,
                                            {{"gw", 20}, {"as_of", "2024-01-01"}, {"label", "public"}});
    const access::RecordLabel label = {.label = Clearance::kPublic, .owner = user.organisation};
    m.Expect(user, "POST /api/v1/assessments", response,
             m.ExpectedFor(user, Resource::kAssessment, Action::kCreate, label, kHttpCreated));
    if (response.status == kHttpCreated) {
      m.records[Resource::kAssessment].push_back({.id = response.Json()["id"].get<std::int64_t>(),
                                                  .resource = Resource::kAssessment,
                                                  .label = label});
    }
  }
}

void ExpectScores(Matrix& m) {
  SeededJudgement(m);
  const nlohmann::json body = {{"scores", {{{"indicator", "1.1"}, {"score", 1}, {"confidence", "low"}}}}};
  for (const TestRecord& record : m.records[Resource::kAssessment]) {
    const std::string path = "/api/v1/assessments/" + std::to_string(record.id) + "/scores";
    for (const TestUser& user : m.users) {
      m.Expect(user, "PUT " + path, m.server.Send("PUT", path, user.token, body),
               m.ExpectedFor(user, Resource::kAssessment, Action::kUpdate, record.label));
    }
  }
}

// The newest assessment (highest id: all share one date) the user may read.
std::optional<std::int64_t> LatestVisible(Matrix& m, const TestUser& user) {
  const std::set<std::int64_t> visible = m.Visible(user, Resource::kAssessment);
  if (visible.empty()) return std::nullopt;
  return *visible.rbegin();
}

void ExpectSummary(Matrix& m) {
  SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const Response response = m.server.Get("/api/v1/countries/20/assessment-summary", user.token);
    const auto latest = LatestVisible(m, user);
    const int expected = !m.policy.RoleAllows(user, Resource::kAssessment, Action::kRead) ? kHttpForbidden
                         : latest                                                         ? kHttpOk
                                                                                          : kHttpNotFound;
    m.Expect(user, "GET the assessment summary", response, expected);
    if (response.status == kHttpOk) {
      m.Expect(user, "the summary is of the latest assessment the user may read",
               {response.Json()["assessment_id"].get<std::int64_t>() == *latest ? 1 : 0, "", {}}, 1);
    }
  }
}

void ExpectHistory(Matrix& m) {
  SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const Response response = m.server.Get("/api/v1/countries/20/assessment-history", user.token);
    const bool allowed = m.policy.RoleAllows(user, Resource::kAssessment, Action::kRead);
    m.Expect(user, "GET the assessment history", response, allowed ? kHttpOk : kHttpForbidden);
    if (response.status != kHttpOk) continue;
    const std::set<std::int64_t> visible = m.Visible(user, Resource::kAssessment);
    std::set<std::int64_t> seen;
    const nlohmann::json body = response.Json();
    for (const auto& change : body["changes"]) seen.insert(change["assessment_id"].get<std::int64_t>());
    m.Expect(user, "the history names only assessments the user may read",
             {std::includes(visible.begin(), visible.end(), seen.begin(), seen.end()) ? 1 : 0, "", {}}, 1);
  }
}

void ExpectCombined(Matrix& m) {
  SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const Response response = m.server.Get("/api/v1/countries/20/judgement", user.token);
    const bool allowed = m.policy.RoleAllows(user, Resource::kAssessment, Action::kRead);
    m.Expect(user, "GET the combined view", response, allowed ? kHttpOk : kHttpForbidden);
    if (response.status != kHttpOk) continue;
    const nlohmann::json body = response.Json();
    const auto latest = LatestVisible(m, user);
    const bool framework_right = latest ? body["framework"]["assessment_id"] == *latest : body["framework"].is_null();
    m.Expect(user, "the combined view shows the latest assessment the user may read", {framework_right ? 1 : 0, "", {}},
             1);
    const auto question = body["pool"]["question_id"];
    const bool question_right =
        question.is_null() || m.Visible(user, Resource::kQuestion).contains(question.get<std::int64_t>());
    m.Expect(user, "the combined view shows only a question the user may read", {question_right ? 1 : 0, "", {}}, 1);
  }
}

void ExpectPools(Matrix& m) {
  const JudgementFixture& fixture = SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const Response response = m.server.Get("/api/v1/pools", user.token);
    const bool allowed = m.policy.RoleAllows(user, Resource::kQuestion, Action::kRead);
    m.Expect(user, "GET /api/v1/pools", response, allowed ? kHttpOk : kHttpForbidden);
    if (response.status != kHttpOk) continue;
    std::set<std::int64_t> ids;
    const nlohmann::json body = response.Json();
    for (const auto& pool : body["pools"]) ids.insert(pool["id"].get<std::int64_t>());
    const std::set<std::int64_t> expected =
        Member(m, user) ? std::set<std::int64_t>{fixture.pool} : std::set<std::int64_t>{};
    m.Expect(user, "the pools listed are the user's own", {ids == expected ? 1 : 0, "", {}}, 1);
  }
}

void ExpectCreatePool(Matrix& m) {
  SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const Response response =
        m.server.Send("POST", "/api/v1/pools", user.token, {{"name", "pool " + std::to_string(m.created++)}});
    m.Expect(user, "POST /api/v1/pools", response,
             m.policy.RoleAllows(user, Resource::kQuestion, Action::kCreate) ? kHttpCreated : kHttpForbidden);
  }
}

void ExpectLeaderboard(Matrix& m) {
  const JudgementFixture& fixture = SeededJudgement(m);
  const std::string path = "/api/v1/pools/" + std::to_string(fixture.pool) + "/leaderboard";
  for (const TestUser& user : m.users) {
    const int expected = !m.policy.RoleAllows(user, Resource::kQuestion, Action::kRead) ? kHttpForbidden
                         : Member(m, user)                                              ? kHttpOk
                                                                                        : kHttpNotFound;
    m.Expect(user, "GET " + path, m.server.Get(path, user.token), expected);
  }
}

void ExpectOpenQuestion(Matrix& m) {
  const JudgementFixture& fixture = SeededJudgement(m);
  for (const TestUser& user : m.users) {
    const nlohmann::json body = {{"pool_id", fixture.pool},
                                 {"text", "Will it happen?"},
                                 {"criteria", "A named source"},
                                 {"deadline", "2099-12-31"},
                                 {"label", "public"}};
    const Response response = m.server.Send("POST", "/api/v1/pool/questions", user.token, body);
    const bool role = m.policy.RoleAllows(user, Resource::kQuestion, Action::kCreate);
    m.Expect(user, "POST /api/v1/pool/questions", response,
             !role ? kHttpForbidden : Member(m, user) ? kHttpCreated : kHttpNotFound);
    if (response.status == kHttpCreated) {
      m.records[Resource::kQuestion].push_back(
          {.id = response.Json()["id"].get<std::int64_t>(),
           .resource = Resource::kQuestion,
           .label = {.label = Clearance::kPublic, .owner = user.organisation}});
    }
  }
}

void ExpectQuestion(Matrix& m) {
  SeededJudgement(m);
  for (const TestRecord& record : m.records[Resource::kQuestion]) {
    const std::string path = "/api/v1/pool/questions/" + std::to_string(record.id);
    for (const TestUser& user : m.users) {
      const Response response = m.server.Get(path, user.token);
      m.Expect(user, "GET " + path, response, m.ExpectedFor(user, Resource::kQuestion, Action::kRead, record.label));
      if (response.status != kHttpOk) continue;
      m.Expect(user, "forecasts are shown to the pool's members only",
               {response.Json().contains("forecasts") == Member(m, user) ? 1 : 0, "", {}}, 1);
    }
  }
}

void ExpectForecasts(Matrix& m) {
  SeededJudgement(m);
  const nlohmann::json body = {{"probability", 0.3}, {"rationale", "matrix"}};
  for (const TestRecord& record : m.records[Resource::kQuestion]) {
    const std::string path = "/api/v1/pool/questions/" + std::to_string(record.id) + "/forecasts";
    for (const TestUser& user : m.users) {
      m.Expect(user, "POST " + path, m.server.Send("POST", path, user.token, body),
               ExpectedForMember(m, user, Action::kCreate, record, kHttpCreated));
    }
  }
}

void ExpectResolution(Matrix& m) {
  JudgementFixture& fixture = SeededJudgement(m);
  const nlohmann::json body = {{"outcome", "yes"}, {"source", "matrix"}};
  for (const TestRecord& record : m.records[Resource::kQuestion]) {
    const std::string path = "/api/v1/pool/questions/" + std::to_string(record.id) + "/resolution";
    for (const TestUser& user : m.users) {
      int expected = m.ExpectedFor(user, Resource::kQuestion, Action::kUpdate, record.label);
      // The first allowed caller resolves it; anyone after is told it is resolved.
      if (expected == kHttpOk && fixture.resolved.contains(record.id)) expected = kHttpConflict;
      const Response response = m.server.Send("POST", path, user.token, body);
      m.Expect(user, "POST " + path, response, expected);
      if (response.status == kHttpOk) fixture.resolved.insert(record.id);
    }
  }
}

void ExpectQuestionScores(Matrix& m) {
  const JudgementFixture& fixture = SeededJudgement(m);
  for (const TestRecord& record : m.records[Resource::kQuestion]) {
    const std::string path = "/api/v1/pool/questions/" + std::to_string(record.id) + "/scores";
    for (const TestUser& user : m.users) {
      int expected = ExpectedForMember(m, user, Action::kRead, record, kHttpOk);
      if (expected == kHttpOk && !fixture.resolved.contains(record.id)) expected = kHttpConflict;
      m.Expect(user, "GET " + path, m.server.Get(path, user.token), expected);
    }
  }
}

}  // namespace

void AddJudgementChecks(std::map<std::string, RouteCheck>& checks) {
  checks["GET /api/v1/framework"] = [](Matrix& m) {
    ExpectJudgementRoleOnly(m, "GET", "/api/v1/framework", Resource::kAssessment, Action::kRead, nullptr,
                            kHttpOk);
  };
  checks["GET /api/v1/assessments"] = [](Matrix& m) {
    SeededJudgement(m);
    m.ExpectCollection("/api/v1/assessments", Resource::kAssessment, "assessments", "id",
                       [&m](const TestUser& user) { return m.Visible(user, Resource::kAssessment); });
  };
  checks["POST /api/v1/assessments"] = ExpectCreateAssessment;
  checks["GET /api/v1/assessments/{id}"] = [](Matrix& m) {
    ExpectRecordRoute(m, Resource::kAssessment, "/api/v1/assessments/", "");
  };
  checks["PUT /api/v1/assessments/{id}/scores"] = ExpectScores;
  checks["GET /api/v1/countries/{gw}/assessment-summary"] = ExpectSummary;
  checks["GET /api/v1/countries/{gw}/assessment-history"] = ExpectHistory;
  checks["GET /api/v1/trigger-dates"] = [](Matrix& m) {
    ExpectJudgementRoleOnly(m, "GET", "/api/v1/trigger-dates", Resource::kAssessment, Action::kRead, nullptr,
                            kHttpOk);
  };
  checks["POST /api/v1/trigger-dates"] = [](Matrix& m) {
    ExpectJudgementRoleOnly(
        m, "POST", "/api/v1/trigger-dates", Resource::kAssessment, Action::kCreate,
        {{"gw", 20}, {"date", "2030-05-01"}, {"kind", "election"}, {"description", "general election"}},
        kHttpCreated);
  };
  checks["GET /api/v1/countries/{gw}/judgement"] = ExpectCombined;
  checks["GET /api/v1/pools"] = ExpectPools;
  checks["POST /api/v1/pools"] = ExpectCreatePool;
  checks["GET /api/v1/pools/{id}/leaderboard"] = ExpectLeaderboard;
  checks["GET /api/v1/pool/questions"] = [](Matrix& m) {
    SeededJudgement(m);
    m.ExpectCollection("/api/v1/pool/questions", Resource::kQuestion, "questions", "id",
                       [&m](const TestUser& user) { return m.Visible(user, Resource::kQuestion); });
  };
  checks["POST /api/v1/pool/questions"] = ExpectOpenQuestion;
  checks["GET /api/v1/pool/questions/{id}"] = ExpectQuestion;
  checks["POST /api/v1/pool/questions/{id}/forecasts"] = ExpectForecasts;
  checks["POST /api/v1/pool/questions/{id}/resolution"] = ExpectResolution;
  checks["GET /api/v1/pool/questions/{id}/scores"] = ExpectQuestionScores;
}

}  // namespace tocsin::server::testing
