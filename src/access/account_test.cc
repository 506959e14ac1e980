// Users, organisations, passwords, sessions and API tokens against a real store.
#include <gtest/gtest.h>

#include "tocsin/access/api_token.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/password.h"
#include "tocsin/access/session.h"
#include "tocsin/access/user_repository.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::access {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

class AccountTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open(store::testing::TestStoreUrl());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    ASSERT_TRUE(
        Write([&](store::Transaction& transaction) -> Status {
          TOCSIN_ASSIGN_OR_RETURN(organisation_, CreateOrganisation(transaction, "Prevention Office"));
          TOCSIN_ASSIGN_OR_RETURN(const std::string hash, HashPassword(kPassword, MinimumPasswordHashCost()));
          TOCSIN_ASSIGN_OR_RETURN(user_, CreateUser(transaction, {.name = "ada",
                                                                  .display_name = "Ada",
                                                                  .organisation = organisation_,
                                                                  .roles = {Role::kAnalyst, Role::kAuditor},
                                                                  .clearance = Clearance::kConfidential,
                                                                  .password_hash = hash}));
          return Status::Ok();
        }).ok());
  }

  Status Write(const store::Work& work) { return store_->Write(work); }

  static constexpr std::string_view kPassword = "correct horse battery";
  const Clock::time_point start_ = Clock::time_point(hours(24 * 365 * 56));
  std::unique_ptr<store::Store> store_;
  OrganisationId organisation_;
  UserId user_;
};

TEST_F(AccountTest, PasswordHashIsArgon2idAndVerifiesOnlyTheRightPassword) {
  const auto hash = HashPassword(kPassword, MinimumPasswordHashCost());
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(kPassword, *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery!", *hash));
  EXPECT_EQ(HashPassword("short").status().code(), StatusCode::kInvalidArgument);
}

TEST_F(AccountTest, UserNamesAreUniqueAndValidated) {
  EXPECT_TRUE(
      Write([&](store::Transaction& transaction) -> Status {
        EXPECT_EQ(
            CreateUser(transaction, {.name = "ada", .organisation = organisation_, .roles = {Role::kAnalyst}})
                .status()
                .code(),
            StatusCode::kAlreadyExists);
        EXPECT_EQ(
            CreateUser(transaction, {.name = "a b", .organisation = organisation_, .roles = {Role::kAnalyst}})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
        EXPECT_EQ(CreateUser(transaction, {.name = "bob", .organisation = organisation_}).status().code(),
                  StatusCode::kInvalidArgument);
        const auto same_but_case = CreateUser(
            transaction, {.name = "Ada", .organisation = organisation_, .roles = {Role::kAnalyst}});
        EXPECT_EQ(same_but_case.status().code(), StatusCode::kAlreadyExists);
        EXPECT_NE(same_but_case.status().message().find("already exists as 'ada'"), std::string::npos)
            << same_but_case.status().ToString();
        return Status::Ok();
      }).ok());
}

TEST_F(AccountTest, OrganisationNamesAreUniqueIgnoringCaseAndHaveNoStraySpaces) {
  EXPECT_TRUE(
      Write([&](store::Transaction& transaction) -> Status {
        EXPECT_EQ(CreateOrganisation(transaction, "prevention office").status().code(),
                  StatusCode::kAlreadyExists);
        EXPECT_EQ(CreateOrganisation(transaction, "Prevention Office ").status().code(),
                  StatusCode::kInvalidArgument);
        EXPECT_EQ(CreateOrganisation(transaction, " Partner").status().code(), StatusCode::kInvalidArgument);
        EXPECT_EQ(CreateOrganisation(transaction, "Part\tner").status().code(), StatusCode::kInvalidArgument);
        EXPECT_EQ(CreateOrganisation(transaction, std::string(201, 'x')).status().code(),
                  StatusCode::kInvalidArgument);
        EXPECT_TRUE(CreateOrganisation(transaction, "Partner NGO").ok());
        return Status::Ok();
      }).ok());
}

TEST_F(AccountTest, PrincipalCarriesRolesClearanceAndOrganisation) {
  ASSERT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(const Principal principal, LoadPrincipal(transaction, user_));
                    EXPECT_EQ(principal.name, "ada");
                    EXPECT_EQ(principal.organisation, organisation_);
                    EXPECT_EQ(principal.clearance, Clearance::kConfidential);
                    EXPECT_TRUE(principal.HasRole(Role::kAuditor));
                    EXPECT_FALSE(principal.HasRole(Role::kSystemAdmin));
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(AccountTest, SessionLastsUntilIdleTimeout) {
  const SessionOptions options{
      .idle_timeout = minutes(30), .absolute_timeout = hours(12), .touch_interval = minutes(1)};
  SessionSecrets secrets;
  ASSERT_TRUE(Write([&](store::Transaction& transaction) -> Status {
                TOCSIN_ASSIGN_OR_RETURN(secrets, StartSession(transaction, user_, options, start_));
                return Status::Ok();
              }).ok());
  auto check = [&](Clock::time_point now) {
    Result<ActiveSession> result = InternalError("not run");
    EXPECT_TRUE(store_
                    ->Read([&](store::Transaction& transaction) {
                      result = CheckSession(transaction, secrets.token, options, now);
                      return Status::Ok();
                    })
                    .ok());
    return result;
  };
  const auto early = check(start_ + minutes(29));
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_TRUE(early->needs_touch);
  EXPECT_TRUE(CsrfTokenMatches(*early, secrets.csrf_token));
  EXPECT_FALSE(CsrfTokenMatches(*early, secrets.token));
  EXPECT_EQ(check(start_ + minutes(31)).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(Write([&](store::Transaction& transaction) {
                return TouchSession(transaction, early->id, start_ + minutes(29));
              }).ok());
  EXPECT_TRUE(check(start_ + minutes(31)).ok());
}

TEST_F(AccountTest, SessionEndsAtAbsoluteTimeoutDespiteActivity) {
  const SessionOptions options{
      .idle_timeout = hours(1), .absolute_timeout = hours(2), .touch_interval = seconds(0)};
  SessionSecrets secrets;
  ASSERT_TRUE(Write([&](store::Transaction& transaction) -> Status {
                TOCSIN_ASSIGN_OR_RETURN(secrets, StartSession(transaction, user_, options, start_));
                return TouchSession(transaction, 1, start_ + hours(2) - seconds(1));
              }).ok());
  EXPECT_TRUE(
      store_
          ->Read([&](store::Transaction& transaction) {
            EXPECT_TRUE(
                CheckSession(transaction, secrets.token, options, start_ + hours(2) - seconds(1)).ok());
            EXPECT_FALSE(CheckSession(transaction, secrets.token, options, start_ + hours(2)).ok());
            return Status::Ok();
          })
          .ok());
}

TEST_F(AccountTest, LogoutAndDisablingApplyToTheNextCheck) {
  const SessionOptions options;
  SessionSecrets first;
  SessionSecrets second;
  ASSERT_TRUE(Write([&](store::Transaction& transaction) -> Status {
                TOCSIN_ASSIGN_OR_RETURN(first, StartSession(transaction, user_, options, start_));
                TOCSIN_ASSIGN_OR_RETURN(second, StartSession(transaction, user_, options, start_));
                return EndSession(transaction, first.token, start_);
              }).ok());
  EXPECT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) {
                    EXPECT_EQ(CheckSession(transaction, first.token, options, start_).status().code(),
                              StatusCode::kNotFound);
                    EXPECT_TRUE(CheckSession(transaction, second.token, options, start_).ok());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(Write([&](store::Transaction& transaction) {
                return UpdateUser(transaction, user_, {.disabled = true});
              }).ok());
  EXPECT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) {
                    EXPECT_EQ(CheckSession(transaction, second.token, options, start_).status().code(),
                              StatusCode::kPermissionDenied);
                    EXPECT_FALSE(FindLoginCredentials(transaction, "ada").ok());
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(AccountTest, LoweredClearanceAppliesToTheNextCheck) {
  NewApiToken token;
  ASSERT_TRUE(Write([&](store::Transaction& transaction) -> Status {
                TOCSIN_ASSIGN_OR_RETURN(token, CreateApiToken(transaction, user_, "ingest", std::nullopt));
                return UpdateUser(transaction, user_, {.clearance = Clearance::kPublic});
              }).ok());
  EXPECT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(const Principal principal,
                                            AuthenticateApiToken(transaction, token.token, start_));
                    EXPECT_EQ(principal.clearance, Clearance::kPublic);
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(AccountTest, ApiTokenWorksUntilRevokedOrExpired) {
  NewApiToken lasting;
  NewApiToken brief;
  ASSERT_TRUE(Write([&](store::Transaction& transaction) -> Status {
                TOCSIN_ASSIGN_OR_RETURN(lasting, CreateApiToken(transaction, user_, "lasting", std::nullopt));
                TOCSIN_ASSIGN_OR_RETURN(brief,
                                        CreateApiToken(transaction, user_, "brief", start_ + hours(1)));
                return Status::Ok();
              }).ok());
  EXPECT_TRUE(lasting.token.starts_with(kApiTokenPrefix));
  EXPECT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) {
                    EXPECT_TRUE(AuthenticateApiToken(transaction, lasting.token, start_).ok());
                    EXPECT_TRUE(AuthenticateApiToken(transaction, brief.token, start_).ok());
                    EXPECT_FALSE(AuthenticateApiToken(transaction, brief.token, start_ + hours(1)).ok());
                    EXPECT_FALSE(AuthenticateApiToken(transaction, "tocsin_guess", start_).ok());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(Write([&](store::Transaction& transaction) {
                EXPECT_EQ(RevokeApiToken(transaction, UserId(user_.value() + 1), lasting.id, start_).code(),
                          StatusCode::kNotFound);
                return RevokeApiToken(transaction, user_, lasting.id, start_);
              }).ok());
  EXPECT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) {
                    EXPECT_FALSE(AuthenticateApiToken(transaction, lasting.token, start_).ok());
                    return Status::Ok();
                  })
                  .ok());
}

TEST_F(AccountTest, ListingFiltersUsersByPolicyInSql) {
  ASSERT_TRUE(Write([&](store::Transaction& transaction) -> Status {
                TOCSIN_ASSIGN_OR_RETURN(const OrganisationId other,
                                        CreateOrganisation(transaction, "Partner NGO"));
                return CreateUser(transaction,
                                  {.name = "bea", .organisation = other, .roles = {Role::kPartnerViewer}})
                    .status();
              }).ok());
  Principal org_admin{.user = UserId(99),
                      .name = "admin",
                      .organisation = organisation_,
                      .roles = {Role::kOrganisationAdmin},
                      .clearance = Clearance::kRestricted};
  EXPECT_TRUE(store_
                  ->Read([&](store::Transaction& transaction) -> Status {
                    TOCSIN_ASSIGN_OR_RETURN(
                        auto users, ListUsers(transaction, SqlFilterFor(org_admin, Action::kRead,
                                                                        Resource::kUser, kUserColumns)));
                    EXPECT_EQ(users.size(), 1u);
                    org_admin.roles = {Role::kSystemAdmin};
                    TOCSIN_ASSIGN_OR_RETURN(
                        users, ListUsers(transaction, SqlFilterFor(org_admin, Action::kRead, Resource::kUser,
                                                                   kUserColumns)));
                    EXPECT_EQ(users.size(), 2u);
                    org_admin.clearance = Clearance::kPublic;
                    TOCSIN_ASSIGN_OR_RETURN(
                        users, ListUsers(transaction, SqlFilterFor(org_admin, Action::kRead, Resource::kUser,
                                                                   kUserColumns)));
                    EXPECT_TRUE(users.empty());
                    return Status::Ok();
                  })
                  .ok());
}

}  // namespace
}  // namespace tocsin::access
