// Changes to organisations and accounts, each with its audit entry in the same
// transaction. Callers (the `tocsin` commands and the API) decide beforehand
// whether the actor may make the change; these functions only record it.
#pragma once

#include <string>

#include "tocsin/access/audit_log.h"
#include "tocsin/access/organisation_repository.h"
#include "tocsin/access/password.h"
#include "tocsin/access/session.h"
#include "tocsin/access/user_repository.h"

namespace tocsin::access {

// Creates organisation `name` and audits "organisation.create".
Result<OrganisationId> AddOrganisation(store::Transaction& transaction, const AuditActor& actor,
                                       const std::string& name, const std::string& reason = "");

// Creates `user` and audits "user.create" (without the password hash).
Result<UserId> AddUser(store::Transaction& transaction, const AuditActor& actor, const NewUser& user,
                       const std::string& reason = "");

// Applies `change` and audits "user.update" naming the fields changed (never the
// password hash). A new password or disabling ends the user's sessions at once.
Status ChangeUser(store::Transaction& transaction, const AuditActor& actor, UserId id,
                  const UserChange& change, const std::string& reason = "");

struct FirstAdministratorOptions {
  std::string organisation = "Default organisation";
  std::string name = "admin";
  std::string password = {};  // empty: generate one
  PasswordHashOptions hash_cost = {};
};

struct FirstAdministrator {
  bool created = false;  // false: a system administrator already existed
  std::string name = {};
  std::string organisation = {};
  std::string generated_password = {};  // set only when one was generated: show it once
};

// Creates the default organisation and the first system administrator unless an
// enabled system administrator exists. Idempotent.
Result<FirstAdministrator> EnsureFirstAdministrator(store::Store& store,
                                                    const FirstAdministratorOptions& options);

}  // namespace tocsin::access
