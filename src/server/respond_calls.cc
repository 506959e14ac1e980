#include "respond_calls.h"

#include <fmt/format.h>

#include "tocsin/respond/tasks.h"

namespace tocsin::server {

Status ReadAs(Call& call, const RespondWork& work) {
  const respond::Context context{call.principal, call.services.clock()};
  return call.store().Read([&](store::Transaction& transaction) { return work(transaction, context); });
}

Status WriteAs(Call& call, const RespondWork& work) {
  const respond::Context context{call.principal, call.services.clock()};
  return call.store().Write([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(respond::EscalateOverdueTasks(transaction, context).status());
    return work(transaction, context);
  });
}

std::string Reason(const nlohmann::json& body) {
  const auto reason = body.find("reason");
  return reason != body.end() && reason->is_string() ? reason->get<std::string>() : std::string();
}

Result<std::vector<std::string>> OptionalStrings(const nlohmann::json& body, std::string_view field) {
  std::vector<std::string> strings;
  const auto found = body.find(field);
  if (found == body.end() || found->is_null()) return strings;
  if (!found->is_array())
    return InvalidArgumentError(fmt::format("field '{}' must be an array of strings", field));
  for (const nlohmann::json& item : *found) {
    if (!item.is_string())
      return InvalidArgumentError(fmt::format("field '{}' must be an array of strings", field));
    strings.push_back(item.get<std::string>());
  }
  return strings;
}

Result<int> RequiredCountry(const nlohmann::json& body) {
  TOCSIN_ASSIGN_OR_RETURN(const auto gw, OptionalInt(body, "gw"));
  if (!gw) return InvalidArgumentError("field 'gw' (the Gleditsch-Ward number of the country) is required");
  return *gw;
}

}  // namespace tocsin::server
