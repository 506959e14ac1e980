// tocsin init: create the database and fill the countries table.
#include <fmt/format.h>

#include "command.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {

namespace {

Command RegisterInit(CLI::App& app, CommonOptions& options) {
  CLI::App* command = app.add_subcommand("init", "Create the database (or bring it up to date) and load the countries");
  command->footer("Example:\n  tocsin init --db tocsin.db\nSafe to re-run: an existing database keeps its data.");
  AddDbOption(command, options);
  return {command, [&options] {
            auto store = OpenStore(options);
            if (!store.ok()) return Fail(store.status());
            const auto& registry = CountryRegistry::Default();
            if (Status synced = store::SyncCountries(**store, registry); !synced.ok()) return Fail(synced);
            fmt::print("Database {} ready: schema version {}, {} countries.\n", (*store)->url(),
                       (*store)->schema_version(), registry.countries().size());
            return static_cast<int>(kExitOk);
          }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(10, RegisterInit);

}  // namespace tocsin::cli
