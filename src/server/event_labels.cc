#include "event_labels.h"

#include "labelled_tables.h"
#include "tocsin/access/record_shares.h"

namespace tocsin::server {
namespace {

constexpr std::string_view kEventLabel =
    "SELECT label, owner_organisation_id, case_id FROM events WHERE id = ?";
constexpr std::string_view kAlertLabel =
    "SELECT label, owner_organisation_id, case_id FROM alerts WHERE id = ?";

Result<access::RecordLabel> LoadLabel(store::Transaction& transaction, std::string_view sql,
                                      access::Resource resource, std::int64_t id) {
  std::optional<access::RecordLabel> label;
  const std::vector<store::Value> params = {id};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    label = ReadRecordLabel(row, 0);
    return Status::Ok();
  }));
  if (!label) return Hidden(resource);
  TOCSIN_ASSIGN_OR_RETURN(label->shared_with, access::LoadShares(transaction, resource, id));
  return *label;
}

}  // namespace

access::RecordLabel ReadRecordLabel(const store::Row& row, int column) {
  access::RecordLabel label;
  label.label = StoredClearance(row.Integer(column));
  if (!row.IsNull(column + 1)) label.owner = access::OrganisationId(row.Integer(column + 1));
  if (!row.IsNull(column + 2)) label.case_id = access::CaseId(row.Integer(column + 2));
  return label;
}

Result<access::RecordLabel> LoadEventLabel(store::Transaction& transaction, std::int64_t id) {
  return LoadLabel(transaction, kEventLabel, access::Resource::kEvent, id);
}

Result<access::RecordLabel> LoadAlertLabel(store::Transaction& transaction, std::int64_t id) {
  return LoadLabel(transaction, kAlertLabel, access::Resource::kAlert, id);
}

}  // namespace tocsin::server
