// The JSON schemas of request and response bodies, named by the routes.
#include "openapi.h"
#include "schema_builders.h"
#include "judgement_schemas.h"
#include "respond_schemas.h"

namespace tocsin::server {
namespace {

using nlohmann::json;

json Roles() {
  using namespace schema;  // the builders are these functions' vocabulary
  return ArrayOf({{"type", "string"},
                  {"enum",
                   {"analyst", "coordinator", "case officer", "partner viewer", "org admin", "system admin",
                    "auditor"}}});
}

json BuildSchemas() {
  using namespace schema;
  const json run = Object(
      {{"id", Type("integer")},
       {"kind", Type("string")},
       {"model", Type("string")},
       {"forecast_year", Nullable("integer")},
       {"trained_through", Nullable("integer")},
       {"training_rows", Nullable("integer")},
       {"lambda", Nullable("number")},
       {"metrics", Type("object")},
       {"created_at", Type("string")},
       {"label", ClearanceEnum()},
       {"drivers_label", ClearanceEnum()},
       {"intervals",
        {{"type", "object"},
         {"nullable", true},
         {"properties",
          {{"level", Type("number")}, {"resamples", Type("integer")}, {"resamples_used", Type("integer")}}},
         {"description",
          "How the forecasts' risk_lower and risk_upper were made: bootstrap resamples asked "
          "for and fitted, and the central share each interval holds; null without intervals"}}}});
  json run_detail = run;
  run_detail["properties"]["forecasts"] = ArrayOf(
      Object({{"data_year", Type("integer")},
              {"cow", Type("integer")},
              {"gw", Nullable("integer")},
              {"iso3", Nullable("string")},
              {"country", Type("string")},
              {"probability", Type("number")},
              {"rank", Type("integer")},
              {"outcome", Nullable("integer")},
              {"risk_lower", Nullable("number")},
              {"risk_upper", Nullable("number")},
              {"drivers",
               {{"type", "object"},
                {"additionalProperties", Type("number")},
                {"description",
                 "Contribution of each predictor to the log-odds; absent above the caller's clearance"}}}}));
  const json user = Object({{"id", Type("integer")},
                            {"name", Type("string")},
                            {"display_name", Type("string")},
                            {"organisation", Object({{"id", Type("integer")}, {"name", Type("string")}})},
                            {"roles", Roles()},
                            {"clearance", ClearanceEnum()},
                            {"disabled", Type("boolean")},
                            {"created_at", Type("string")},
                            {"updated_at", Type("string")}});
  const json organisation =
      Object({{"id", Type("integer")}, {"name", Type("string")}, {"created_at", Type("string")}});
  const json principal = Object({{"id", Type("integer")},
                                 {"name", Type("string")},
                                 {"organisation_id", Type("integer")},
                                 {"roles", Roles()},
                                 {"clearance", ClearanceEnum()},
                                 {"permissions", ArrayOf(Type("string"))}});
  const json country = Object({{"gw", Type("integer")},
                               {"iso3", Nullable("string")},
                               {"iso_numeric", Nullable("string")},
                               {"fips", Nullable("string")},
                               {"name", Type("string")},
                               {"region", Nullable("string")}});
  const json panel = Object({{"id", Type("integer")},
                             {"source", Type("string")},
                             {"rows", Type("integer")},
                             {"first_year", Type("integer")},
                             {"last_year", Type("integer")},
                             {"imported_at", Type("string")},
                             {"label", ClearanceEnum()},
                             {"variables", ArrayOf(Type("string"))}});
  const json audit_entry = Object({{"sequence", Type("integer")},
                                   {"at", Type("string")},
                                   {"actor", Type("object")},
                                   {"action", Type("string")},
                                   {"resource", Type("string")},
                                   {"record_id", Type("string")},
                                   {"reason", Type("string")},
                                   {"detail", Type("object")},
                                   {"previous_hash", Type("string")},
                                   {"hash", Type("string")}});
  const json classification = Object({{"label", ClearanceEnum()},
                                      {"drivers_label", ClearanceEnum()},
                                      {"owner_organisation_id", Nullable("integer")},
                                      {"shared_with", OrganisationRefs()},
                                      {"case_id", Nullable("integer")},
                                      {"reason", Type("string")}});
  return {
      {"Error", Object({{"error", Object({{"status", Type("integer")}, {"message", Type("string")}})}})},
      {"Health", Object({{"status", Type("string")}, {"schema_version", Type("integer")}})},
      {"OpenApiDocument", Type("object")},
      {"Login", Object({{"name", Type("string")}, {"password", Type("string")}}, {"name", "password"})},
      {"Session",
       Object({{"user", principal}, {"csrf_token", Type("string")}, {"expires_at", Type("string")}})},
      {"Principal", Object({{"user", principal}})},
      {"NewApiToken", Object({{"name", Type("string")}, {"expires_in_days", Type("integer")}}, {"name"})},
      {"ApiToken", Object({{"id", Type("integer")}, {"name", Type("string")}, {"token", Type("string")}})},
      {"ApiTokenList", Object({{"tokens", ArrayOf(Object({{"id", Type("integer")},
                                                          {"name", Type("string")},
                                                          {"created_at", Type("string")},
                                                          {"expires_at", Nullable("string")},
                                                          {"revoked_at", Nullable("string")}}))}})},
      {"Country", country},
      {"CountryList", Object({{"countries", ArrayOf(country)}})},
      {"Panel", panel},
      {"PanelList", Object({{"panels", ArrayOf(panel)}})},
      {"PanelValues", Object({{"panel_id", Type("integer")},
                              {"rows", ArrayOf(Type("object"))},
                              {"next", Nullable("integer")}})},
      {"ForecastMap", Object({{"run", Type("object")}, {"countries", ArrayOf(Type("object"))}})},
      {"Run", run_detail},
      {"RunList", Object({{"runs", ArrayOf(run)}})},
      {"CountryForecastHistory", Object({{"gw", Type("integer")}, {"forecasts", ArrayOf(Type("object"))}})},
      {"Classification", classification},
      {"User", user},
      {"UserList", Object({{"users", ArrayOf(user)}})},
      {"NewUser", Object({{"name", Type("string")},
                          {"password", Type("string")},
                          {"display_name", Type("string")},
                          {"organisation_id", Type("integer")},
                          {"roles", Roles()},
                          {"clearance", ClearanceEnum()},
                          {"reason", Type("string")}},
                         {"name", "password", "roles"})},
      {"UserChange", Object({{"display_name", Type("string")},
                             {"roles", Roles()},
                             {"clearance", ClearanceEnum()},
                             {"disabled", Type("boolean")},
                             {"password", Type("string")},
                             {"reason", Type("string")}})},
      {"Organisation", organisation},
      {"OrganisationList", Object({{"organisations", ArrayOf(organisation)}})},
      {"NewOrganisation", Object({{"name", Type("string")}, {"reason", Type("string")}}, {"name"})},
      {"AuditPage", Object({{"entries", ArrayOf(audit_entry)}, {"next", Nullable("integer")}})},
      {"AuditHead",
       Object({{"sequence", Type("integer")}, {"hash", Type("string")}, {"head", Type("string")}})},
  };
}

}  // namespace

const nlohmann::json& OpenApiSchemas() {
  static const json kSchemas = [] {
    json all = BuildSchemas();
    all.update(MonitorSchemas());
    all.update(JudgementSchemas());
    all.update(RespondSchemas());
    return all;
  }();
  return kSchemas;
}

}  // namespace tocsin::server
