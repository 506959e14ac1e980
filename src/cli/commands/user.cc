// tocsin user add|set|disable|enable|passwd|list: manage accounts from the server's shell.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <iostream>

#include "command.h"
#include "tocsin/access/administration.h"

namespace tocsin::cli {
namespace {

struct UserOptions {
  std::string name;
  std::string display_name;
  std::string organisation;
  std::vector<std::string> roles;
  std::string clearance = "public";
  std::string new_clearance;  // user set: empty keeps the user's
  std::string password_file;  // "-" for standard input; empty: generate
  std::string reason;
};

// The first line of `path` ("-": standard input), or a generated password when
// `path` is empty. `generated` is set when the password was generated.
Result<std::string> ReadPassword(const std::string& path, bool* generated) {
  *generated = path.empty();
  if (path.empty()) return access::GeneratePassword();
  std::string password;
  if (path == "-") {
    std::getline(std::cin, password);
  } else {
    std::ifstream in(path);
    if (!in) return IoError(fmt::format("{}: cannot read the password file", path));
    std::getline(in, password);
  }
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

Result<std::vector<access::Role>> ParseRoles(const std::vector<std::string>& names) {
  std::vector<access::Role> roles;
  for (const std::string& name : names) {
    const auto role = access::ParseRole(name);
    if (!role) {
      return InvalidArgumentError(
          fmt::format("unknown role '{}': use analyst, coordinator, case-officer, "
                      "partner-viewer, org-admin, system-admin or auditor",
                      name));
    }
    roles.push_back(*role);
  }
  return roles;
}

Result<access::Clearance> ParseClearanceFlag(const std::string& name) {
  const auto clearance = access::ParseClearance(name);
  if (!clearance) {
    return InvalidArgumentError(fmt::format(
        "unknown clearance '{}': use public, restricted, confidential or strictly-confidential", name));
  }
  return *clearance;
}

void PrintPassword(bool generated, const std::string& name, const std::string& password) {
  if (generated) fmt::print("Password for '{}' (shown once, store it now): {}\n", name, password);
}

Status AddUser(store::Store& store, const UserOptions& options) {
  TOCSIN_ASSIGN_OR_RETURN(const auto roles, ParseRoles(options.roles));
  TOCSIN_ASSIGN_OR_RETURN(const auto clearance, ParseClearanceFlag(options.clearance));
  bool generated = false;
  TOCSIN_ASSIGN_OR_RETURN(const std::string password, ReadPassword(options.password_file, &generated));
  TOCSIN_ASSIGN_OR_RETURN(const std::string hash, access::HashPassword(password));
  TOCSIN_RETURN_IF_ERROR(store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto organisation,
                            access::FindOrganisationByName(transaction, options.organisation));
    const access::NewUser user = {.name = options.name,
                                  .display_name = options.display_name,
                                  .organisation = organisation.id,
                                  .roles = roles,
                                  .clearance = clearance,
                                  .password_hash = hash};
    return access::AddUser(transaction, access::LocalOperator(), user, options.reason).status();
  }));
  fmt::print("Added user '{}' to '{}' with clearance {}.\n", options.name, options.organisation,
             access::ClearanceName(clearance));
  const bool auditor = std::find(roles.begin(), roles.end(), access::Role::kAuditor) != roles.end();
  if (auditor && clearance < access::Clearance::kRestricted) {
    fmt::print(
        "Note: the audit log is labelled restricted; '{}' cannot read it until given that clearance "
        "(tocsin user set {} --clearance restricted).\n",
        options.name, options.name);
  }
  PrintPassword(generated, options.name, password);
  return Status::Ok();
}

Status ChangeUser(store::Store& store, const UserOptions& options, const access::UserChange& change) {
  return store.Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const access::User user, access::FindUserByName(transaction, options.name));
    return access::ChangeUser(transaction, access::LocalOperator(), user.id, change, options.reason);
  });
}

Status SetPassword(store::Store& store, const UserOptions& options) {
  bool generated = false;
  TOCSIN_ASSIGN_OR_RETURN(const std::string password, ReadPassword(options.password_file, &generated));
  TOCSIN_ASSIGN_OR_RETURN(const std::string hash, access::HashPassword(password));
  TOCSIN_RETURN_IF_ERROR(ChangeUser(store, options, {.password_hash = hash}));
  fmt::print("Password of '{}' changed; their sessions have ended.\n", options.name);
  PrintPassword(generated, options.name, password);
  return Status::Ok();
}

// Changes roles, clearance or display name: the local operator may set any,
// including a clearance an administrator lowered and could not raise again.
Status SetUser(store::Store& store, const UserOptions& options) {
  access::UserChange change;
  if (!options.roles.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(change.roles, ParseRoles(options.roles));
  }
  if (!options.new_clearance.empty()) {
    TOCSIN_ASSIGN_OR_RETURN(change.clearance, ParseClearanceFlag(options.new_clearance));
  }
  if (!options.display_name.empty()) change.display_name = options.display_name;
  if (!change.roles && !change.clearance && !change.display_name) {
    return InvalidArgumentError("nothing to change: give --role, --clearance or --display-name");
  }
  TOCSIN_RETURN_IF_ERROR(ChangeUser(store, options, change));
  std::string what;
  if (change.roles) what += fmt::format(" roles {}", fmt::join(options.roles, ", "));
  if (change.clearance) what += fmt::format(" clearance {}", access::ClearanceName(*change.clearance));
  if (change.display_name) what += fmt::format(" display name '{}'", *change.display_name);
  fmt::print("User '{}' now has{}; the change applies to their next request.\n", options.name, what);
  return Status::Ok();
}

Status ListUsers(store::Store& store) {
  // The local operator sees every account, as a system administrator with the
  // highest clearance would.
  access::Principal operator_view{.user = access::UserId(-1),
                                  .roles = {access::Role::kSystemAdmin},
                                  .clearance = access::Clearance::kStrictlyConfidential};
  return store.Read([&](store::Transaction& transaction) -> Status {
    const auto filter = access::SqlFilterFor(operator_view, access::Action::kRead, access::Resource::kUser,
                                             access::kUserColumns);
    TOCSIN_ASSIGN_OR_RETURN(const auto users, access::ListUsers(transaction, filter));
    fmt::print("{:<24} {:<28} {:<22} {:<32} {}\n", "NAME", "ORGANISATION", "CLEARANCE", "ROLES", "STATUS");
    for (const access::User& user : users) {
      std::string roles;
      for (access::Role role : user.roles)
        roles += (roles.empty() ? "" : ", ") + std::string(access::RoleName(role));
      fmt::print("{:<24} {:<28} {:<22} {:<32} {}\n", user.name, user.organisation_name,
                 access::ClearanceName(user.clearance), roles, user.disabled ? "disabled" : "active");
    }
    return Status::Ok();
  });
}

Command RegisterUser(CLI::App& app, CommonOptions& options) {
  CLI::App* group =
      app.add_subcommand("user", "Manage user accounts (add, set, disable, enable, passwd, list)");
  group->require_subcommand(1);
  AddDbOption(group, options);
  auto user = std::make_shared<UserOptions>();

  CLI::App* add = group->add_subcommand("add", "Add a user to an organisation");
  add->add_option("NAME", user->name, "Login name")->required();
  add->add_option("--organisation", user->organisation, "The user's organisation (must exist)")->required();
  add->add_option("--role", user->roles, "Role; repeat for several")->required();
  add->add_option("--clearance", user->clearance, "public, restricted, confidential or strictly-confidential")
      ->capture_default_str();
  add->add_option("--display-name", user->display_name, "Full name shown in the interface");
  add->add_option("--password-file", user->password_file,
                  "File whose first line is the password ('-': stdin)");
  add->footer(
      "Example:\n  tocsin user add ada --organisation 'Prevention Office' --role analyst --clearance "
      "confidential\n"
      "Without --password-file a password is generated and printed once.");

  CLI::App* set = group->add_subcommand("set", "Change a user's roles, clearance or display name");
  set->add_option("NAME", user->name, "Login name")->required();
  set->add_option("--role", user->roles, "Role; repeat for several (replaces the user's roles)");
  set->add_option("--clearance", user->new_clearance,
                  "public, restricted, confidential or strictly-confidential");
  set->add_option("--display-name", user->display_name, "Full name shown in the interface");
  set->footer(
      "Example:\n  tocsin user set cora --clearance strictly-confidential --reason 'restored after review'\n"
      "From the server's shell any clearance may be set; over the API an administrator may not\n"
      "grant more than they hold, nor change the clearance of someone who holds more.");

  CLI::App* disable =
      group->add_subcommand("disable", "Disable a user: their sessions and tokens stop at once");
  disable->add_option("NAME", user->name, "Login name")->required();
  CLI::App* enable = group->add_subcommand("enable", "Enable a disabled user again");
  enable->add_option("NAME", user->name, "Login name")->required();
  CLI::App* passwd = group->add_subcommand(
      "passwd", "Set a user's password (ends their sessions, revokes their API tokens)");
  passwd->add_option("NAME", user->name, "Login name")->required();
  passwd->add_option("--password-file", user->password_file,
                     "File whose first line is the password ('-': stdin)");
  CLI::App* list = group->add_subcommand("list", "List every user");
  for (CLI::App* command : {add, set, disable, enable, passwd}) {
    command->add_option("--reason", user->reason, "Why, for the audit log");
  }
  for (CLI::App* command : {add, set, disable, enable, passwd, list}) AddDbOption(command, options);

  return {group, [&options, user, add, set, disable, enable, passwd] {
            auto store = OpenStore(options);
            if (!store.ok()) return Fail(store.status());
            Status status;
            if (add->parsed()) {
              status = AddUser(**store, *user);
            } else if (set->parsed()) {
              status = SetUser(**store, *user);
            } else if (disable->parsed() || enable->parsed()) {
              status = ChangeUser(**store, *user, {.disabled = disable->parsed()});
              if (status.ok())
                fmt::print("User '{}' {}.\n", user->name, disable->parsed() ? "disabled" : "enabled");
            } else if (passwd->parsed()) {
              status = SetPassword(**store, *user);
            } else {
              status = ListUsers(**store);
            }
            return status.ok() ? static_cast<int>(kExitOk) : Fail(status);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(55, RegisterUser);

}  // namespace tocsin::cli
