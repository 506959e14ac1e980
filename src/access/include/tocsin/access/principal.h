// Who is asking: the authenticated user as the policy sees them on this request.
#pragma once

#include <string>
#include <vector>

#include "tocsin/access/clearance.h"
#include "tocsin/access/ids.h"
#include "tocsin/access/role.h"

namespace tocsin::access {

// Loaded afresh from the store on every request, so that disabling a user or
// lowering a clearance takes effect on the next request. A default-constructed
// Principal is anonymous: it has no role, so the policy denies it everything.
struct Principal {
  UserId user = {};
  std::string name = {};  // login name, for the audit log and access log
  OrganisationId organisation = {};
  std::vector<Role> roles = {};
  Clearance clearance = Clearance::kPublic;
  std::vector<CaseId> cases = {};  // cases the user is a member of (need-to-know)

  bool authenticated() const { return user.valid(); }
  bool HasRole(Role role) const;
  bool OnCase(CaseId case_id) const;
};

}  // namespace tocsin::access
