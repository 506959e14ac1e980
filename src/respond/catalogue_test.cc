// The options catalogue that ships in migration 0004 and the policy over
// response records, on a real SQLite store.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tocsin/respond/cases.h"
#include "tocsin/respond/options.h"
#include "tocsin/store/test_backends.h"

namespace tocsin::respond {
namespace {

constexpr std::size_t kMinimumOptions = 30;
constexpr std::size_t kMinimumPerCategory = 4;

access::Principal Reader(access::Role role, access::Clearance clearance = access::Clearance::kPublic) {
  return {.user = access::UserId(1), .name = "reader", .organisation = access::OrganisationId(1), .roles = {role},
          .clearance = clearance};
}

TEST(OptionCatalogue, ShipsAtLeastThirtyMeasuresInEverySixCategories) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  const access::Principal reader = Reader(access::Role::kAnalyst);
  const FixedClock clock(*ParseUtc("2026-03-02"));
  std::vector<Option> options;
  ASSERT_TRUE((*store)->Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(options, ListOptions(transaction, {reader, clock}));
    return Status::Ok();
  }).ok());
  EXPECT_GE(options.size(), kMinimumOptions);
  std::map<OptionCategory, std::size_t> per_category;
  std::set<std::string> names;
  for (const Option& option : options) {
    ++per_category[option.category];
    names.insert(option.name);
    EXPECT_FALSE(option.owner_kinds.empty()) << option.name;
    EXPECT_GT(option.lead_time_days, 0) << option.name;
    EXPECT_FALSE(option.owner.has_value()) << option.name;
  }
  EXPECT_EQ(names.size(), options.size()) << "option names repeat";
  for (OptionCategory category : {OptionCategory::kDiplomatic, OptionCategory::kEconomic, OptionCategory::kLegal,
                                  OptionCategory::kSecurity, OptionCategory::kHumanitarian,
                                  OptionCategory::kCommunication}) {
    EXPECT_GE(per_category[category], kMinimumPerCategory) << OptionCategoryTitle(category);
  }
}

TEST(OptionCatalogue, IsClosedToRolesWithoutAGrant) {
  auto store = store::Store::Open(store::testing::TestStoreUrl());
  ASSERT_TRUE(store.ok());
  const access::Principal admin = Reader(access::Role::kSystemAdmin, access::Clearance::kStrictlyConfidential);
  const FixedClock clock(*ParseUtc("2026-03-02"));
  const Status status = (*store)->Read([&](store::Transaction& transaction) {
    return ListOptions(transaction, {admin, clock}).status();
  });
  EXPECT_EQ(status.code(), StatusCode::kPermissionDenied) << status.ToString();
}

TEST(CaseStatus, NamesRoundTripAndAcceptDashes) {
  for (CaseStatus status : {CaseStatus::kWatch, CaseStatus::kPreventiveAction, CaseStatus::kCrisisResponse,
                            CaseStatus::kClosed}) {
    EXPECT_EQ(ParseCaseStatus(CaseStatusName(status)), status);
  }
  EXPECT_EQ(ParseCaseStatus("crisis-response"), CaseStatus::kCrisisResponse);
  EXPECT_FALSE(ParseCaseStatus("escalated").has_value());
}

}  // namespace
}  // namespace tocsin::respond
