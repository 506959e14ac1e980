// GET /api/v1/countries and /api/v1/countries/{gw}: the Gleditsch-Ward states,
// public reference records that belong to the whole installation.
#include "api_routes.h"
#include "labelled_tables.h"
#include "services.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

// Countries carry no label columns: every row is public and unowned.
constexpr access::RecordColumns kCountryColumns = {.id = "countries.gw"};
const access::RecordLabel kCountryLabel = {.label = access::Clearance::kPublic};

nlohmann::json CountryRowJson(const store::Row& row) {
  auto text_or_null = [&](int column) {
    return row.IsNull(column) ? nlohmann::json() : nlohmann::json(row.Text(column));
  };
  return {{"gw", row.Integer(0)},
          {"iso3", text_or_null(1)},
          {"fips", text_or_null(2)},
          {"name", row.Text(3)},
          {"region", text_or_null(4)},
          {"iso_numeric", text_or_null(5)}};
}

Result<Reply> ListCountries(Call& call) {
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kCountry, kCountryColumns);
  nlohmann::json countries = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return transaction.Query("SELECT gw, iso3, fips, name, region, iso_numeric FROM countries WHERE " +
                                 filter.sql + " ORDER BY name",
                             filter.params, [&](const store::Row& row) {
                               countries.push_back(CountryRowJson(row));
                               return Status::Ok();
                             });
  }));
  return Reply{.body = {{"countries", std::move(countries)}}};
}

Result<Reply> GetCountry(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t gw, call.IdParameter("gw"));
  if (!access::Decide(call.principal, Action::kRead, Resource::kCountry, kCountryLabel))
    return Hidden(Resource::kCountry);
  std::optional<nlohmann::json> country;
  const std::vector<store::Value> params = {gw};
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return transaction.Query("SELECT gw, iso3, fips, name, region, iso_numeric FROM countries WHERE gw = ?",
                             params, [&](const store::Row& row) {
                               country = CountryRowJson(row);
                               return Status::Ok();
                             });
  }));
  if (!country) return Hidden(Resource::kCountry);
  return Reply{.body = std::move(*country)};
}

}  // namespace

void AddCountryRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/api/v1/countries",
                    .summary = "Every country (Gleditsch-Ward state) with its ISO3 and FIPS codes",
                    .tag = "countries",
                    .resource = Resource::kCountry,
                    .response_schema = "CountryList",
                    .handler = ListCountries});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/countries/{gw}",
                    .summary = "One country by its Gleditsch-Ward code",
                    .tag = "countries",
                    .resource = Resource::kCountry,
                    .response_schema = "Country",
                    .handler = GetCountry});
}

}  // namespace tocsin::server
