#include "tocsin/store/panel_repository.h"

#include <fmt/format.h>

#include "tocsin/core/time.h"

#include <limits>

namespace tocsin::store {
namespace {

constexpr std::string_view kSelectDatasetById = "SELECT id, source, data_hash FROM panel_datasets WHERE id = ?";
constexpr std::string_view kSelectLatestDataset =
    "SELECT id, source, data_hash FROM panel_datasets ORDER BY id DESC LIMIT 1";

Value OptionalGw(const CountryRegistry& registry, int cow, int year) {
  const Country* country = registry.ByCow(cow, year);
  if (country == nullptr) return std::monostate();
  return std::int64_t{country->gw};
}

}  // namespace

Status SyncCountries(Store& store, const CountryRegistry& registry) {
  return store.Write([&](Transaction& transaction) {
    std::vector<std::vector<Value>> rows;
    for (const Country& country : registry.countries()) {
      rows.push_back(
          {std::int64_t{country.gw}, country.iso3, country.fips, country.name, country.region, country.iso_numeric});
    }
    return transaction.ExecuteMany(
        "INSERT INTO countries (gw, iso3, fips, name, region, iso_numeric) "
        "VALUES (?, nullif(?, ''), nullif(?, ''), ?, ?, nullif(?, '')) "
        "ON CONFLICT (gw) DO UPDATE SET iso3 = excluded.iso3, fips = excluded.fips, name = excluded.name, "
        "region = excluded.region, iso_numeric = excluded.iso_numeric",
        rows);
  });
}

Result<SavedPanel> SavePanel(Store& store, const Panel& panel, const CountryRegistry& registry,
                             const PanelWrittenHook& on_written) {
  TOCSIN_RETURN_IF_ERROR(SyncCountries(store, registry));
  SavedPanel saved;
  TOCSIN_RETURN_IF_ERROR(store.Write([&](Transaction& transaction) -> Status {
    const std::vector<Value> hash = {panel.data_hash};
    TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT id FROM panel_datasets WHERE data_hash = ?", hash,
                                             [&](const Row& row) {
                                               saved.dataset_id = row.Integer(0);
                                               saved.already_present = true;
                                               return Status::Ok();
                                             }));
    if (saved.already_present) return Status::Ok();

    const std::vector<Value> dataset = {panel.source, panel.data_hash, static_cast<std::int64_t>(panel.rows()),
                                        std::int64_t{panel.first_year()}, std::int64_t{panel.last_year()}, NowUtc()};
    TOCSIN_RETURN_IF_ERROR(transaction
                               .Execute("INSERT INTO panel_datasets (source, data_hash, rows, first_year, last_year, "
                                        "imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                                        dataset)
                               .status());
    saved.dataset_id = transaction.LastInsertId();
    const Value id = saved.dataset_id;

    std::vector<std::vector<Value>> variables;
    for (std::size_t i = 0; i < panel.variables().size(); ++i) {
      variables.push_back({id, static_cast<std::int64_t>(i), panel.variables()[i]});
    }
    TOCSIN_RETURN_IF_ERROR(
        transaction.ExecuteMany("INSERT INTO panel_variables (dataset_id, position, name) VALUES (?, ?, ?)", variables));

    std::vector<std::vector<Value>> rows;
    std::vector<std::vector<Value>> values;
    rows.reserve(panel.rows());
    values.reserve(panel.rows() * panel.variables().size());
    for (std::size_t row = 0; row < panel.rows(); ++row) {
      const PanelKey& key = panel.key(row);
      rows.push_back({id, static_cast<std::int64_t>(row), key.country, std::int64_t{key.cow},
                      OptionalGw(registry, key.cow, key.year), std::int64_t{key.year}});
      for (std::size_t variable = 0; variable < panel.variables().size(); ++variable) {
        Value value = std::monostate();
        if (!panel.missing(row, variable)) value = panel.value(row, variable);
        values.push_back({id, static_cast<std::int64_t>(row), static_cast<std::int64_t>(variable), std::move(value)});
      }
    }
    TOCSIN_RETURN_IF_ERROR(transaction.ExecuteMany(
        "INSERT INTO panel_rows (dataset_id, row_number, country_name, cow, gw, year) VALUES (?, ?, ?, ?, ?, ?)", rows));
    TOCSIN_RETURN_IF_ERROR(transaction.ExecuteMany(
        "INSERT INTO panel_values (dataset_id, row_number, position, value) VALUES (?, ?, ?, ?)", values));
    return on_written ? on_written(transaction, saved) : Status::Ok();
  }));
  return saved;
}

Result<Panel> LoadPanel(Store& store, std::optional<std::int64_t> dataset_id, std::int64_t* loaded_id) {
  Panel panel;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](Transaction& transaction) -> Status {
    std::optional<std::int64_t> id = dataset_id;
    std::string source;
    std::string hash;
    std::vector<Value> params;
    if (dataset_id) params.emplace_back(*dataset_id);
    bool found = false;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(dataset_id ? kSelectDatasetById : kSelectLatestDataset, params,
                                             [&](const Row& row) {
                                               found = true;
                                               id = row.Integer(0);
                                               source = row.Text(1);
                                               hash = row.Text(2);
                                               return Status::Ok();
                                             }));
    if (!found) {
      if (dataset_id) return NotFoundError(fmt::format("no panel dataset {} in {}", *dataset_id, store.url()));
      return NotFoundError(fmt::format("no panel imported yet in {}; run `tocsin import panel FILE`", store.url()));
    }
    if (loaded_id != nullptr) *loaded_id = *id;
    const std::vector<Value> key = {*id};
    std::vector<std::string> variables;
    TOCSIN_RETURN_IF_ERROR(transaction.Query("SELECT name FROM panel_variables WHERE dataset_id = ? ORDER BY position",
                                             key, [&](const Row& row) {
                                               variables.push_back(row.Text(0));
                                               return Status::Ok();
                                             }));
    panel = Panel(variables);
    panel.source = source;
    panel.data_hash = hash;
    std::vector<PanelKey> keys;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT country_name, cow, year FROM panel_rows WHERE dataset_id = ? ORDER BY row_number", key,
        [&](const Row& row) {
          keys.push_back({row.Text(0), static_cast<int>(row.Integer(1)), static_cast<int>(row.Integer(2))});
          return Status::Ok();
        }));
    std::vector<double> values(keys.size() * variables.size(), std::numeric_limits<double>::quiet_NaN());
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT row_number, position, value FROM panel_values WHERE dataset_id = ?", key, [&](const Row& row) {
          const auto index = static_cast<std::size_t>(row.Integer(0)) * variables.size() +
                             static_cast<std::size_t>(row.Integer(1));
          if (index >= values.size()) return DataLossError("panel_values refers to a row that does not exist");
          if (!row.IsNull(2)) values[index] = row.Real(2);
          return Status::Ok();
        }));
    for (std::size_t row = 0; row < keys.size(); ++row) {
      std::vector<double> row_values(values.begin() + static_cast<std::ptrdiff_t>(row * variables.size()),
                                     values.begin() + static_cast<std::ptrdiff_t>((row + 1) * variables.size()));
      TOCSIN_RETURN_IF_ERROR(panel.AddRow(std::move(keys[row]), std::move(row_values)));
    }
    return Status::Ok();
  }));
  return panel;
}

}  // namespace tocsin::store
