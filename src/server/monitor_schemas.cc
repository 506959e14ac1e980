// The JSON schemas of the event, series and alert routes (components/schemas).
#include "openapi.h"
#include "schema_builders.h"

namespace tocsin::server {
namespace {

using nlohmann::json;
using namespace schema;  // the builders are this file's vocabulary

json Violence() {
  return OneOf({"state-based", "non-state", "one-sided", "protest", "other"});
}
json Country() {
  return Object({{"gw", Type("integer")}, {"iso3", Type("string")}, {"name", Type("string")}});
}
// A country, or null (a series of every country together).
json NullableCountry() {
  json country = Country();
  country["nullable"] = true;
  return country;
}

}  // namespace

nlohmann::json MonitorSchemas() {
  const json event = Object({{"id", Type("integer")},
                             {"source", Type("string")},
                             {"source_id", Type("string")},
                             {"date", Type("string")},
                             {"date_end", Type("string")},
                             {"date_precision", OneOf({"day", "days", "week", "month", "longer"})},
                             {"country", Country()},
                             {"admin1", Type("string")},
                             {"latitude", Nullable("number")},
                             {"longitude", Nullable("number")},
                             {"violence", Violence()},
                             {"actor1", Type("string")},
                             {"actor2", Type("string")},
                             {"fatalities", Nullable("integer")},
                             {"fatalities_low", Nullable("integer")},
                             {"fatalities_high", Nullable("integer")},
                             {"civilian_deaths", Nullable("integer")},
                             {"event_code", Type("string")},
                             {"goldstein", Nullable("number")},
                             {"text", Type("string")},
                             {"label", ClearanceEnum()},
                             {"owner_organisation_id", Nullable("integer")}});
  // One event as the JSON-lines schema has it (src/monitor/.../jsonl_format.h).
  const json submitted = Object({{"source", Type("string")},
                                 {"id", {{"oneOf", {Type("string"), Type("integer")}}}},
                                 {"date", Type("string")},
                                 {"date_end", Type("string")},
                                 {"date_precision", OneOf({"day", "days", "week", "month", "longer"})},
                                 {"country", {{"oneOf", {Type("string"), Type("integer")}}}},
                                 {"violence", Violence()},
                                 {"admin1", Type("string")},
                                 {"latitude", Type("number")},
                                 {"longitude", Type("number")},
                                 {"actor1", Type("string")},
                                 {"actor2", Type("string")},
                                 {"fatalities", Type("integer")},
                                 {"fatalities_low", Type("integer")},
                                 {"fatalities_high", Type("integer")},
                                 {"civilian_deaths", Type("integer")},
                                 {"event_code", Type("string")},
                                 {"goldstein", Type("number")},
                                 {"text", Type("string")}},
                                {"source", "id", "date", "country", "violence"});
  const json alert = Object({{"id", Type("integer")},
                             {"rule", Type("string")},
                             {"detector", Type("string")},
                             {"severity", OneOf({"low", "medium", "high", "critical"})},
                             {"country", Country()},
                             {"admin1", Type("string")},
                             {"series", Type("string")},
                             {"window_start", Type("string")},
                             {"window_end", Type("string")},
                             {"observed", Type("number")},
                             {"expected", Type("number")},
                             {"statistic", Type("number")},
                             {"state", OneOf({"new", "acknowledged", "decided"})},
                             {"owner", Nullable("string")},
                             {"decision", Nullable("string")},
                             {"decision_reason", Nullable("string")},
                             {"raised_at", Type("string")},
                             {"triage_due", Type("string")},
                             {"acknowledged_at", Nullable("string")},
                             {"decided_at", Nullable("string")},
                             {"label", ClearanceEnum()},
                             {"withdrawn_at", Nullable("string")},
                             {"withdrawn_reason", Nullable("string")}});
  json alert_detail = alert;
  alert_detail["properties"]["peak_start"] = Type("string");
  alert_detail["properties"]["peak_end"] = Type("string");
  alert_detail["properties"]["explanation"] = {
      {"type", "object"},
      {"description",
       "reason, rule, detector, statistic, series, place, windows fired, largest contributing events"}};
  alert_detail["properties"]["transitions"] =
      ArrayOf(Object({{"at", Type("string")},
                      {"state", OneOf({"new", "acknowledged", "decided"})},
                      {"actor", Type("string")},
                      {"note", Type("string")}}));
  return {
      {"Event", event},
      {"EventPage", Object({{"events", ArrayOf(event)}, {"next", Nullable("string")}})},
      {"EventBatch", Object({{"events", ArrayOf(submitted)},
                             {"label", ClearanceEnum()},
                             {"owner_organisation_id", Type("integer")},
                             {"reason", Type("string")}},
                            {"events"})},
      {"EventBatchResult", Object({{"events", Type("integer")},
                                   {"inserted", Type("integer")},
                                   {"updated", Type("integer")},
                                   {"unchanged", Type("integer")},
                                   {"countries_evaluated", Type("integer")},
                                   {"alerts_raised", ArrayOf(Type("integer"))},
                                   {"accepted_at", Type("string")}})},
      {"Series", Object({{"country", NullableCountry()},
                         {"admin1", Nullable("string")},
                         {"period", OneOf({"day", "week", "month"})},
                         {"violence", ArrayOf(Violence())},
                         {"periods", ArrayOf(Object({{"start", Type("string")},
                                                     {"end", Type("string")},
                                                     {"events", Type("integer")},
                                                     {"fatalities", Type("integer")}}))}})},
      {"Alert", alert},
      {"AlertDetail", alert_detail},
      {"AlertList",
       Object({{"alerts", ArrayOf(alert)},
               {"more",
                {{"type", "boolean"},
                 {"description", "More alerts match than `limit` returned: narrow the filters"}}}},
              {"alerts", "more"})},
      {"AlertAcknowledgement", Object({{"owner", Type("string")}, {"note", Type("string")}})},
      {"AlertDecision",
       Object({{"decision", OneOf({"escalate", "monitor", "dismiss"})}, {"reason", Type("string")}},
              {"decision", "reason"})},
  };
}

}  // namespace tocsin::server
