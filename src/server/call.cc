#include <fmt/format.h>

#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "route.h"
#include "services.h"
#include "tocsin/core/json_text.h"

namespace tocsin::server {
namespace {

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// The first member of `value` (at `where`) that `schema` does not define, as
// "where.name", or "" when every member is known. Objects with listed
// properties are closed; arrays are checked item by item.
std::string UnknownField(const nlohmann::json& value, const nlohmann::json& schema, const std::string& where,
                         std::string* known) {
  if (value.is_object()) {
    const auto properties = schema.find("properties");
    if (properties == schema.end() || !properties->is_object()) return "";
    for (const auto& [name, member] : value.items()) {
      std::string path = where.empty() ? name : where + "." + name;
      const auto defined = properties->find(name);
      if (defined == properties->end()) {
        known->clear();
        for (const auto& [field, unused] : properties->items())
          known->append(known->empty() ? "" : ", ").append(field);
        return path;
      }
      if (std::string unknown = UnknownField(member, *defined, path, known); !unknown.empty()) return unknown;
    }
  } else if (value.is_array()) {
    const auto items = schema.find("items");
    if (items == schema.end()) return "";
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (std::string unknown = UnknownField(value[i], *items, fmt::format("{}[{}]", where, i), known);
          !unknown.empty()) {
        return unknown;
      }
    }
  }
  return "";
}

}  // namespace

store::Store& Call::store() const {
  return bound_store != nullptr ? *bound_store : services.store();
}

Result<std::int64_t> Call::IdParameter(std::string_view name) const {
  const auto found = path_parameters.find(name);
  const auto value = found == path_parameters.end() ? std::nullopt : ParseInteger(found->second);
  if (!value) return NotFoundError("no such record");
  return *value;
}

Result<std::optional<std::int64_t>> Call::IntegerQuery(std::string_view name) const {
  const std::string key(name);
  if (!request.has_param(key)) return std::optional<std::int64_t>();
  const auto value = ParseInteger(request.get_param_value(key));
  if (!value) return InvalidArgumentError("query parameter '" + key + "' must be an integer");
  return std::optional<std::int64_t>(*value);
}

Result<std::int64_t> Call::LimitQuery(std::int64_t fallback, std::int64_t maximum) const {
  TOCSIN_ASSIGN_OR_RETURN(const auto value, IntegerQuery("limit"));
  if (!value) return fallback;
  if (*value < 1 || *value > maximum) {
    return InvalidArgumentError(
        fmt::format("query parameter 'limit' must be from 1 to {}, not {}", maximum, *value));
  }
  return *value;
}

Result<std::optional<int>> Call::IntQuery(std::string_view name) const {
  TOCSIN_ASSIGN_OR_RETURN(const auto value, IntegerQuery(name));
  if (value && !std::in_range<int>(*value)) {
    return InvalidArgumentError("query parameter '" + std::string(name) +
                                "' is out of range: " + std::to_string(*value));
  }
  return value ? std::optional<int>(static_cast<int>(*value)) : std::optional<int>();
}

Result<nlohmann::json> Call::JsonBody() const {
  // No body: every field left out (a route's required fields then say so).
  if (request.body.empty()) return nlohmann::json::object();
  std::string duplicate;
  nlohmann::json body = ParseJsonNotingDuplicates(request.body, &duplicate);
  if (body.is_discarded()) return InvalidArgumentError("the request body is not valid JSON");
  if (!body.is_object()) return InvalidArgumentError("the request body must be a JSON object");
  if (!duplicate.empty()) {
    return InvalidArgumentError(fmt::format("field '{}' is given twice in one object", duplicate));
  }
  if (body_schema != nullptr) {
    std::string known;
    if (const std::string unknown = UnknownField(body, *body_schema, "", &known); !unknown.empty()) {
      return InvalidArgumentError(
          fmt::format("field '{}' is not a field of this request (known here: {})", unknown, known));
    }
  }
  return body;
}

}  // namespace tocsin::server
