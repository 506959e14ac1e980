// What the response workflow's routes (watchlist, options, cases, tasks and
// decisions, the gap report) share: running a handler's work as the caller in
// a transaction, and the request fields and list answers they all use.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "audit_trail.h"
#include "json_fields.h"
#include "services.h"
#include "tocsin/respond/json.h"

namespace tocsin::server {

using RespondWork = std::function<Status(store::Transaction&, const respond::Context&)>;

// Runs `work` in a read transaction as the caller, on the server's clock.
Status ReadAs(Call& call, const RespondWork& work);

// Runs `work` in a write transaction as the caller. Overdue tasks are escalated
// to their case leads first, so that no change is made on a stale picture.
Status WriteAs(Call& call, const RespondWork& work);

// The request's optional "reason", empty when absent or not a string.
std::string Reason(const nlohmann::json& body);

// An optional array of strings; empty when absent or null.
Result<std::vector<std::string>> OptionalStrings(const nlohmann::json& body, std::string_view field);

// The required "gw": the Gleditsch-Ward number of the country.
Result<int> RequiredCountry(const nlohmann::json& body);

// Records "<resource>.read" for the confidential records of a list, as every read does.
template <typename T>
Status AuditList(const Call& call, access::Resource resource, const std::vector<T>& records) {
  std::vector<ReturnedRecord> returned;
  returned.reserve(records.size());
  for (const T& record : records) returned.push_back({record.id, record.label});
  return AuditConfidentialReads(call, resource, returned);
}

template <typename T>
nlohmann::json JsonList(const std::vector<T>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const T& record : records) list.push_back(respond::ToJson(record));
  return list;
}

}  // namespace tocsin::server
