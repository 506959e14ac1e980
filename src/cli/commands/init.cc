// tocsin init: create the database, fill the countries table, and create the
// default organisation with the first system administrator.
#include <fmt/format.h>

#include <cstdlib>
#include <string_view>

#include "command.h"
#include "tocsin/access/administration.h"
#include "tocsin/access/password.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {

namespace {

struct InitOptions {
  std::string organisation = "Default organisation";
  std::string admin = "admin";
};

int Init(const CommonOptions& options, const InitOptions& init) {
  // A password that will be refused is refused before anything is created.
  if (const char* password = std::getenv("TOCSIN_ADMIN_PASSWORD");
      password != nullptr && std::string_view(password).size() < access::kMinimumPasswordLength) {
    return Fail(InvalidArgumentError(fmt::format(
        "TOCSIN_ADMIN_PASSWORD: a password needs at least {} characters", access::kMinimumPasswordLength)));
  }
  auto store = OpenStore(options, IfMissing::kCreate);
  if (!store.ok()) return Fail(store.status());
  const auto& registry = CountryRegistry::Default();
  if (Status synced = store::SyncCountries(**store, registry); !synced.ok()) return Fail(synced);
  access::FirstAdministratorOptions first{.organisation = init.organisation, .name = init.admin};
  if (const char* password = std::getenv("TOCSIN_ADMIN_PASSWORD"); password != nullptr)
    first.password = password;
  const auto admin = access::EnsureFirstAdministrator(**store, first);
  if (!admin.ok()) return Fail(admin.status().WithContext("creating the first administrator"));
  fmt::print("Database {} ready: schema version {}, {} countries.\n", (*store)->url(),
             (*store)->schema_version(), registry.countries().size());
  if (admin->created) {
    fmt::print("Created system administrator '{}' in organisation '{}'.\n", admin->name, admin->organisation);
  }
  if (!admin->generated_password.empty()) {
    fmt::print("Password for '{}' (shown once, store it now): {}\n", admin->name, admin->generated_password);
  }
  return static_cast<int>(kExitOk);
}

Command RegisterInit(CLI::App& app, CommonOptions& options) {
  CLI::App* command =
      app.add_subcommand("init", "Create the database (or bring it up to date) and load the countries");
  command->footer(
      "Example:\n  TOCSIN_ADMIN_PASSWORD='a long passphrase' tocsin init --db tocsin.db\n"
      "Safe to re-run: an existing database keeps its data. The first run also creates a default\n"
      "organisation and a system administrator, whose password comes from $TOCSIN_ADMIN_PASSWORD\n"
      "or is generated and printed once.");
  AddDbOption(command, options);
  auto init = std::make_shared<InitOptions>();
  command->add_option("--organisation", init->organisation, "Name of the default organisation")
      ->capture_default_str();
  command->add_option("--admin", init->admin, "Login name of the first system administrator")
      ->capture_default_str();
  return {command, [&options, init] { return Init(options, *init); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(10, RegisterInit);

}  // namespace tocsin::cli
