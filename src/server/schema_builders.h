// Builders of OpenAPI schema fragments, shared by every file that declares the
// schemas of its routes (openapi_schemas.cc, monitor_schemas.cc, judgement_schemas.cc).
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace tocsin::server::schema {

using nlohmann::json;

inline json Type(std::string_view type) {
  return {{"type", type}};
}
inline json Nullable(std::string_view type) {
  return {{"type", type}, {"nullable", true}};
}
inline json ArrayOf(json items) {
  return {{"type", "array"}, {"items", std::move(items)}};
}
inline json Object(json properties, json required = json::array()) {
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}
// A string that is one of `names`.
inline json OneOf(std::initializer_list<std::string_view> names) {
  json values = json::array();
  for (std::string_view name : names) values.push_back(name);
  return {{"type", "string"}, {"enum", std::move(values)}};
}
// Organisations a request names, each by id or by name.
inline json OrganisationRefs() {
  return ArrayOf({{"oneOf", json::array({Type("integer"), Type("string")})},
                  {"description", "an organisation's id, or its name"}});
}
inline json ClearanceEnum() {
  return OneOf({"public", "restricted", "confidential", "strictly confidential"});
}

}  // namespace tocsin::server::schema
