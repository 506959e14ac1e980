// SqlFilterFor must allow exactly the rows Decide allows: the SQL filter of list
// queries and the decision of single-record routes are one policy.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "tocsin/access/policy.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::access {
namespace {

constexpr int kOrganisations = 4;
constexpr int kCases = 3;
constexpr int kRecords = 300;
constexpr int kPrincipals = 400;

struct Probe {
  std::int64_t id;
  RecordLabel label;
};

template <typename T>
T Pick(std::mt19937& random, std::span<const T> choices) {
  return choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(random)];
}

int Uniform(std::mt19937& random, int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random);
}

TEST(SqlFilter, AllowsExactlyTheRowsDecideAllows) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  std::mt19937 random(20261130);
  std::vector<Probe> probes;
  for (int i = 1; i <= kRecords; ++i) {
    Probe probe{i, {}};
    probe.label.label = Pick<Clearance>(random, kAllClearances);
    if (const int owner = Uniform(random, 0, kOrganisations); owner > 0)
      probe.label.owner = OrganisationId(owner);
    for (int organisation = 1; organisation <= kOrganisations; ++organisation) {
      if (Uniform(random, 0, 3) == 0) probe.label.shared_with.emplace_back(organisation);
    }
    if (const int case_id = Uniform(random, 0, 2 * kCases); case_id > 0 && case_id <= kCases) {
      probe.label.case_id = CaseId(case_id);
    }
    probes.push_back(probe);
  }
  const Resource resource = Resource::kForecast;
  ASSERT_TRUE(
      (*store)
          ->Write([&](store::Transaction& transaction) -> Status {
            TOCSIN_RETURN_IF_ERROR(transaction
                                       .Execute("CREATE TABLE probe (id INTEGER PRIMARY KEY, label INTEGER, "
                                                "owner INTEGER, case_id INTEGER)")
                                       .status());
            for (int organisation = 1; organisation <= kOrganisations; ++organisation) {
              const std::vector<store::Value> params = {std::int64_t{organisation},
                                                        "organisation " + std::to_string(organisation)};
              TOCSIN_RETURN_IF_ERROR(
                  transaction
                      .Execute("INSERT INTO organisations (id, name, created_at) VALUES (?, ?, 'now')",
                               params)
                      .status());
            }
            for (const Probe& probe : probes) {
              std::vector<store::Value> row = {probe.id, static_cast<std::int64_t>(probe.label.label)};
              row.emplace_back();
              if (probe.label.owner) row.back() = probe.label.owner->value();
              row.emplace_back();
              if (probe.label.case_id) row.back() = probe.label.case_id->value();
              TOCSIN_RETURN_IF_ERROR(
                  transaction
                      .Execute("INSERT INTO probe (id, label, owner, case_id) VALUES (?, ?, ?, ?)", row)
                      .status());
              for (OrganisationId shared : probe.label.shared_with) {
                const std::vector<store::Value> share = {static_cast<std::int64_t>(resource), probe.id,
                                                         shared.value()};
                TOCSIN_RETURN_IF_ERROR(
                    transaction
                        .Execute("INSERT INTO record_shares (resource, record_id, organisation_id) "
                                 "VALUES (?, ?, ?)",
                                 share)
                        .status());
              }
            }
            return Status::Ok();
          })
          .ok());

  const RecordColumns columns = {
      .id = "probe.id", .label = "probe.label", .owner = "probe.owner", .case_id = "probe.case_id"};
  int allowed_somewhere = 0;
  for (int i = 0; i < kPrincipals; ++i) {
    Principal principal;
    principal.user = UserId(i + 1);
    principal.organisation = OrganisationId(Uniform(random, 1, kOrganisations));
    principal.clearance = Pick<Clearance>(random, kAllClearances);
    principal.roles = {Pick<Role>(random, kAllRoles)};
    if (Uniform(random, 0, 2) == 0) principal.roles.push_back(Pick<Role>(random, kAllRoles));
    for (int case_id = 1; case_id <= kCases; ++case_id) {
      if (Uniform(random, 0, 1) == 0) principal.cases.emplace_back(case_id);
    }
    const Action action = Pick<Action>(random, kAllActions);
    std::set<std::int64_t> expected;
    for (const Probe& probe : probes) {
      if (Decide(principal, action, resource, probe.label)) expected.insert(probe.id);
    }
    const SqlFilter filter = SqlFilterFor(principal, action, resource, columns);
    std::set<std::int64_t> actual;
    ASSERT_TRUE((*store)
                    ->Read([&](store::Transaction& transaction) {
                      return transaction.Query("SELECT id FROM probe WHERE " + filter.sql, filter.params,
                                               [&](const store::Row& row) {
                                                 actual.insert(row.Integer(0));
                                                 return Status::Ok();
                                               });
                    })
                    .ok());
    EXPECT_EQ(actual, expected) << "principal " << i << " filter " << filter.sql;
    if (!expected.empty()) ++allowed_somewhere;
  }
  // The comparison means something only if both outcomes occur often.
  EXPECT_GT(allowed_somewhere, kPrincipals / 10);
  EXPECT_LT(allowed_somewhere, kPrincipals);
}

}  // namespace
}  // namespace tocsin::access
