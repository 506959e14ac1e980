#include <charconv>
#include <utility>

#include "route.h"
#include "services.h"

namespace tocsin::server {
namespace {

std::optional<std::int64_t> ParseInteger(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
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

Result<std::optional<int>> Call::IntQuery(std::string_view name) const {
  TOCSIN_ASSIGN_OR_RETURN(const auto value, IntegerQuery(name));
  if (value && !std::in_range<int>(*value)) {
    return InvalidArgumentError("query parameter '" + std::string(name) +
                                "' is out of range: " + std::to_string(*value));
  }
  return value ? std::optional<int>(static_cast<int>(*value)) : std::optional<int>();
}

Result<nlohmann::json> Call::JsonBody() const {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded()) return InvalidArgumentError("the request body is not valid JSON");
  if (!body.is_object()) return InvalidArgumentError("the request body must be a JSON object");
  return body;
}

}  // namespace tocsin::server
