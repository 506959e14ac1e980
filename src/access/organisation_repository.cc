#include "tocsin/access/organisation_repository.h"

#include <fmt/format.h>

#include "tocsin/core/time.h"

namespace tocsin::access {
namespace {

constexpr std::string_view kSelectOrganisation = "SELECT id, name, created_at FROM organisations";

Organisation ReadOrganisation(const store::Row& row) {
  return {OrganisationId(row.Integer(0)), row.Text(1), row.Text(2)};
}

Result<Organisation> LoadOneOrganisation(store::Transaction& transaction, const std::string& sql,
                                         const store::Value& key, std::string_view what) {
  std::optional<Organisation> found;
  const std::vector<store::Value> params = {key};
  TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const store::Row& row) {
    found = ReadOrganisation(row);
    return Status::Ok();
  }));
  if (!found) return NotFoundError(fmt::format("no organisation {}", what));
  return *found;
}

}  // namespace

RecordLabel OrganisationRecordLabel(OrganisationId organisation) {
  return {.label = kOrganisationLabel, .owner = organisation};
}

Result<OrganisationId> CreateOrganisation(store::Transaction& transaction, const std::string& name) {
  if (name.empty()) return InvalidArgumentError("an organisation needs a name");
  if (FindOrganisationByName(transaction, name).ok()) {
    return AlreadyExistsError(fmt::format("organisation '{}' already exists", name));
  }
  const std::vector<store::Value> params = {name, NowUtc()};
  TOCSIN_RETURN_IF_ERROR(
      transaction.Execute("INSERT INTO organisations (name, created_at) VALUES (?, ?)", params).status());
  return OrganisationId(transaction.LastInsertId());
}

Result<Organisation> LoadOrganisation(store::Transaction& transaction, OrganisationId id) {
  return LoadOneOrganisation(transaction, std::string(kSelectOrganisation) + " WHERE id = ?", id.value(),
                             std::to_string(id.value()));
}

Result<Organisation> FindOrganisationByName(store::Transaction& transaction, const std::string& name) {
  return LoadOneOrganisation(transaction, std::string(kSelectOrganisation) + " WHERE name = ?", name,
                             "named '" + name + "'");
}

Result<std::vector<Organisation>> ListOrganisations(store::Transaction& transaction,
                                                    const SqlFilter& filter) {
  std::vector<Organisation> organisations;
  TOCSIN_RETURN_IF_ERROR(
      transaction.Query(std::string(kSelectOrganisation) + " WHERE " + filter.sql + " ORDER BY name",
                        filter.params, [&](const store::Row& row) {
                          organisations.push_back(ReadOrganisation(row));
                          return Status::Ok();
                        }));
  return organisations;
}

}  // namespace tocsin::access
