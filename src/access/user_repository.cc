#include "tocsin/access/user_repository.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "principal_query.h"
#include "tocsin/core/time.h"
#include "unique_name.h"

namespace tocsin::access {
namespace {

constexpr std::size_t kMaximumNameLength = 64;

constexpr std::string_view kSelectUser =
    "SELECT users.id, users.name, users.display_name, users.organisation_id, organisations.name, "
    "users.clearance, "
    "users.disabled, users.created_at, users.updated_at FROM users "
    "JOIN organisations ON organisations.id = users.organisation_id";

bool ValidName(std::string_view name) {
  if (name.empty() || name.size() > kMaximumNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '@';
  });
}

User ReadUser(const store::Row& row) {
  User user;
  user.id = UserId(row.Integer(0));
  user.name = row.Text(1);
  user.display_name = row.Text(2);
  user.organisation = OrganisationId(row.Integer(3));
  user.organisation_name = row.Text(4);
  // The CHECK constraint keeps the stored value in range.
  user.clearance = ClearanceFromStored(row.Integer(5)).value_or(Clearance::kPublic);
  user.disabled = row.Integer(6) != 0;
  user.created_at = row.Text(7);
  user.updated_at = row.Text(8);
  return user;
}

Status LoadRoles(store::Transaction& transaction, User& user) {
  const std::vector<store::Value> params = {user.id.value()};
  return transaction.Query("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", params,
                           [&](const store::Row& row) {
                             if (const auto role = RoleFromStored(row.Integer(0)))
                               user.roles.push_back(*role);
                             return Status::Ok();
                           });
}

Status ReplaceRoles(store::Transaction& transaction, UserId id, const std::vector<Role>& roles) {
  if (roles.empty()) return InvalidArgumentError("a user needs at least one role");
  const std::vector<store::Value> user = {id.value()};
  TOCSIN_RETURN_IF_ERROR(transaction.Execute("DELETE FROM user_roles WHERE user_id = ?", user).status());
  std::vector<std::vector<store::Value>> rows;
  for (Role role : roles) rows.push_back({id.value(), static_cast<std::int64_t>(role)});
  return transaction.ExecuteMany(
      "INSERT INTO user_roles (user_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING", rows);
}

Result<User> LoadOneUser(store::Transaction& transaction, const std::string& sql, const store::Value& key,
                         std::string_view what) {
  std::optional<User> found;
  const std::vector<store::Value> params = {key};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    found = ReadUser(row);
    return Status::Ok();
  }));
  if (!found) return NotFoundError(fmt::format("no user {}", what));
  TOCSIN_RETURN_IF_ERROR(LoadRoles(transaction, *found));
  return *found;
}

}  // namespace

RecordLabel UserRecordLabel(const User& user) {
  return {.label = kUserLabel, .owner = user.organisation};
}

Result<UserId> CreateUser(store::Transaction& transaction, const NewUser& user) {
  if (!ValidName(user.name)) {
    return InvalidArgumentError(
        fmt::format("'{}' is not a user name: use 1-{} letters, digits, '.', '_', '-' or '@'", user.name,
                    kMaximumNameLength));
  }
  if (user.roles.empty()) return InvalidArgumentError("a user needs at least one role");
  TOCSIN_RETURN_IF_ERROR(RefuseTakenName(
      transaction, "SELECT name FROM users WHERE lower(name) = lower(?) LIMIT 1", "user", user.name));
  const std::string now = NowUtc();
  const std::vector<store::Value> params = {user.name,
                                            user.display_name,
                                            user.organisation.value(),
                                            static_cast<std::int64_t>(user.clearance),
                                            user.password_hash,
                                            now,
                                            now};
  const auto inserted = transaction.Execute(
      "INSERT INTO users (name, display_name, organisation_id, clearance, password_hash, created_at, "
      "updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      params);
  if (!inserted.ok()) {
    return InvalidArgumentError(
        fmt::format("cannot add user '{}': no organisation {}", user.name, user.organisation.value()));
  }
  const UserId id(transaction.LastInsertId());
  TOCSIN_RETURN_IF_ERROR(ReplaceRoles(transaction, id, user.roles));
  return id;
}

Result<User> LoadUser(store::Transaction& transaction, UserId id) {
  return LoadOneUser(transaction, std::string(kSelectUser) + " WHERE users.id = ?", id.value(),
                     fmt::format("with id {}", id.value()));
}

Result<User> FindUserByName(store::Transaction& transaction, const std::string& name) {
  return LoadOneUser(transaction, std::string(kSelectUser) + " WHERE users.name = ?", name,
                     fmt::format("named '{}'", name));
}

Result<std::pair<UserId, std::string>> FindLoginCredentials(store::Transaction& transaction,
                                                            const std::string& name) {
  std::optional<std::pair<UserId, std::string>> found;
  const std::vector<store::Value> params = {name};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query("SELECT id, password_hash FROM users WHERE name = ? AND disabled = 0", params,
                        [&](const store::Row& row) {
                          found.emplace(UserId(row.Integer(0)), row.Text(1));
                          return Status::Ok();
                        }));
  if (!found) return NotFoundError("unknown or disabled user");
  return *found;
}

Result<std::vector<User>> ListUsers(store::Transaction& transaction, const SqlFilter& filter) {
  std::vector<User> users;
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query(std::string(kSelectUser) + " WHERE " + filter.sql + " ORDER BY users.name",
                        filter.params, [&](const store::Row& row) {
                          users.push_back(ReadUser(row));
                          return Status::Ok();
                        }));
  for (User& user : users) TOCSIN_RETURN_IF_ERROR(LoadRoles(transaction, user));
  return users;
}

Status UpdateUser(store::Transaction& transaction, UserId id, const UserChange& change) {
  TOCSIN_ASSIGN_OR_RETURN(const User current, LoadUser(transaction, id));
  const std::vector<store::Value> params = {
      change.display_name.value_or(current.display_name),
      static_cast<std::int64_t>(change.clearance.value_or(current.clearance)),
      std::int64_t{change.disabled.value_or(current.disabled) ? 1 : 0}, NowUtc(), id.value()};
  TOCSIN_RETURN_IF_ERROR(
      transaction
          .Execute("UPDATE users SET display_name = ?, clearance = ?, disabled = ?, updated_at = ? "
                   "WHERE id = ?",
                   params)
          .status());
  if (change.password_hash) {
    const std::vector<store::Value> password = {*change.password_hash, id.value()};
    TOCSIN_RETURN_IF_ERROR(
        transaction.Execute("UPDATE users SET password_hash = ? WHERE id = ?", password).status());
  }
  if (change.roles) TOCSIN_RETURN_IF_ERROR(ReplaceRoles(transaction, id, *change.roles));
  return Status::Ok();
}

Result<Principal> PrincipalFromRow(const store::Row& row, int first) {
  Principal principal;
  principal.user = UserId(row.Integer(first));
  principal.name = row.Text(first + 1);
  if (row.Integer(first + 4) != 0) {
    return PermissionDeniedError(fmt::format("user '{}' is disabled", principal.name));
  }
  principal.organisation = OrganisationId(row.Integer(first + 2));
  // The CHECK constraint keeps the stored value in range.
  principal.clearance = ClearanceFromStored(row.Integer(first + 3)).value_or(Clearance::kPublic);
  const std::string roles = row.Text(first + 5);
  for (std::size_t start = 0; start < roles.size();) {
    const std::size_t comma = std::min(roles.find(',', start), roles.size());
    std::int64_t value = 0;
    std::from_chars(roles.data() + start, roles.data() + comma, value);
    if (const auto role = RoleFromStored(value)) principal.roles.push_back(*role);
    start = comma + 1;
  }
  std::sort(principal.roles.begin(), principal.roles.end());
  // Need-to-know: the cases the user is a member of (table case_members).
  const std::string cases = row.IsNull(first + 6) ? std::string() : row.Text(first + 6);
  for (std::size_t start = 0; start < cases.size();) {
    const std::size_t comma = std::min(cases.find(',', start), cases.size());
    std::int64_t value = 0;
    std::from_chars(cases.data() + start, cases.data() + comma, value);
    if (value != 0) principal.cases.emplace_back(value);
    start = comma + 1;
  }
  std::sort(principal.cases.begin(), principal.cases.end());
  return principal;
}

Result<Principal> LoadPrincipal(store::Transaction& transaction, UserId id) {
  std::optional<Result<Principal>> principal;
  const std::vector<store::Value> params = {id.value()};
  const PrincipalColumns principal_columns(transaction.dialect());
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query("SELECT " + principal_columns.sql + " FROM users WHERE users.id = ?", params,
                        [&](const store::Row& row) {
                          principal = PrincipalFromRow(row);
                          return Status::Ok();
                        }));
  if (!principal) return NotFoundError(fmt::format("no user with id {}", id.value()));
  return *principal;
}

Result<std::int64_t> CountUsersWithRole(store::Transaction& transaction, Role role) {
  std::int64_t count = 0;
  const std::vector<store::Value> params = {static_cast<std::int64_t>(role)};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query("SELECT count(*) FROM user_roles JOIN users ON users.id = user_roles.user_id "
                        "WHERE user_roles.role = ? AND users.disabled = 0",
                        params, [&](const store::Row& row) {
                          count = row.Integer(0);
                          return Status::Ok();
                        }));
  return count;
}

}  // namespace tocsin::access
