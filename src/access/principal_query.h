// Loading a Principal in the same query that checks a credential (private to the
// access module): authentication runs on every request, so it is one statement.
#pragma once

#include <string_view>

#include "tocsin/access/principal.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

// The select list that PrincipalFromRow reads, over a query that joins `users`.
inline constexpr std::string_view kPrincipalColumns =
    "users.id, users.name, users.organisation_id, users.clearance, users.disabled, "
    "(SELECT group_concat(role) FROM user_roles WHERE user_roles.user_id = users.id), "
    "(SELECT group_concat(case_id) FROM case_members WHERE case_members.user_id = users.id)";

// The principal in the columns kPrincipalColumns selects, starting at column
// `first`. Errors: PermissionDenied for a disabled user.
Result<Principal> PrincipalFromRow(const store::Row& row, int first = 0);

}  // namespace tocsin::access
