#include "json_fields.h"

#include <fmt/format.h>

#include <utility>

namespace tocsin::server {
namespace {

Status WrongType(std::string_view field, std::string_view expected) {
  return InvalidArgumentError(fmt::format("field '{}' must be {}", field, expected));
}

const nlohmann::json* Field(const nlohmann::json& body, std::string_view field) {
  const auto found = body.find(field);
  return found == body.end() || found->is_null() ? nullptr : &*found;
}

}  // namespace

Result<std::string> RequiredString(const nlohmann::json& body, std::string_view field) {
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr || !value->is_string()) {
    return InvalidArgumentError(fmt::format("field '{}' is required and must be a string", field));
  }
  return value->get<std::string>();
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& body, std::string_view field) {
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return WrongType(field, "a string");
  return std::optional<std::string>(value->get<std::string>());
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& body, std::string_view field) {
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_boolean()) return WrongType(field, "true or false");
  return std::optional<bool>(value->get<bool>());
}

bool IsInt64(const nlohmann::json& value) {
  // An unsigned number beyond int64 would wrap to a negative one.
  return value.is_number_integer() &&
         (!value.is_number_unsigned() || std::in_range<std::int64_t>(value.get<std::uint64_t>()));
}

Result<std::optional<std::int64_t>> OptionalInteger(const nlohmann::json& body, std::string_view field) {
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr) return std::optional<std::int64_t>();
  if (!IsInt64(*value)) return WrongType(field, "an integer");
  return std::optional<std::int64_t>(value->get<std::int64_t>());
}

Result<std::optional<int>> OptionalInt(const nlohmann::json& body, std::string_view field) {
  TOCSIN_ASSIGN_OR_RETURN(const auto value, OptionalInteger(body, field));
  if (!value) return std::optional<int>();
  if (!std::in_range<int>(*value)) {
    return InvalidArgumentError(fmt::format("field '{}' is out of range: {}", field, *value));
  }
  return std::optional<int>(static_cast<int>(*value));
}

Result<std::optional<access::Clearance>> OptionalClearance(const nlohmann::json& body,
                                                           std::string_view field) {
  TOCSIN_ASSIGN_OR_RETURN(const auto name, OptionalString(body, field));
  if (!name) return std::optional<access::Clearance>();
  const auto clearance = access::ParseClearance(*name);
  if (!clearance) {
    return WrongType(field, "one of \"public\", \"restricted\", \"confidential\", \"strictly confidential\"");
  }
  return std::optional<access::Clearance>(*clearance);
}

Result<std::optional<std::vector<access::Role>>> OptionalRoles(const nlohmann::json& body,
                                                               std::string_view field) {
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr) return std::optional<std::vector<access::Role>>();
  if (!value->is_array()) return WrongType(field, "an array of role names");
  std::vector<access::Role> roles;
  for (const nlohmann::json& name : *value) {
    const auto role = name.is_string() ? access::ParseRole(name.get<std::string>()) : std::nullopt;
    if (!role) return WrongType(field, "an array of role names such as \"analyst\" or \"org admin\"");
    roles.push_back(*role);
  }
  return std::optional<std::vector<access::Role>>(std::move(roles));
}

Result<std::optional<std::vector<access::OrganisationId>>> OptionalOrganisations(const nlohmann::json& body,
                                                                                 std::string_view field) {
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr) return std::optional<std::vector<access::OrganisationId>>();
  if (!value->is_array()) return WrongType(field, "an array of organisation ids");
  std::vector<access::OrganisationId> organisations;
  for (const nlohmann::json& id : *value) {
    if (!IsInt64(id)) return WrongType(field, "an array of organisation ids");
    organisations.emplace_back(id.get<std::int64_t>());
  }
  return std::optional<std::vector<access::OrganisationId>>(std::move(organisations));
}

nlohmann::json RoleNames(const std::vector<access::Role>& roles) {
  nlohmann::json names = nlohmann::json::array();
  for (access::Role role : roles) names.push_back(access::RoleName(role));
  return names;
}

}  // namespace tocsin::server
