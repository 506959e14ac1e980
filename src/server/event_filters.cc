#include "event_filters.h"

#include <charconv>

#include "tocsin/core/country_registry.h"

namespace tocsin::server {

Result<std::optional<int>> CountryQuery(const Call& call) {
  if (!call.request.has_param("country")) return std::optional<int>();
  const std::string text = call.request.get_param_value("country");
  int gw = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), gw);
  const Country* country = error == std::errc() && end == text.data() + text.size()
                               ? CountryRegistry::Default().ByGw(gw)
                               : CountryRegistry::Default().ByIso3(text);
  if (country == nullptr) {
    return InvalidArgumentError(
        "query parameter 'country' must be an ISO 3166-1 alpha-3 code (SYR) or a Gleditsch-Ward number "
        "(652)");
  }
  return std::optional<int>(country->gw);
}

Result<std::optional<monitor::DayNumber>> DateQuery(const Call& call, std::string_view name) {
  const std::string key(name);
  if (!call.request.has_param(key)) return std::optional<monitor::DayNumber>();
  const auto day = monitor::ParseDate(call.request.get_param_value(key));
  if (!day.ok()) return InvalidArgumentError("query parameter '" + key + "' must be a date YYYY-MM-DD");
  return std::optional<monitor::DayNumber>(*day);
}

Result<monitor::ViolenceMask> ViolenceQuery(const Call& call) {
  if (!call.request.has_param("violence")) return monitor::kAnyViolence;
  const std::string text = call.request.get_param_value("violence");
  monitor::ViolenceMask mask = 0;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const auto type = monitor::ParseViolenceType(std::string_view(text).substr(begin, comma - begin));
    if (!type) {
      return InvalidArgumentError(
          "query parameter 'violence' must list state-based, non-state, one-sided, protest or other, "
          "separated by commas");
    }
    mask |= monitor::ViolenceBit(*type);
    begin = comma + 1;
  }
  return mask;
}

nlohmann::json CountryJson(int gw) {
  nlohmann::json json = {{"gw", gw}};
  if (const Country* country = CountryRegistry::Default().ByGw(gw); country != nullptr) {
    json["iso3"] = country->iso3;
    json["name"] = country->name;
  }
  return json;
}

nlohmann::json ViolenceNames(monitor::ViolenceMask mask) {
  nlohmann::json names = nlohmann::json::array();
  for (int type = 1; type <= monitor::kViolenceTypeCount; ++type) {
    const auto violence = static_cast<monitor::ViolenceType>(type);
    if ((mask & monitor::ViolenceBit(violence)) != 0) names.push_back(monitor::ViolenceTypeName(violence));
  }
  return names;
}

}  // namespace tocsin::server
