// Names of clearances, roles, resources and actions.
#include <cstdint>
#include <utility>

#include "names.h"
#include "tocsin/access/clearance.h"
#include "tocsin/access/resource.h"
#include "tocsin/access/role.h"

namespace tocsin::access {
namespace {

constexpr std::pair<Clearance, std::string_view> kClearanceNames[] = {
    {Clearance::kPublic, "public"},
    {Clearance::kRestricted, "restricted"},
    {Clearance::kConfidential, "confidential"},
    {Clearance::kStrictlyConfidential, "strictly confidential"},
};

constexpr std::pair<Role, std::string_view> kRoleNames[] = {
    {Role::kAnalyst, "analyst"},
    {Role::kCoordinator, "coordinator"},
    {Role::kCaseOfficer, "case officer"},
    {Role::kPartnerViewer, "partner viewer"},
    {Role::kOrganisationAdmin, "org admin"},
    {Role::kSystemAdmin, "system admin"},
    {Role::kAuditor, "auditor"},
};

constexpr std::pair<Resource, std::string_view> kResourceNames[] = {
    {Resource::kCountry, "country"},    {Resource::kPanel, "panel"},
    {Resource::kForecast, "forecast"},  {Resource::kBacktest, "backtest"},
    {Resource::kUser, "user"},          {Resource::kOrganisation, "organisation"},
    {Resource::kAuditLog, "audit log"}, {Resource::kApiToken, "api token"},
    {Resource::kEvent, "event"},        {Resource::kSeries, "series"},
    {Resource::kAlert, "alert"},        {Resource::kWatchlist, "watchlist"},
    {Resource::kCase, "case"},          {Resource::kOption, "option"},
    {Resource::kTask, "task"},          {Resource::kDecision, "decision"},
    {Resource::kGapReport, "gap report"}, {Resource::kBrief, "brief"},
    {Resource::kAssessment, "assessment"}, {Resource::kQuestion, "question"},
};

constexpr std::pair<Action, std::string_view> kActionNames[] = {
    {Action::kRead, "read"},
    {Action::kCreate, "create"},
    {Action::kUpdate, "update"},
    {Action::kDelete, "delete"},
};

}  // namespace

std::string_view ClearanceName(Clearance clearance) {
  return NameOf<Clearance>(kClearanceNames, clearance);
}
std::optional<Clearance> ParseClearance(std::string_view name) {
  return ParseName<Clearance>(kClearanceNames, name);
}
std::optional<Clearance> ClearanceFromStored(std::int64_t value) {
  return FromStored<Clearance>(kClearanceNames, value);
}

std::string_view RoleName(Role role) {
  return NameOf<Role>(kRoleNames, role);
}
std::optional<Role> ParseRole(std::string_view name) {
  return ParseName<Role>(kRoleNames, name);
}
std::optional<Role> RoleFromStored(std::int64_t value) {
  return FromStored<Role>(kRoleNames, value);
}

std::string_view ResourceName(Resource resource) {
  return NameOf<Resource>(kResourceNames, resource);
}
std::optional<Resource> ParseResource(std::string_view name) {
  return ParseName<Resource>(kResourceNames, name);
}

std::string_view ActionName(Action action) {
  return NameOf<Action>(kActionNames, action);
}
std::optional<Action> ParseAction(std::string_view name) {
  return ParseName<Action>(kActionNames, name);
}

}  // namespace tocsin::access
