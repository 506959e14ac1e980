// Roles: what kind of work a user does, and so which actions the policy permits.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tocsin::access {

// Stored in user_roles.role; the values are never renumbered.
enum class Role : std::uint8_t {
  kAnalyst = 1,
  kCoordinator = 2,
  kCaseOfficer = 3,
  kPartnerViewer = 4,
  kOrganisationAdmin = 5,
  kSystemAdmin = 6,
  kAuditor = 7,
};

inline constexpr Role kAllRoles[] = {Role::kAnalyst,       Role::kCoordinator,       Role::kCaseOfficer,
                                     Role::kPartnerViewer, Role::kOrganisationAdmin, Role::kSystemAdmin,
                                     Role::kAuditor};

// "analyst", "coordinator", "case officer", "partner viewer", "org admin",
// "system admin", "auditor" (the names docs/security.md uses).
std::string_view RoleName(Role role);

// Parses a name as RoleName writes it; '_' and '-' may stand for the space.
std::optional<Role> ParseRole(std::string_view name);

// The role whose stored value is `value`, if there is one.
std::optional<Role> RoleFromStored(std::int64_t value);

}  // namespace tocsin::access
