#include "tocsin/access/organisation_repository.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "tocsin/core/time.h"
#include "unique_name.h"

namespace tocsin::access {
namespace {

constexpr std::size_t kMaximumOrganisationName = 200;
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
  if (name.size() > kMaximumOrganisationName) {
    return InvalidArgumentError(
        fmt::format("an organisation's name has at most {} bytes", kMaximumOrganisationName));
  }
  if (std::isspace(static_cast<unsigned char>(name.front())) != 0 ||
      std::isspace(static_cast<unsigned char>(name.back())) != 0) {
    return InvalidArgumentError(fmt::format("organisation name '{}' starts or ends with a space", name));
  }
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return InvalidArgumentError("an organisation's name cannot hold control characters (tabs, line breaks)");
  }
  TOCSIN_RETURN_IF_ERROR(
      RefuseTakenName(transaction, "SELECT name FROM organisations WHERE lower(name) = lower(?) LIMIT 1",
                      "organisation", name));
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
