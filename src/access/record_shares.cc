#include "tocsin/access/record_shares.h"

namespace tocsin::access {

Result<std::vector<OrganisationId>> LoadShares(store::Transaction& transaction, Resource resource,
                                               std::int64_t record_id) {
  std::vector<OrganisationId> organisations;
  const std::vector<store::Value> params = {static_cast<std::int64_t>(resource), record_id};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query("SELECT organisation_id FROM record_shares WHERE resource = ? AND record_id = ? "
                        "ORDER BY organisation_id",
                        params, [&](const store::Row& row) {
                          organisations.emplace_back(row.Integer(0));
                          return Status::Ok();
                        }));
  return organisations;
}

Status ReplaceShares(store::Transaction& transaction, Resource resource, std::int64_t record_id,
                     const std::vector<OrganisationId>& organisations) {
  const std::vector<store::Value> record = {static_cast<std::int64_t>(resource), record_id};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Execute("DELETE FROM record_shares WHERE resource = ? AND record_id = ?", record).status());
  std::vector<std::vector<store::Value>> rows;
  for (OrganisationId organisation : organisations) {
    rows.push_back({static_cast<std::int64_t>(resource), record_id, organisation.value()});
  }
  const Status inserted = transaction.ExecuteMany(
      "INSERT INTO record_shares (resource, record_id, organisation_id) VALUES (?, ?, ?) ON CONFLICT DO "
      "NOTHING",
      rows);
  if (!inserted.ok()) return InvalidArgumentError("cannot share with an organisation that does not exist");
  return Status::Ok();
}

}  // namespace tocsin::access
