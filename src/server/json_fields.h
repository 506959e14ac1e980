// Typed fields of a JSON request body, with errors that say what to fix.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tocsin/access/clearance.h"
#include "tocsin/access/ids.h"
#include "tocsin/access/role.h"
#include "tocsin/core/result.h"

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
Result<std::optional<std::vector<access::OrganisationId>>> OptionalOrganisations(const nlohmann::json& body,
                                                                                 std::string_view field);

// The value, or JSON null when there is none.
template <typename T>
nlohmann::json Nullable(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

// The JSON array of role names.
nlohmann::json RoleNames(const std::vector<access::Role>& roles);

}  // namespace tocsin::server
