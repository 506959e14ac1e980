#include "tocsin/access/policy.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace tocsin::access {
namespace {

const OrganisationId kHome(1);
const OrganisationId kPartner(2);
const OrganisationId kStranger(3);

Principal Analyst(Clearance clearance = Clearance::kConfidential) {
  Principal principal;
  principal.user = UserId(10);
  principal.name = "analyst";
  principal.organisation = kHome;
  principal.roles = {Role::kAnalyst};
  principal.clearance = clearance;
  return principal;
}

RecordLabel Owned(Clearance label, OrganisationId owner) {
  return {.label = label, .owner = owner};
}

TEST(Policy, AnalystReadsOwnOrganisationsRecordAtOrBelowClearance) {
  EXPECT_TRUE(Decide(Analyst(), Action::kRead, Resource::kForecast, Owned(Clearance::kConfidential, kHome)));
  EXPECT_TRUE(Decide(Analyst(), Action::kRead, Resource::kForecast, Owned(Clearance::kPublic, kHome)));
}

TEST(Policy, RecordAboveClearanceIsDenied) {
  const Decision decision =
      Decide(Analyst(), Action::kRead, Resource::kForecast, Owned(Clearance::kStrictlyConfidential, kHome));
  EXPECT_FALSE(decision);
  EXPECT_EQ(decision.denial, Denial::kClearanceTooLow);
}

TEST(Policy, OtherOrganisationsRecordIsDeniedUnlessShared) {
  RecordLabel record = Owned(Clearance::kPublic, kStranger);
  EXPECT_EQ(Decide(Analyst(), Action::kRead, Resource::kForecast, record).denial, Denial::kOtherOrganisation);
  record.shared_with = {kPartner, kHome};
  EXPECT_TRUE(Decide(Analyst(), Action::kRead, Resource::kForecast, record));
}

TEST(Policy, UnownedRecordBelongsToEveryOrganisation) {
  EXPECT_TRUE(Decide(Analyst(), Action::kRead, Resource::kForecast, {.label = Clearance::kPublic}));
}

TEST(Policy, UnlabelledRecordIsTreatedAsStrictlyConfidential) {
  EXPECT_FALSE(Decide(Analyst(), Action::kRead, Resource::kForecast, RecordLabel{}));
  EXPECT_TRUE(
      Decide(Analyst(Clearance::kStrictlyConfidential), Action::kRead, Resource::kForecast, RecordLabel{}));
}

TEST(Policy, CaseRecordNeedsCaseMembership) {
  RecordLabel record = Owned(Clearance::kPublic, kHome);
  record.case_id = CaseId(7);
  Principal principal = Analyst();
  EXPECT_EQ(Decide(principal, Action::kRead, Resource::kForecast, record).denial, Denial::kNotOnCase);
  principal.cases = {CaseId(7)};
  EXPECT_TRUE(Decide(principal, Action::kRead, Resource::kForecast, record));
}

TEST(Policy, RoleWithoutGrantIsDeniedWhateverTheLabel) {
  Principal principal = Analyst(Clearance::kStrictlyConfidential);
  principal.roles = {Role::kSystemAdmin};
  EXPECT_EQ(Decide(principal, Action::kRead, Resource::kForecast, Owned(Clearance::kPublic, kHome)).denial,
            Denial::kRoleDenies);
  principal.roles = {Role::kPartnerViewer};
  EXPECT_FALSE(Decide(principal, Action::kRead, Resource::kPanel, Owned(Clearance::kPublic, kHome)));
  EXPECT_FALSE(Decide(principal, Action::kUpdate, Resource::kForecast, Owned(Clearance::kPublic, kHome)));
}

TEST(Policy, AnonymousIsDeniedEverything) {
  for (Resource resource : kAllResources) {
    for (Action action : kAllActions) {
      EXPECT_EQ(Decide(Principal{}, action, resource, {.label = Clearance::kPublic}).denial,
                Denial::kNotAuthenticated);
    }
  }
}

TEST(Policy, SystemAdminReachesUsersOfEveryOrganisationButOrgAdminOnlyTheirOwn) {
  Principal admin = Analyst(Clearance::kRestricted);
  admin.roles = {Role::kSystemAdmin};
  const RecordLabel stranger_user = Owned(Clearance::kRestricted, kStranger);
  EXPECT_TRUE(Decide(admin, Action::kUpdate, Resource::kUser, stranger_user));
  admin.roles = {Role::kOrganisationAdmin};
  EXPECT_FALSE(Decide(admin, Action::kUpdate, Resource::kUser, stranger_user));
  EXPECT_TRUE(Decide(admin, Action::kUpdate, Resource::kUser, Owned(Clearance::kRestricted, kHome)));
}

TEST(Policy, WidestGrantOfSeveralRolesApplies) {
  Principal principal = Analyst(Clearance::kRestricted);
  principal.roles = {Role::kOrganisationAdmin, Role::kAuditor};
  EXPECT_EQ(GrantedScope(principal, Action::kRead, Resource::kUser), Scope::kAllOrganisations);
  EXPECT_EQ(GrantedScope(principal, Action::kCreate, Resource::kUser), Scope::kOwnOrganisation);
}

TEST(Policy, EveryRoleHasAtLeastOneGrantAndNoGrantIsListedTwice) {
  std::set<std::tuple<Role, Resource, Action>> seen;
  for (const Grant& grant : Grants()) {
    EXPECT_TRUE(seen.emplace(grant.role, grant.resource, grant.action).second) << RoleName(grant.role);
    EXPECT_NE(grant.scope, Scope::kNone);
  }
  for (Role role : kAllRoles) {
    EXPECT_TRUE(std::any_of(Grants().begin(), Grants().end(), [&](const Grant& grant) {
      return grant.role == role;
    })) << RoleName(role);
  }
}

TEST(Policy, FilterOfDeniedRoleMatchesNothing) {
  Principal principal = Analyst();
  principal.roles = {Role::kPartnerViewer};
  const SqlFilter filter = SqlFilterFor(principal, Action::kRead, Resource::kPanel,
                                        {.id = "p.id", .label = "p.label", .owner = "p.owner"});
  EXPECT_EQ(filter.sql, "(FALSE)");
  EXPECT_TRUE(filter.params.empty());
}

TEST(Policy, FilterCarriesValuesOnlyAsBoundParameters) {
  Principal principal = Analyst();
  principal.cases = {CaseId(41), CaseId(42)};
  const SqlFilter filter =
      SqlFilterFor(principal, Action::kRead, Resource::kForecast,
                   {.id = "r.id", .label = "r.label", .owner = "r.owner", .case_id = "r.case_id"});
  EXPECT_EQ(filter.sql.find("41"), std::string::npos) << filter.sql;
  EXPECT_EQ(static_cast<std::size_t>(std::count(filter.sql.begin(), filter.sql.end(), '?')),
            filter.params.size());
}

TEST(Policy, NobodyGrantsAboveTheirOwnClearanceOrReservedRoles) {
  Principal admin = Analyst(Clearance::kConfidential);
  admin.roles = {Role::kOrganisationAdmin};
  const std::vector<Role> analyst = {Role::kAnalyst};
  const std::vector<Role> auditor = {Role::kAuditor};
  EXPECT_TRUE(DecideGrant(admin, analyst, Clearance::kConfidential));
  EXPECT_EQ(DecideGrant(admin, analyst, Clearance::kStrictlyConfidential).denial, Denial::kGrantAboveOwn);
  EXPECT_FALSE(DecideGrant(admin, auditor, Clearance::kPublic));
  admin.roles = {Role::kSystemAdmin};
  EXPECT_TRUE(DecideGrant(admin, auditor, Clearance::kPublic));
}

TEST(Names, RoundTripAndAcceptUnderscoresForSpaces) {
  for (Role role : kAllRoles) EXPECT_EQ(ParseRole(RoleName(role)), role);
  for (Clearance clearance : kAllClearances) EXPECT_EQ(ParseClearance(ClearanceName(clearance)), clearance);
  for (Resource resource : kAllResources) EXPECT_EQ(ParseResource(ResourceName(resource)), resource);
  for (Action action : kAllActions) EXPECT_EQ(ParseAction(ActionName(action)), action);
  EXPECT_EQ(ParseClearance("strictly_confidential"), Clearance::kStrictlyConfidential);
  EXPECT_EQ(ParseRole("Case-Officer"), Role::kCaseOfficer);
  EXPECT_FALSE(ParseRole("root"));
}

TEST(Names, StoredValuesAreNeverRenumbered) {
  EXPECT_EQ(static_cast<int>(Clearance::kPublic), 0);
  EXPECT_EQ(static_cast<int>(Clearance::kStrictlyConfidential), 3);
  EXPECT_EQ(static_cast<int>(Role::kAnalyst), 1);
  EXPECT_EQ(static_cast<int>(Role::kAuditor), 7);
  EXPECT_EQ(static_cast<int>(Resource::kCountry), 1);
  EXPECT_EQ(static_cast<int>(Resource::kApiToken), 8);
}

}  // namespace
}  // namespace tocsin::access
