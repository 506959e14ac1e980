// Names of users and organisations are unique ignoring case (private to the
// access module): "Alice" beside "alice" would let one pass for the other in
// lists, shares and the audit log.
#pragma once

#include <string>
#include <string_view>

#include "tocsin/core/status.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

// AlreadyExists when `find_sql` (a constant SELECT of one name column, with one
// parameter compared case-insensitively) finds a name; says so when it differs
// from `name` only in case. `what` is "user" or "organisation".
Status RefuseTakenName(store::Transaction& transaction, std::string_view find_sql, std::string_view what,
                       const std::string& name);

}  // namespace tocsin::access
