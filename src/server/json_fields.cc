#include "json_fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "tocsin/access/organisation_repository.h"

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

Result<std::optional<OrganisationList>> OptionalOrganisations(const nlohmann::json& body,
                                                              std::string_view field) {
  constexpr std::string_view kExpected = "an array of organisations, each an id or a name";
  const nlohmann::json* value = Field(body, field);
  if (value == nullptr) return std::optional<OrganisationList>();
  if (!value->is_array()) return WrongType(field, kExpected);
  OrganisationList list{.field = std::string(field), .entries = {}};
  for (const nlohmann::json& entry : *value) {
    if (IsInt64(entry)) {
      list.entries.emplace_back(access::OrganisationId(entry.get<std::int64_t>()));
    } else if (entry.is_string() && !entry.get<std::string>().empty()) {
      list.entries.emplace_back(entry.get<std::string>());
    } else {
      return WrongType(field, kExpected);
    }
  }
  return std::optional<OrganisationList>(std::move(list));
}

Result<std::vector<access::OrganisationId>> OrganisationList::Resolve(store::Transaction& transaction) const {
  std::vector<access::OrganisationId> ids;
  for (const auto& entry : entries) {
    if (const auto* id = std::get_if<access::OrganisationId>(&entry)) {
      const auto organisation = access::LoadOrganisation(transaction, *id);
      if (organisation.status().code() == StatusCode::kNotFound) {
        return InvalidArgumentError(fmt::format("{}: no organisation {}", field, id->value()));
      }
      TOCSIN_RETURN_IF_ERROR(organisation.status());
      ids.push_back(*id);
      continue;
    }
    const std::string& name = std::get<std::string>(entry);
    auto organisation = access::FindOrganisationByName(transaction, name);
    if (organisation.status().code() == StatusCode::kNotFound) {
      return InvalidArgumentError(fmt::format("{}: no organisation named '{}'", field, name));
    }
    TOCSIN_RETURN_IF_ERROR(organisation.status());
    ids.push_back(organisation->id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Result<std::vector<access::OrganisationId>> ResolveOrganisations(
    store::Transaction& transaction, const std::optional<OrganisationList>& list) {
  if (!list) return std::vector<access::OrganisationId>();
  return list->Resolve(transaction);
}

nlohmann::json RoleNames(const std::vector<access::Role>& roles) {
  nlohmann::json names = nlohmann::json::array();
  for (access::Role role : roles) names.push_back(access::RoleName(role));
  return names;
}

}  // namespace tocsin::server
