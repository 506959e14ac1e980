#include "labelled_tables.h"

#include <fmt/format.h>

#include "tocsin/access/record_shares.h"

namespace tocsin::server {
namespace {

void ReadOwnerAndCase(const store::Row& row, int owner_column, access::RecordLabel& label) {
  if (!row.IsNull(owner_column)) label.owner = access::OrganisationId(row.Integer(owner_column));
  if (!row.IsNull(owner_column + 1)) label.case_id = access::CaseId(row.Integer(owner_column + 1));
}

}  // namespace

access::Clearance StoredClearance(std::int64_t value) {
  // An out-of-range value cannot pass the CHECK constraint; if one ever did, the
  // most restrictive reading is the safe one.
  return access::ClearanceFromStored(value).value_or(access::Clearance::kStrictlyConfidential);
}

nlohmann::json NullableInteger(const store::Row& row, int column) {
  return row.IsNull(column) ? nlohmann::json() : nlohmann::json(row.Integer(column));
}

nlohmann::json NullableReal(const store::Row& row, int column) {
  return row.IsNull(column) ? nlohmann::json() : nlohmann::json(row.Real(column));
}

std::string_view RunKind(access::Resource resource) {
  return resource == access::Resource::kBacktest ? "backtest" : "forecast";
}

Result<RunLabels> LoadRunLabels(store::Transaction& transaction, access::Resource resource, std::int64_t id) {
  std::optional<RunLabels> labels;
  const std::vector<store::Value> params = {id, std::string(RunKind(resource))};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(
      "SELECT label, drivers_label, owner_organisation_id, case_id FROM model_runs WHERE id = ? AND kind = ?",
      params, [&](const store::Row& row) {
        labels.emplace();
        labels->record.label = StoredClearance(row.Integer(0));
        labels->drivers = StoredClearance(row.Integer(1));
        ReadOwnerAndCase(row, 2, labels->record);
        return Status::Ok();
      }));
  if (!labels) return Hidden(resource);
  TOCSIN_ASSIGN_OR_RETURN(labels->record.shared_with, access::LoadShares(transaction, resource, id));
  return *labels;
}

Result<access::RecordLabel> LoadPanelLabel(store::Transaction& transaction, std::int64_t id) {
  std::optional<access::RecordLabel> label;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query("SELECT label, owner_organisation_id, case_id FROM panel_datasets WHERE id = ?",
                        params, [&](const store::Row& row) {
                          label.emplace();
                          label->label = StoredClearance(row.Integer(0));
                          ReadOwnerAndCase(row, 1, *label);
                          return Status::Ok();
                        }));
  if (!label) return Hidden(access::Resource::kPanel);
  TOCSIN_ASSIGN_OR_RETURN(label->shared_with, access::LoadShares(transaction, access::Resource::kPanel, id));
  return *label;
}

access::RecordLabel DriversLabel(const RunLabels& labels) {
  access::RecordLabel drivers = labels.record;
  drivers.label = std::max(labels.record.label, labels.drivers);
  return drivers;
}

std::vector<store::Value> ParamsBefore(store::Value first, const access::SqlFilter& filter) {
  std::vector<store::Value> params;
  params.reserve(filter.params.size() + 1);
  params.push_back(std::move(first));
  for (const store::Value& value : filter.params) params.push_back(value);
  return params;
}

Status Hidden(access::Resource resource) {
  return NotFoundError(fmt::format("no {} with that id", access::ResourceName(resource)));
}

}  // namespace tocsin::server
