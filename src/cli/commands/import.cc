// tocsin import panel FILE: load a country-year panel (EWP's prepared predictors).
#include <fmt/format.h>

#include "audit_hooks.h"
#include "command.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/core/panel.h"
#include "tocsin/forecast/specification.h"
#include "tocsin/store/panel_repository.h"

namespace tocsin::cli {
namespace {

struct ImportOptions {
  std::string file;
  bool any_columns = false;
};

int ImportPanel(const CommonOptions& options, const ImportOptions& import) {
  PanelCsvOptions csv;
  const forecast::ModelSpecification spec;
  if (!import.any_columns) {
    csv.required_columns = spec.predictors;
    csv.required_columns.insert(csv.required_columns.end(), spec.complete_columns.begin(), spec.complete_columns.end());
    csv.required_columns.push_back(spec.target);
  }
  // The outcomes, wherever present: a miscoded one would be stored and fail every later fit.
  csv.binary_columns = spec.outcome_columns;
  // The whole file is read and checked before the store is opened for writing,
  // so a bad file leaves the store as it was.
  auto panel = ReadPanelCsv(import.file, csv);
  if (!panel.ok()) return Fail(panel.status());
  auto store = OpenStore(options, IfMissing::kCreate);
  if (!store.ok()) return Fail(store.status());
  auto saved = SavePanelAudited(**store, *panel, "tocsin import panel");
  if (!saved.ok()) return Fail(saved.status());
  if (saved->already_present) {
    fmt::print("{}: identical to dataset {} already imported; nothing changed.\n", import.file, saved->dataset_id);
  } else {
    fmt::print("{}: imported as dataset {}: {} country-years, {}-{}, {} variables.\n", import.file,
               saved->dataset_id, panel->rows(), panel->first_year(), panel->last_year(), panel->variables().size());
  }
  return static_cast<int>(kExitOk);
}

}  // namespace

namespace {

Command RegisterImport(CLI::App& app, CommonOptions& options) {
  // `import` groups one subcommand per kind of data; other files add theirs with
  // app.get_subcommand("import")->add_subcommand(...).
  CLI::App* command = app.add_subcommand("import", "Import data into the database");
  command->require_subcommand(1);
  AddDbOption(command, options);
  CLI::App* panel = command->add_subcommand("panel", "Import a country-year panel CSV (the EWP predictor file)");
  auto import = std::make_shared<ImportOptions>();
  panel->add_option("FILE", import->file, "CSV with ewp_name, ccode, year and the model's columns")
      ->required()
      ->check(CLI::ExistingFile);
  panel->add_flag("--any-columns", import->any_columns,
                  "Accept a panel without the EWP model's columns (it can then not be forecast from)");
  AddDbOption(panel, options);
  panel->footer(
      "Example:\n  tocsin import panel ../shared/data/ewp/prepared2024predictors-2025-09-03.csv\n"
      "The file is checked completely before anything is written: a bad cell, a missing column or a\n"
      "truncated file is reported with file, line and column and the database is left unchanged.\n"
      "Importing the same file again changes nothing.");
  return {panel, [&options, import] { return ImportPanel(options, *import); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(20, RegisterImport);

}  // namespace tocsin::cli
