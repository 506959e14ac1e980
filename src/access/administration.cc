#include "tocsin/access/administration.h"

#include <nlohmann/json.hpp>

#include "tocsin/access/api_token.h"

namespace tocsin::access {
namespace {

nlohmann::json RoleNames(const std::vector<Role>& roles) {
  nlohmann::json names = nlohmann::json::array();
  for (Role role : roles) names.push_back(RoleName(role));
  return names;
}

Status Audit(store::Transaction& transaction, const AuditActor& actor, std::string action, Resource resource,
             std::int64_t record_id, const nlohmann::json& detail, const std::string& reason) {
  AuditEntry entry;
  entry.actor = actor;
  entry.action = std::move(action);
  entry.resource = std::string(ResourceName(resource));
  entry.record_id = std::to_string(record_id);
  entry.reason = reason;
  entry.detail_json = detail.dump();
  return AppendAudit(transaction, std::move(entry)).status();
}

}  // namespace

Result<OrganisationId> AddOrganisation(store::Transaction& transaction, const AuditActor& actor,
                                       const std::string& name, const std::string& reason) {
  TOCSIN_ASSIGN_OR_RETURN(const OrganisationId id, CreateOrganisation(transaction, name));
  TOCSIN_RETURN_IF_ERROR(Audit(transaction, actor, "organisation.create", Resource::kOrganisation, id.value(),
                               {{"name", name}}, reason));
  return id;
}

Result<UserId> AddUser(store::Transaction& transaction, const AuditActor& actor, const NewUser& user,
                       const std::string& reason) {
  TOCSIN_ASSIGN_OR_RETURN(const UserId id, CreateUser(transaction, user));
  const nlohmann::json detail = {{"name", user.name},
                                 {"organisation_id", user.organisation.value()},
                                 {"roles", RoleNames(user.roles)},
                                 {"clearance", ClearanceName(user.clearance)}};
  TOCSIN_RETURN_IF_ERROR(
      Audit(transaction, actor, "user.create", Resource::kUser, id.value(), detail, reason));
  return id;
}

Status ChangeUser(store::Transaction& transaction, const AuditActor& actor, UserId id,
                  const UserChange& change, const std::string& reason) {
  TOCSIN_RETURN_IF_ERROR(UpdateUser(transaction, id, change));
  nlohmann::json detail = nlohmann::json::object();
  if (change.display_name) detail["display_name"] = *change.display_name;
  if (change.roles) detail["roles"] = RoleNames(*change.roles);
  if (change.clearance) detail["clearance"] = ClearanceName(*change.clearance);
  if (change.disabled) detail["disabled"] = *change.disabled;
  if (change.password_hash) detail["password"] = "changed";
  if (change.password_hash || change.disabled.value_or(false)) {
    TOCSIN_RETURN_IF_ERROR(EndSessionsOf(transaction, id, Clock::now()));
  }
  // A password is reset when the account may be in other hands: whoever held it
  // must lose the API tokens they made with it too, not only the sessions.
  if (change.password_hash) {
    TOCSIN_ASSIGN_OR_RETURN(detail["tokens_revoked"], RevokeApiTokensOf(transaction, id, Clock::now()));
  }
  return Audit(transaction, actor, "user.update", Resource::kUser, id.value(), detail, reason);
}

Result<FirstAdministrator> EnsureFirstAdministrator(store::Store& store,
                                                    const FirstAdministratorOptions& options) {
  FirstAdministrator result;
  result.name = options.name;
  result.organisation = options.organisation;
  std::string password = options.password;
  if (password.empty()) password = GeneratePassword();
  // Hash outside the write transaction: it is deliberately slow.
  TOCSIN_ASSIGN_OR_RETURN(const std::string hash, HashPassword(password, options.hash_cost));
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const std::int64_t admins, CountUsersWithRole(transaction, Role::kSystemAdmin));
    if (admins > 0) return Status::Ok();
    OrganisationId organisation;
    if (auto existing = FindOrganisationByName(transaction, options.organisation); existing.ok()) {
      organisation = existing->id;
    } else {
      TOCSIN_ASSIGN_OR_RETURN(organisation,
                              AddOrganisation(transaction, LocalOperator(), options.organisation,
                                              "tocsin init: default organisation"));
    }
    const NewUser admin = {.name = options.name,
                           .display_name = "System administrator",
                           .organisation = organisation,
                           .roles = {Role::kSystemAdmin},
                           .clearance = Clearance::kRestricted,
                           .password_hash = hash};
    TOCSIN_RETURN_IF_ERROR(
        AddUser(transaction, LocalOperator(), admin, "tocsin init: first system administrator").status());
    result.created = true;
    return Status::Ok();
  }));
  if (result.created && options.password.empty()) result.generated_password = password;
  return result;
}

}  // namespace tocsin::access
