// Loading a Principal in the same query that checks a credential (private to the
// access module): authentication runs on every request, so it is one statement.
#pragma once

#include <string>
#include <string_view>

#include "tocsin/access/principal.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

// The select list that PrincipalFromRow reads, over a query that joins `users`,
// in each backend's dialect (the lists of roles and cases come from each one's
// own string aggregate).
inline constexpr std::string_view kPrincipalColumnsSqlite =
    "users.id, users.name, users.organisation_id, users.clearance, users.disabled, "
    "(SELECT group_concat(role) FROM user_roles WHERE user_roles.user_id = users.id), "
    "(SELECT group_concat(case_id) FROM case_members WHERE case_members.user_id = users.id)";
inline constexpr std::string_view kPrincipalColumnsPostgres =
    "users.id, users.name, users.organisation_id, users.clearance, users.disabled, "
    "(SELECT string_agg(CAST(role AS TEXT), ',') FROM user_roles WHERE user_roles.user_id = users.id), "
    "(SELECT string_agg(CAST(case_id AS TEXT), ',') FROM case_members WHERE case_members.user_id = users.id)";

// The select list above for the store's dialect, as a policy-style fragment.
struct PrincipalColumns {
  explicit PrincipalColumns(store::Dialect dialect)
      : sql(dialect == store::Dialect::kSqlite ? kPrincipalColumnsSqlite : kPrincipalColumnsPostgres) {}
  std::string sql;
};

// The principal in the columns PrincipalColumns selects, starting at column
// `first`. Errors: PermissionDenied for a disabled user.
Result<Principal> PrincipalFromRow(const store::Row& row, int first = 0);

}  // namespace tocsin::access
