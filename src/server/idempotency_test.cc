#include "idempotency.h"

#include <gtest/gtest.h>

#include "http_status.h"
#include "server_fixture.h"

namespace tocsin::server::testing {
namespace {

using access::Clearance;
using access::Role;

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const access::OrganisationId organisation = server_.AddOrganisation("Home Office");
    ana_ = server_.AddUser("ana", organisation, {Role::kAnalyst}, Clearance::kRestricted);
    bea_ = server_.AddUser("bea", organisation, {Role::kAnalyst}, Clearance::kRestricted);
  }

  Response CreateToken(const TestUser& user, const std::string& name, const std::string& key) {
    return server_.Send("POST", "/api/v1/tokens", user.token, {{"name", name}}, {{"Idempotency-Key", key}});
  }

  std::int64_t TokensNamed(const std::string& name) {
    std::int64_t count = 0;
    const std::vector<store::Value> params = {name};
    EXPECT_TRUE(server_.store()
                    .Read([&](store::Transaction& transaction) {
                      return transaction.Query("SELECT count(*) FROM api_tokens WHERE name = ?", params,
                                               [&](const store::Row& row) {
                                                 count = row.Integer(0);
                                                 return Status::Ok();
                                               });
                    })
                    .ok());
    return count;
  }

  TestServer server_;
  TestUser ana_;
  TestUser bea_;
};

TEST_F(IdempotencyTest, RetryWithTheSameKeyReturnsTheFirstAnswerAndWritesOnce) {
  const Response first = CreateToken(ana_, "ingest", "key-1");
  ASSERT_EQ(first.status, kHttpCreated);
  const Response retry = CreateToken(ana_, "ingest", "key-1");
  EXPECT_EQ(retry.status, kHttpCreated);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(std::string(httplib::detail::get_header_value(retry.headers, "Idempotent-Replayed", 0, "")),
            "true");
  EXPECT_EQ(TokensNamed("ingest"), 1);
}

TEST_F(IdempotencyTest, KeyReusedForADifferentRequestIsAConflict) {
  ASSERT_EQ(CreateToken(ana_, "first", "key-2").status, kHttpCreated);
  EXPECT_EQ(CreateToken(ana_, "second", "key-2").status, kHttpConflict);
  EXPECT_EQ(TokensNamed("second"), 0);
}

TEST_F(IdempotencyTest, KeysBelongToOneUser) {
  ASSERT_EQ(CreateToken(ana_, "shared name", "key-3").status, kHttpCreated);
  EXPECT_EQ(CreateToken(bea_, "shared name", "key-3").status, kHttpCreated);
  EXPECT_EQ(TokensNamed("shared name"), 2);
}

TEST_F(IdempotencyTest, FailedRequestIsNotRememberedAndWritesNothing) {
  const Response failed =
      server_.Send("POST", "/api/v1/tokens", ana_.token, {{"name", 42}}, {{"Idempotency-Key", "key-4"}});
  EXPECT_EQ(failed.status, kHttpBadRequest);
  EXPECT_EQ(CreateToken(ana_, "after failure", "key-4").status, kHttpCreated);
}

}  // namespace
}  // namespace tocsin::server::testing
