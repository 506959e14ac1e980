// Users: accounts of one organisation with roles and a clearance. Functions take
// the caller's transaction so that a change and its audit entry commit together.
// Passwords arrive already hashed (HashPassword) so that the slow hash runs
// outside the write lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tocsin/access/policy.h"
#include "tocsin/access/principal.h"
#include "tocsin/store/store.h"

namespace tocsin::access {

struct User {
  UserId id = {};
  std::string name = {};  // login name
  std::string display_name = {};
  OrganisationId organisation = {};
  std::string organisation_name = {};
  std::vector<Role> roles = {};  // in stored order
  Clearance clearance = Clearance::kPublic;
  bool disabled = false;
  std::string created_at = {};
  std::string updated_at = {};
};

// User records are restricted and owned by the user's organisation.
inline constexpr Clearance kUserLabel = Clearance::kRestricted;
RecordLabel UserRecordLabel(const User& user);
inline constexpr RecordColumns kUserColumns = {
    .id = "users.id", .owner = "users.organisation_id", .fixed_label = kUserLabel};

struct NewUser {
  std::string name = {};
  std::string display_name = {};
  OrganisationId organisation = {};
  std::vector<Role> roles = {};
  Clearance clearance = Clearance::kPublic;
  std::string password_hash = {};
};

// Errors: InvalidArgument for a name that is not 1-64 letters, digits, '.', '_',
// '-' or '@', for no role, or an unknown organisation; AlreadyExists for a taken name.
Result<UserId> CreateUser(store::Transaction& transaction, const NewUser& user);

// Errors: NotFound.
Result<User> LoadUser(store::Transaction& transaction, UserId id);
Result<User> FindUserByName(store::Transaction& transaction, const std::string& name);
// The stored password hash of an enabled user; NotFound for an unknown or
// disabled one (login answers both alike).
Result<std::pair<UserId, std::string>> FindLoginCredentials(store::Transaction& transaction,
                                                            const std::string& name);

// The users `filter` (from SqlFilterFor over kUserColumns) lets through, by name.
Result<std::vector<User>> ListUsers(store::Transaction& transaction, const SqlFilter& filter);

// Fields left empty are not changed. Errors: NotFound, InvalidArgument (no roles).
struct UserChange {
  std::optional<std::string> display_name = {};
  std::optional<std::vector<Role>> roles = {};
  std::optional<Clearance> clearance = {};
  std::optional<bool> disabled = {};
  std::optional<std::string> password_hash = {};
};
Status UpdateUser(store::Transaction& transaction, UserId id, const UserChange& change);

// The policy's view of an enabled user. Errors: NotFound for an unknown user,
// PermissionDenied for a disabled one.
Result<Principal> LoadPrincipal(store::Transaction& transaction, UserId id);

// How many users hold `role` (for `tocsin init`: is there a system admin yet?).
Result<std::int64_t> CountUsersWithRole(store::Transaction& transaction, Role role);

}  // namespace tocsin::access
