// What the authorization matrix does on the response-workflow routes. Cases of
// every label, owned by either organisation or shared, are opened on first use,
// each with half of the matrix's users as members (the need-to-know), an option,
// a task owned by the other organisation and a decision; options and watchlist
// entries of every label and organisation beside them. Expectations come from
// the written policy (docs/security.md) with membership added by this file.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <sstream>

#include "authorization_matrix.h"
#include "tocsin/access/record_shares.h"
#include "tocsin/respond/cases.h"
#include "tocsin/respond/decisions.h"
#include "tocsin/respond/options.h"
#include "tocsin/respond/tasks.h"
#include "tocsin/respond/watchlist.h"

namespace tocsin::server::testing {
namespace {

struct SeededCase {
  TestRecord record;
  bool partner_sees = false;  // "Other Agency" holds the case (owns it or has it shared)
};

struct RespondFixture {
  bool seeded = false;
  std::vector<SeededCase> cases;
  std::int64_t catalogue_option = 0;  // a public option of the shipped catalogue
  std::vector<TestRecord> proposals;  // pending, one per organisation
  std::vector<TestRecord> accepted;   // the proposals that put the entries on the watchlists
};

// A coordinator of `organisation` cleared for everything, outside the matrix's users.
TestUser Seeder(Matrix& m, access::OrganisationId organisation) {
  return m.server.AddUser(fmt::format("respond-seeder-{}", organisation.value()), organisation,
                          {access::Role::kCoordinator}, Clearance::kStrictlyConfidential);
}

void Write(Matrix& m, const TestUser& as,
           const std::function<Status(store::Transaction&, const respond::Context&)>& work) {
  const access::Principal principal = as.AsPrincipal();
  const respond::Context context{principal, m.server.clock()};
  const Status status =
      m.server.store().Write([&](store::Transaction& transaction) { return work(transaction, context); });
  ASSERT_TRUE(status.ok()) << status.ToString();
}

RespondFixture& SeededRespond(Matrix& m) {
  static std::map<const Matrix*, RespondFixture> fixtures;
  RespondFixture& fixture = fixtures[&m];
  if (fixture.seeded) return fixture;
  fixture.seeded = true;
  TestUser home = Seeder(m, m.home);
  TestUser other = Seeder(m, m.other);
  struct Ownership {
    TestUser* seeder;
    std::vector<access::OrganisationId> shared_with;
  };
  const std::vector<Ownership> ownerships = {{&home, {}}, {&other, {}}, {&other, {m.home}}};
  int variant = 0;
  for (Clearance clearance : access::kAllClearances) {
    for (const Ownership& ownership : ownerships) {
      // Members: every other user of the matrix, alternating which half.
      std::vector<TestUser*> joined;
      for (std::size_t i = variant % 2; i < m.users.size(); i += 2) joined.push_back(&m.users[i]);
      ++variant;
      respond::Case opened;
      Write(
          m, *ownership.seeder,
          [&](store::Transaction& transaction, const respond::Context& context) -> Status {
            TOCSIN_ASSIGN_OR_RETURN(opened, respond::OpenCase(transaction, context,
                                                              {.title = "matrix case",
                                                               .gw = 20,
                                                               .label = clearance,
                                                               .shared_with = ownership.shared_with,
                                                               .reason = "matrix"}));
            // Members written directly: OpenCase refuses one who could never read the
            // case, and the matrix needs such members to show that membership alone
            // grants nothing.
            for (const TestUser* user : joined) {
              const std::vector<store::Value> member = {opened.id, user->id.value(), "2024-06-01T00:00:00Z"};
              TOCSIN_RETURN_IF_ERROR(
                  transaction
                      .Execute("INSERT INTO case_members (case_id, user_id, added_at) VALUES (?, ?, ?) "
                               "ON CONFLICT DO NOTHING",
                               member)
                      .status());
            }
            return Status::Ok();
          });
      // The opener is a member from now on (the server reloads membership per request).
      ownership.seeder->cases.emplace_back(opened.id);
      Write(
          m, *ownership.seeder,
          [&](store::Transaction& transaction, const respond::Context& context) -> Status {
            TOCSIN_ASSIGN_OR_RETURN(const auto options, respond::ListOptions(transaction, context));
            TOCSIN_ASSIGN_OR_RETURN(
                const auto chosen,
                respond::ChooseOption(transaction, context, opened.id, options.front().id, "", "matrix"));
            // The task is the other organisation's work, so that both organisations meet it.
            // Written directly: CreateTask refuses work for an organisation that does not
            // hold the case, and the matrix needs the policy's answer for such a task too
            // (a store from before that rule holds them).
            const access::OrganisationId owner = ownership.seeder->organisation == m.home ? m.other : m.home;
            const std::vector<store::Value> task = {opened.id,
                                                    chosen.id,
                                                    "matrix task",
                                                    owner.value(),
                                                    "2024-07-01T00:00:00Z",
                                                    static_cast<std::int64_t>(clearance),
                                                    ownership.seeder->organisation.value(),
                                                    "2024-06-01T00:00:00Z",
                                                    ownership.seeder->name};
            TOCSIN_RETURN_IF_ERROR(
                transaction
                    .Execute(
                        "INSERT INTO tasks (case_id, case_option_id, title, assignee_organisation_id, "
                        "due_at, "
                        "label, owner_organisation_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
                        "?, ?)",
                        task)
                    .status());
            TOCSIN_RETURN_IF_ERROR(
                access::ReplaceShares(transaction, Resource::kTask, transaction.LastInsertId(), {owner}));
            return respond::RecordDecision(
                       transaction, context,
                       {.case_id = opened.id, .what = "monitor", .who = "matrix", .why = "matrix"})
                .status();
          });
      const access::CaseId case_id(opened.id);
      for (TestUser* user : joined) user->cases.push_back(case_id);
      access::RecordLabel label = {.label = clearance,
                                   .owner = ownership.seeder->organisation,
                                   .shared_with = ownership.shared_with,
                                   .case_id = case_id};
      fixture.cases.push_back({.record = {.id = opened.id, .resource = Resource::kCase, .label = label},
                               .partner_sees = ownership.seeder == &other});
    }
  }
  Write(m, home, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto options, respond::ListOptions(transaction, context));
    fixture.catalogue_option = options.back().id;
    return Status::Ok();
  });
  // Each organisation's own options, at every label, and its watchlist.
  for (const TestUser* seeder : {&home, &other}) {
    for (Clearance clearance : access::kAllClearances) {
      Write(m, *seeder, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
        respond::Option option{.category = respond::OptionCategory::kDiplomatic,
                               .name = fmt::format("matrix option {}", static_cast<int>(clearance)),
                               .description = "matrix",
                               .owner_kinds = {"government"},
                               .label = clearance};
        TOCSIN_ASSIGN_OR_RETURN(option, respond::AddOption(transaction, context, option, "matrix"));
        m.records[Resource::kOption].push_back(
            {.id = option.id,
             .resource = Resource::kOption,
             .label = {.label = clearance, .owner = seeder->organisation}});
        return Status::Ok();
      });
    }
    Write(m, *seeder, [&](store::Transaction& transaction, const respond::Context& context) -> Status {
      TOCSIN_ASSIGN_OR_RETURN(const auto added,
                              respond::ProposeChange(transaction, context, "add", 20, 1, "matrix"));
      TOCSIN_ASSIGN_OR_RETURN(const auto accepted,
                              respond::DecideProposal(transaction, context, added.id, true, "matrix"));
      TOCSIN_ASSIGN_OR_RETURN(const auto entries, respond::ListWatchlist(transaction, context));
      for (const respond::WatchlistEntry& entry : entries) {
        m.records[Resource::kWatchlist].push_back(
            {.id = entry.id,
             .resource = Resource::kWatchlist,
             .label = {.label = entry.label, .owner = seeder->organisation}});
      }
      TOCSIN_ASSIGN_OR_RETURN(const auto pending,
                              respond::ProposeChange(transaction, context, "add", 2, 2, "matrix"));
      fixture.proposals.push_back(
          {.id = pending.id,
           .resource = Resource::kWatchlist,
           .label = {.label = access::Clearance::kRestricted, .owner = seeder->organisation}});
      fixture.accepted.push_back(
          {.id = accepted.id,
           .resource = Resource::kWatchlist,
           .label = {.label = access::Clearance::kRestricted, .owner = seeder->organisation}});
      return Status::Ok();
    });
  }
  for (const SeededCase& seeded : fixture.cases) m.records[Resource::kCase].push_back(seeded.record);
  return fixture;
}

// The other records of the seeded cases, read back through the API by a
// seeder-like view: the ids of every task and decision, labelled as their case.
std::vector<TestRecord> CaseChildren(Matrix& m, Resource resource) {
  RespondFixture& fixture = SeededRespond(m);
  std::vector<TestRecord> children;
  const char* table = resource == Resource::kTask ? "tasks" : "decisions";
  for (const SeededCase& seeded : fixture.cases) {
    const std::vector<store::Value> params = {seeded.record.id};
    const Status status = m.server.store().Read([&](store::Transaction& transaction) {
      return transaction.Query(
          fmt::format("SELECT id FROM {} WHERE case_id = ? ORDER BY id LIMIT 1", table), params,
          [&](const store::Row& row) {
            access::RecordLabel label = seeded.record.label;
            // A task is shared with the organisation that owns the work.
            if (resource == Resource::kTask) {
              label.shared_with.push_back(*label.owner == m.home ? m.other : m.home);
            } else {
              label.shared_with.clear();  // decisions are never shared
            }
            children.push_back({.id = row.Integer(0), .resource = resource, .label = label});
            return Status::Ok();
          });
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  return children;
}

std::set<std::int64_t> VisibleAmong(Matrix& m, const TestUser& user, Resource resource,
                                    const std::vector<TestRecord>& records) {
  std::set<std::int64_t> ids;
  for (const TestRecord& record : records) {
    if (m.policy.Allows(user, resource, Action::kRead, record.label)) ids.insert(record.id);
  }
  return ids;
}

void ExpectCollection(Matrix& m, const std::string& path, Resource resource, const std::string& list,
                      const std::vector<TestRecord>& records, const std::set<std::int64_t>& always = {}) {
  m.ExpectCollection(path, resource, list, "id", [&](const TestUser& user) {
    std::set<std::int64_t> ids = VisibleAmong(m, user, resource, records);
    ids.insert(always.begin(), always.end());
    return ids;
  });
}

void ExpectPerRecord(Matrix& m, const std::vector<TestRecord>& records, Resource resource, Action action,
                     const std::string& method, const std::string& prefix, const std::string& suffix,
                     const nlohmann::json& body, int success = kHttpOk) {
  for (const TestRecord& record : records) {
    const std::string path = prefix + std::to_string(record.id) + suffix;
    for (const TestUser& user : m.users) {
      const Response response =
          method == "GET" ? m.server.Get(path, user.token) : m.server.Send(method, path, user.token, body);
      m.Expect(user, method + " " + path, response,
               m.ExpectedFor(user, resource, action, record.label, success));
    }
  }
}

// A write on each record that succeeds once: the first user the policy allows
// gets `success`, later ones 409; `refused` may turn a user away with 403 first.
void ExpectOnce(Matrix& m, const std::vector<TestRecord>& records, Resource resource,
                const std::string& prefix, const std::string& suffix, const nlohmann::json& body, int success,
                const std::function<bool(const TestUser&, const TestRecord&)>& refused = {}) {
  for (const TestRecord& record : records) {
    const std::string path = prefix + std::to_string(record.id) + suffix;
    bool done = false;
    for (const TestUser& user : m.users) {
      int expected = m.ExpectedFor(user, resource, Action::kUpdate, record.label, success);
      if (expected == success && refused && refused(user, record)) expected = kHttpForbidden;
      if (expected == success) {
        expected = done ? kHttpConflict : success;
        done = true;
      }
      m.Expect(user, "POST " + path, m.server.Send("POST", path, user.token, body), expected);
    }
  }
}

std::vector<TestRecord> Cases(Matrix& m) {
  std::vector<TestRecord> cases;
  for (const SeededCase& seeded : SeededRespond(m).cases) cases.push_back(seeded.record);
  return cases;
}

// Briefs for "Other Agency": 403 without the grant, 404 for a case the caller
// may not read, 409 when the partner does not hold the case, else 201.
void ExpectBriefs(Matrix& m) {
  for (const SeededCase& seeded : SeededRespond(m).cases) {
    const std::string path = "/api/v1/cases/" + std::to_string(seeded.record.id) + "/briefs";
    for (const TestUser& user : m.users) {
      const nlohmann::json body = {{"partner", "Other Agency"},
                                   {"maximum_label", access::ClearanceName(user.clearance)},
                                   {"reason", "matrix"}};
      int expected = kHttpForbidden;
      if (m.policy.RoleAllows(user, Resource::kBrief, Action::kCreate)) {
        expected = !m.policy.Allows(user, Resource::kCase, Action::kRead, seeded.record.label) ? kHttpNotFound
                   : seeded.partner_sees                                                       ? kHttpCreated
                                         : kHttpConflict;
      }
      m.Expect(user, "POST " + path, m.server.Send("POST", path, user.token, body), expected);
    }
  }
}

// Creating a task or a decision on a case: the role's grant, then reading the case.
void ExpectCreateOnCases(Matrix& m, Resource resource, const std::string& path,
                         const std::function<nlohmann::json(const TestRecord&)>& body) {
  for (const TestRecord& record : Cases(m)) {
    for (const TestUser& user : m.users) {
      int expected = kHttpForbidden;
      if (m.policy.RoleAllows(user, resource, Action::kCreate)) {
        expected = m.policy.Allows(user, Resource::kCase, Action::kRead, record.label) ? kHttpCreated
                                                                                       : kHttpNotFound;
      }
      m.Expect(user, "POST " + path + " on case " + std::to_string(record.id),
               m.server.Send("POST", path, user.token, body(record)), expected);
    }
  }
}

void ExpectRespondRoleOnly(Matrix& m, const std::string& method, const std::string& path, Resource resource,
                           Action action, const std::function<nlohmann::json(const TestUser&)>& body,
                           int success) {
  SeededRespond(m);
  m.ExpectRoleOnly(method, path, resource, action, body, success);
}

void ExpectGapReport(Matrix& m) {
  SeededRespond(m);
  for (const TestUser& user : m.users) {
    const Response response = m.server.Get("/api/v1/gap-report", user.token);
    const bool allowed = m.policy.RoleAllows(user, Resource::kGapReport, Action::kRead);
    m.Expect(user, "GET /api/v1/gap-report", response, allowed ? kHttpOk : kHttpForbidden);
    if (response.status != kHttpOk) continue;
    // Of the seeded cases, the report measures exactly those the user may read.
    std::set<std::int64_t> counted;
    const nlohmann::json body = response.Json();
    for (const auto& gap : body["cases"]) counted.insert(gap["case_id"].get<std::int64_t>());
    std::set<std::int64_t> seeded;
    std::set<std::int64_t> expected;
    for (const TestRecord& record : Cases(m)) {
      seeded.insert(record.id);
      if (m.policy.Allows(user, Resource::kCase, Action::kRead, record.label)) expected.insert(record.id);
    }
    std::set<std::int64_t> counted_seeded;
    std::set_intersection(counted.begin(), counted.end(), seeded.begin(), seeded.end(),
                          std::inserter(counted_seeded, counted_seeded.begin()));
    m.Expect(user, "the gap report measures the cases the user may read",
             {counted_seeded == expected ? 1 : 0,
              ::testing::PrintToString(counted_seeded) + " instead of " + ::testing::PrintToString(expected),
              {}},
             1);
  }
}

// The change stream shows each user the creation and changes of exactly the
// seeded response records the policy lets them read (proposals by negated id).
void ExpectRespondStream(Matrix& m) {
  RespondFixture& fixture = SeededRespond(m);
  std::map<std::pair<Resource, std::int64_t>, access::RecordLabel> labels;
  for (const TestRecord& record : Cases(m)) labels[{Resource::kCase, record.id}] = record.label;
  for (Resource resource : {Resource::kTask, Resource::kDecision}) {
    for (const TestRecord& record : CaseChildren(m, resource)) labels[{resource, record.id}] = record.label;
  }
  for (const TestRecord& record : m.records[Resource::kOption])
    labels[{Resource::kOption, record.id}] = record.label;
  for (const TestRecord& record : m.records[Resource::kWatchlist])
    labels[{Resource::kWatchlist, record.id}] = record.label;
  for (const auto* proposals : {&fixture.proposals, &fixture.accepted}) {
    for (const TestRecord& record : *proposals) labels[{Resource::kWatchlist, -record.id}] = record.label;
  }
  for (const TestUser& user : m.users) {
    std::set<std::int64_t> cases_seen;
    for (const nlohmann::json& event : m.StreamEvents(user)) {
      const std::string line = event.dump();
      const auto resource = access::ParseResource(event["resource"].get<std::string>());
      const std::int64_t id = event["id"].get<std::int64_t>();
      const auto label = resource ? labels.find({*resource, id}) : labels.end();
      if (label == labels.end()) continue;  // not a response record
      if (*resource == Resource::kCase && event["action"] == "case.create") cases_seen.insert(id);
      m.Expect(user, "the stream shows a change to " + line,
               {m.policy.Allows(user, *resource, Action::kRead, label->second) ? 1 : 0, line, {}}, 1);
    }
    std::set<std::int64_t> readable;
    for (const TestRecord& record : Cases(m)) {
      if (m.policy.Allows(user, Resource::kCase, Action::kRead, record.label)) readable.insert(record.id);
    }
    m.Expect(user, "the stream shows the opening of every case the user may read",
             {cases_seen == readable ? 1 : 0, ::testing::PrintToString(cases_seen), {}}, 1);
  }
}

}  // namespace

void AddRespondChecks(std::map<std::string, RouteCheck>& checks) {
  checks["GET /api/v1/watchlist"] = [](Matrix& m) {
    ExpectRespondStream(m);
    ExpectCollection(m, "/api/v1/watchlist", Resource::kWatchlist, "entries",
                     m.records[Resource::kWatchlist]);
  };
  checks["GET /api/v1/watchlist/proposals"] = [](Matrix& m) {
    // Proposals are never shared: each organisation sees its own, accepted and pending.
    m.ExpectCollection("/api/v1/watchlist/proposals?state=pending", Resource::kWatchlist, "proposals", "id",
                       [&m](const TestUser& user) {
                         return VisibleAmong(m, user, Resource::kWatchlist, SeededRespond(m).proposals);
                       });
  };
  checks["POST /api/v1/watchlist/proposals"] = [](Matrix& m) {
    ExpectRespondRoleOnly(
        m, "POST", "/api/v1/watchlist/proposals", Resource::kWatchlist, Action::kCreate,
        [&m](const TestUser&) {
          return nlohmann::json{{"gw", 2}, {"tier", 3}, {"reason", "matrix " + std::to_string(m.created++)}};
        },
        kHttpCreated);
  };
  checks["POST /api/v1/watchlist/proposals/from-signals"] = [](Matrix& m) {
    ExpectRespondRoleOnly(
        m, "POST", "/api/v1/watchlist/proposals/from-signals", Resource::kWatchlist, Action::kCreate,
        [](const TestUser&) {
          return nlohmann::json{{"top", 5}};
        },
        kHttpOk);
  };
  checks["POST /api/v1/watchlist/proposals/{id}/decision"] = [](Matrix& m) {
    ExpectOnce(m, SeededRespond(m).proposals, Resource::kWatchlist, "/api/v1/watchlist/proposals/",
               "/decision", {{"accept", false}, {"reason", "matrix"}}, kHttpOk);
  };
  checks["GET /api/v1/options"] = [](Matrix& m) {
    SeededRespond(m);
    std::set<std::int64_t> catalogue;
    const Status read = m.server.store().Read([&](store::Transaction& transaction) {
      return transaction.Query("SELECT id FROM response_options WHERE owner_organisation_id IS NULL", {},
                               [&](const store::Row& row) {
                                 catalogue.insert(row.Integer(0));
                                 return Status::Ok();
                               });
    });
    ASSERT_TRUE(read.ok()) << read.ToString();
    EXPECT_GE(catalogue.size(), 30u) << "the shipped catalogue of preventive options";
    ExpectCollection(m, "/api/v1/options", Resource::kOption, "options", m.records[Resource::kOption],
                     catalogue);
  };
  checks["POST /api/v1/options"] = [](Matrix& m) {
    SeededRespond(m);
    for (const TestUser& user : m.users) {
      const nlohmann::json body = {{"category", "economic"},
                                   {"name", "matrix-made option " + std::to_string(m.created++)},
                                   {"description", "matrix"},
                                   {"owner_kinds", {"donor"}},
                                   {"label", "public"}};
      m.Expect(user, "POST /api/v1/options", m.server.Send("POST", "/api/v1/options", user.token, body),
               m.ExpectedFor(user, Resource::kOption, Action::kCreate,
                             {.label = Clearance::kPublic, .owner = user.organisation}, kHttpCreated));
    }
  };
  checks["GET /api/v1/cases"] = [](Matrix& m) {
    ExpectCollection(m, "/api/v1/cases", Resource::kCase, "cases", Cases(m));
  };
  checks["POST /api/v1/cases"] = [](Matrix& m) {
    SeededRespond(m);
    for (const TestUser& user : m.users) {
      const nlohmann::json body = {
          {"title", "matrix-made case"}, {"gw", 20}, {"label", "public"}, {"reason", "matrix"}};
      m.Expect(user, "POST /api/v1/cases", m.server.Send("POST", "/api/v1/cases", user.token, body),
               m.ExpectedFor(user, Resource::kCase, Action::kCreate,
                             {.label = Clearance::kPublic, .owner = user.organisation}, kHttpCreated));
    }
  };
  checks["GET /api/v1/cases/{id}"] = [](Matrix& m) {
    ExpectPerRecord(m, Cases(m), Resource::kCase, Action::kRead, "GET", "/api/v1/cases/", "", {});
  };
  checks["POST /api/v1/cases/{id}/members"] = [](Matrix& m) {
    // Adding a member who already is one changes no one's need-to-know.
    const std::vector<TestRecord> cases = Cases(m);
    for (const TestRecord& record : cases) {
      const std::string seeder = fmt::format("respond-seeder-{}", record.label.owner->value());
      ExpectPerRecord(m, {record}, Resource::kCase, Action::kUpdate, "POST", "/api/v1/cases/", "/members",
                      {{"user", seeder}, {"reason", "matrix"}});
    }
  };
  checks["PUT /api/v1/cases/{id}/status"] = [](Matrix& m) {
    ExpectPerRecord(m, Cases(m), Resource::kCase, Action::kUpdate, "PUT", "/api/v1/cases/", "/status",
                    {{"status", "preventive action"}, {"reason", "matrix"}});
  };
  checks["GET /api/v1/cases/{id}/options"] = [](Matrix& m) {
    ExpectPerRecord(m, Cases(m), Resource::kCase, Action::kRead, "GET", "/api/v1/cases/", "/options", {});
  };
  checks["POST /api/v1/cases/{id}/options"] = [](Matrix& m) {
    ExpectOnce(m, Cases(m), Resource::kCase, "/api/v1/cases/", "/options",
               {{"option_id", SeededRespond(m).catalogue_option}, {"reason", "matrix"}}, kHttpCreated);
  };
  checks["POST /api/v1/cases/{id}/briefs"] = ExpectBriefs;
  checks["GET /api/v1/tasks"] = [](Matrix& m) {
    ExpectCollection(m, "/api/v1/tasks", Resource::kTask, "tasks", CaseChildren(m, Resource::kTask));
  };
  checks["POST /api/v1/tasks"] = [](Matrix& m) {
    // The work goes to the organisation that leads the case (one that holds it).
    ExpectCreateOnCases(m, Resource::kTask, "/api/v1/tasks", [&m](const TestRecord& record) {
      return nlohmann::json{
          {"case_id", record.id},
          {"title", "matrix-made task"},
          {"owner_organisation", record.label.owner == m.home ? "Home Office" : "Other Agency"},
          {"due_at", "2024-08-01"}};
    });
  };
  checks["GET /api/v1/tasks/{id}"] = [](Matrix& m) {
    ExpectPerRecord(m, CaseChildren(m, Resource::kTask), Resource::kTask, Action::kRead, "GET",
                    "/api/v1/tasks/", "", {});
  };
  checks["POST /api/v1/tasks/{id}/acknowledge"] = [](Matrix& m) {
    // Only a user of the organisation that owns the work acknowledges it.
    ExpectOnce(m, CaseChildren(m, Resource::kTask), Resource::kTask, "/api/v1/tasks/", "/acknowledge",
               {{"reason", "matrix"}}, kHttpOk, [](const TestUser& user, const TestRecord& task) {
                 return task.label.shared_with.back() != user.organisation;
               });
  };
  checks["POST /api/v1/tasks/{id}/completion"] = [](Matrix& m) {
    // Partner viewers acknowledge; only case officers and coordinators finish.
    ExpectOnce(m, CaseChildren(m, Resource::kTask), Resource::kTask, "/api/v1/tasks/", "/completion",
               {{"status", "done"}, {"reason", "matrix"}}, kHttpOk,
               [](const TestUser& user, const TestRecord&) {
                 return user.roles.front() == access::Role::kPartnerViewer;
               });
  };
  checks["GET /api/v1/decisions"] = [](Matrix& m) {
    ExpectCollection(m, "/api/v1/decisions", Resource::kDecision, "decisions",
                     CaseChildren(m, Resource::kDecision));
  };
  checks["POST /api/v1/decisions"] = [](Matrix& m) {
    ExpectCreateOnCases(m, Resource::kDecision, "/api/v1/decisions", [](const TestRecord& record) {
      return nlohmann::json{
          {"case_id", record.id}, {"what", "monitor"}, {"who", "matrix"}, {"why", "matrix"}};
    });
  };
  checks["GET /api/v1/gap-report"] = ExpectGapReport;
}

}  // namespace tocsin::server::testing
