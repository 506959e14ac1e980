// tocsin organisation add|list: the tenants users belong to.
#include <fmt/format.h>

#include "command.h"
#include "tocsin/access/administration.h"

namespace tocsin::cli {
namespace {

struct OrganisationOptions {
  std::string name;
  std::string reason;
};

Status ListOrganisations(store::Store& store) {
  // The local operator sees every organisation, as a system administrator would.
  const access::Principal operator_view{.user = access::UserId(-1), .roles = {access::Role::kSystemAdmin}};
  return store.Read([&](store::Transaction& transaction) -> Status {
    const auto filter = access::SqlFilterFor(operator_view, access::Action::kRead,
                                             access::Resource::kOrganisation, access::kOrganisationColumns);
    TOCSIN_ASSIGN_OR_RETURN(const auto organisations, access::ListOrganisations(transaction, filter));
    for (const access::Organisation& organisation : organisations) {
      fmt::print("{:>6}  {}\n", organisation.id.value(), organisation.name);
    }
    return Status::Ok();
  });
}

Command RegisterOrganisation(CLI::App& app, CommonOptions& options) {
  CLI::App* group = app.add_subcommand("organisation", "Manage organisations (add, list)");
  group->require_subcommand(1);
  AddDbOption(group, options);
  auto organisation = std::make_shared<OrganisationOptions>();
  CLI::App* add = group->add_subcommand("add", "Add an organisation");
  add->add_option("NAME", organisation->name, "Its name, e.g. 'UN Office on Genocide Prevention'")
      ->required();
  add->add_option("--reason", organisation->reason, "Why, for the audit log");
  add->footer("Example:\n  tocsin organisation add 'Partner NGO'");
  CLI::App* list = group->add_subcommand("list", "List organisations");
  for (CLI::App* command : {add, list}) AddDbOption(command, options);
  return {group, [&options, organisation, add] {
            auto store = OpenStore(options);
            if (!store.ok()) return Fail(store.status());
            Status status;
            if (add->parsed()) {
              status = (*store)->Write([&](store::Transaction& transaction) {
                return access::AddOrganisation(transaction, access::LocalOperator(), organisation->name,
                                               organisation->reason)
                    .status();
              });
              if (status.ok()) fmt::print("Added organisation '{}'.\n", organisation->name);
            } else {
              status = ListOrganisations(**store);
            }
            return status.ok() ? static_cast<int>(kExitOk) : Fail(status);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(56, RegisterOrganisation);

}  // namespace tocsin::cli
