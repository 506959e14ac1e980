// Users (administration): list, read, create and change accounts. Org admins
// reach their own organisation's accounts, system admins every organisation's.
#include <fmt/format.h>

#include "api_routes.h"
#include "http_status.h"
#include "json_fields.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/access/administration.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

nlohmann::json UserJson(const access::User& user) {
  return {{"id", user.id.value()},
          {"name", user.name},
          {"display_name", user.display_name},
          {"organisation", {{"id", user.organisation.value()}, {"name", user.organisation_name}}},
          {"roles", RoleNames(user.roles)},
          {"clearance", access::ClearanceName(user.clearance)},
          {"disabled", user.disabled},
          {"created_at", user.created_at},
          {"updated_at", user.updated_at}};
}

// User `id` if the caller may perform `action` on it; Hidden otherwise.
Result<access::User> VisibleUser(store::Transaction& transaction, const Call& call, Action action,
                                 std::int64_t id) {
  auto user = access::LoadUser(transaction, access::UserId(id));
  if (!user.ok() ||
      !access::Decide(call.principal, action, Resource::kUser, access::UserRecordLabel(*user))) {
    return Hidden(Resource::kUser);
  }
  return user;
}

Status CheckGrant(const Call& call, const std::vector<access::Role>& roles, access::Clearance clearance) {
  if (access::DecideGrant(call.principal, roles, clearance)) return Status::Ok();
  return PermissionDeniedError(
      "you may not grant a clearance above your own, nor the system admin or auditor roles unless a system "
      "admin");
}

Result<Reply> ListUsers(Call& call) {
  const auto filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kUser, access::kUserColumns);
  nlohmann::json users = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto found, access::ListUsers(transaction, filter));
    for (const access::User& user : found) users.push_back(UserJson(user));
    return Status::Ok();
  }));
  return Reply{.body = {{"users", std::move(users)}}};
}

Result<Reply> GetUser(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json user;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const access::User found, VisibleUser(transaction, call, Action::kRead, id));
    user = UserJson(found);
    return Status::Ok();
  }));
  return Reply{.body = std::move(user)};
}

Result<Reply> CreateUser(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  TOCSIN_ASSIGN_OR_RETURN(const std::string name, RequiredString(body, "name"));
  TOCSIN_ASSIGN_OR_RETURN(const std::string password, RequiredString(body, "password"));
  TOCSIN_ASSIGN_OR_RETURN(const auto display_name, OptionalString(body, "display_name"));
  TOCSIN_ASSIGN_OR_RETURN(const auto organisation, OptionalInteger(body, "organisation_id"));
  TOCSIN_ASSIGN_OR_RETURN(const auto roles, OptionalRoles(body, "roles"));
  TOCSIN_ASSIGN_OR_RETURN(const auto clearance, OptionalClearance(body, "clearance"));
  TOCSIN_ASSIGN_OR_RETURN(const auto reason, OptionalString(body, "reason"));
  access::NewUser user{
      .name = name,
      .display_name = display_name.value_or(""),
      .organisation = access::OrganisationId(organisation.value_or(call.principal.organisation.value())),
      .roles = roles.value_or(std::vector<access::Role>{}),
      .clearance = clearance.value_or(access::Clearance::kPublic)};
  // The new account is a record of its organisation: the policy decides whether
  // the caller may create one there, exactly as for reading it later.
  if (!access::Decide(call.principal, Action::kCreate, Resource::kUser,
                      {.label = access::kUserLabel, .owner = user.organisation})) {
    return Hidden(Resource::kOrganisation);
  }
  TOCSIN_RETURN_IF_ERROR(CheckGrant(call, user.roles, user.clearance));
  TOCSIN_ASSIGN_OR_RETURN(user.password_hash,
                          access::HashPassword(password, call.services.options().password_hashing));
  nlohmann::json created;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(
        const access::UserId id,
        access::AddUser(transaction, access::ActorOf(call.principal), user, reason.value_or("")));
    TOCSIN_ASSIGN_OR_RETURN(const access::User stored, access::LoadUser(transaction, id));
    created = UserJson(stored);
    return Status::Ok();
  }));
  return Reply{.status = kHttpCreated, .body = std::move(created)};
}

Result<Reply> ChangeUser(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  TOCSIN_ASSIGN_OR_RETURN(const nlohmann::json body, call.JsonBody());
  access::UserChange change;
  TOCSIN_ASSIGN_OR_RETURN(change.display_name, OptionalString(body, "display_name"));
  TOCSIN_ASSIGN_OR_RETURN(change.roles, OptionalRoles(body, "roles"));
  TOCSIN_ASSIGN_OR_RETURN(change.clearance, OptionalClearance(body, "clearance"));
  TOCSIN_ASSIGN_OR_RETURN(change.disabled, OptionalBool(body, "disabled"));
  TOCSIN_ASSIGN_OR_RETURN(const auto password, OptionalString(body, "password"));
  TOCSIN_ASSIGN_OR_RETURN(const auto reason, OptionalString(body, "reason"));
  if (password) {
    TOCSIN_ASSIGN_OR_RETURN(change.password_hash,
                            access::HashPassword(*password, call.services.options().password_hashing));
  }
  nlohmann::json changed;
  TOCSIN_RETURN_IF_ERROR(call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const access::User user, VisibleUser(transaction, call, Action::kUpdate, id));
    // Lowering a clearance one does not hold could not be undone by the one who did it.
    if (change.clearance && user.clearance > call.principal.clearance) {
      return PermissionDeniedError(fmt::format(
          "{}'s clearance ({}) is above your own: only someone who holds it, or the server's operator "
          "(tocsin user set), may change it",
          user.name, access::ClearanceName(user.clearance)));
    }
    // Taking over an account (a new password), disabling it or changing its roles is
    // for those who could have granted what it holds: an organisation admin
    // resetting a system admin's password would become one.
    const bool takes_control = change.password_hash || change.disabled || change.roles;
    if (takes_control && !access::DecideGrant(call.principal, user.roles, user.clearance)) {
      return PermissionDeniedError(fmt::format(
          "{} holds a role or clearance you could not grant (system admin, auditor, or above your own "
          "clearance): only a system admin who could, or the server's operator (tocsin user), may reset, "
          "disable or change the roles of this account",
          user.name));
    }
    TOCSIN_RETURN_IF_ERROR(CheckGrant(call, change.roles.value_or(std::vector<access::Role>{}),
                                      change.clearance.value_or(access::Clearance::kPublic)));
    TOCSIN_RETURN_IF_ERROR(access::ChangeUser(transaction, access::ActorOf(call.principal), user.id, change,
                                              reason.value_or("")));
    TOCSIN_ASSIGN_OR_RETURN(const access::User stored, access::LoadUser(transaction, user.id));
    changed = UserJson(stored);
    return Status::Ok();
  }));
  return Reply{.body = std::move(changed)};
}

}  // namespace

void AddUserRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/api/v1/users",
                    .summary = "Accounts the caller administers or audits",
                    .tag = "administration",
                    .resource = Resource::kUser,
                    .response_schema = "UserList",
                    .handler = ListUsers});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/users/{id}",
                    .summary = "One account",
                    .tag = "administration",
                    .resource = Resource::kUser,
                    .response_schema = "User",
                    .handler = GetUser});
  routes.push_back({.method = "POST",
                    .path = "/api/v1/users",
                    .summary = "Create an account in an organisation the caller administers",
                    .tag = "administration",
                    .resource = Resource::kUser,
                    .action = Action::kCreate,
                    .request_schema = "NewUser",
                    .response_schema = "User",
                    .success_status = kHttpCreated,
                    .handler = CreateUser});
  routes.push_back(
      {.method = "PATCH",
       .path = "/api/v1/users/{id}",
       .summary = "Change an account: roles, clearance, disable, password (takes effect on its next request)",
       .tag = "administration",
       .resource = Resource::kUser,
       .action = Action::kUpdate,
       .request_schema = "UserChange",
       .response_schema = "User",
       .handler = ChangeUser});
}

}  // namespace tocsin::server
