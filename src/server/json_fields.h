// Typed fields of a JSON request body, with errors that say what to fix.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "tocsin/access/clearance.h"
#include "tocsin/access/ids.h"
#include "tocsin/access/role.h"
#include "tocsin/core/result.h"
#include "tocsin/store/store.h"

namespace tocsin::server {

// An integer JSON number that fits int64: not a fraction, not an unsigned number
// beyond it (which would wrap to a negative one).
bool IsInt64(const nlohmann::json& value);

// Errors: InvalidArgument "field 'name' is required and must be a string".
Result<std::string> RequiredString(const nlohmann::json& body, std::string_view field);
Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, std::string_view field);
Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, std::string_view field);
Result<std::optional<std::int64_t>> OptionalInteger(const nlohmann::json& body, std::string_view field);
// An integer that fits an int (a country code, a score), never one cut down to fit.
Result<std::optional<int>> OptionalInt(const nlohmann::json& body, std::string_view field);
Result<std::optional<access::Clearance>> OptionalClearance(const nlohmann::json& body,
                                                           std::string_view field);
Result<std::optional<std::vector<access::Role>>> OptionalRoles(const nlohmann::json& body,
                                                               std::string_view field);

// The organisations a request names in one field, each by id (3) or by name
// ("Relief NGO"): a caller who may not list organisations knows them by name.
struct OrganisationList {
  std::string field;
  std::vector<std::variant<access::OrganisationId, std::string>> entries;

  // Their ids, names looked up, each once. Errors: InvalidArgument naming the
  // field and an organisation that does not exist.
  Result<std::vector<access::OrganisationId>> Resolve(store::Transaction& transaction) const;
};
Result<std::optional<OrganisationList>> OptionalOrganisations(const nlohmann::json& body,
                                                              std::string_view field);
// The ids of the organisations `list` names, none when it is absent.
Result<std::vector<access::OrganisationId>> ResolveOrganisations(store::Transaction& transaction,
                                                                 const std::optional<OrganisationList>& list);

// The value, or JSON null when there is none.
template <typename T>
nlohmann::json Nullable(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

// The JSON array of role names.
nlohmann::json RoleNames(const std::vector<access::Role>& roles);

}  // namespace tocsin::server
