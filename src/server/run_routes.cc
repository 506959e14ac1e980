// The forecast map (GET /api/v1/forecasts), forecast and backtest runs, and one
// country's forecast history with its drivers.
#include <fmt/format.h>

#include <map>

#include "api_routes.h"
#include "audit_trail.h"
#include "dispatcher.h"
#include "labelled_tables.h"
#include "model_runs.h"
#include "services.h"
#include "tocsin/access/secret.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Clearance;
using access::Resource;

constexpr std::size_t kEtagHexDigits = 32;

Clearance Stored(std::int64_t value) {
  return access::ClearanceFromStored(value).value_or(Clearance::kStrictlyConfidential);
}

// The body of the map for run `run_id`: the same for every caller who may see
// the run, so it is built once and cached until a run is relabelled.
Result<std::shared_ptr<const CachedBody>> MapBody(Services& services, std::int64_t run_id) {
  const std::string key = fmt::format("forecast-map:{}", run_id);
  if (auto cached = services.Cached(key)) return cached;
  nlohmann::json body = {{"run", nullptr}, {"countries", nlohmann::json::array()}};
  const std::vector<store::Value> params = {run_id};
  TOCSIN_RETURN_IF_ERROR(services.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT id, model, forecast_year, trained_through, created_at, label FROM model_runs WHERE id = ?",
        params, [&](const store::Row& row) {
          body["run"] = {
              {"id", row.Integer(0)},
              {"model", row.Text(1)},
              {"data_year", row.IsNull(2) ? nlohmann::json() : nlohmann::json(row.Integer(2))},
              {"trained_through", row.IsNull(3) ? nlohmann::json() : nlohmann::json(row.Integer(3))},
              {"created_at", row.Text(4)},
              {"label", access::ClearanceName(Stored(row.Integer(5)))}};
          return Status::Ok();
        }));
    return transaction.Query(
        "SELECT forecasts.gw, countries.iso3, forecasts.cow, forecasts.country_name, forecasts.probability, "
        "forecasts.rank FROM forecasts LEFT JOIN countries ON countries.gw = forecasts.gw "
        "WHERE forecasts.run_id = ? ORDER BY forecasts.rank, forecasts.country_name",
        params, [&](const store::Row& row) {
          body["countries"].push_back(
              {{"gw", row.IsNull(0) ? nlohmann::json() : nlohmann::json(row.Integer(0))},
               {"iso3", row.IsNull(1) ? nlohmann::json() : nlohmann::json(row.Text(1))},
               {"cow", row.Integer(2)},
               {"country", row.Text(3)},
               {"probability", row.Real(4)},
               {"rank", row.Integer(5)}});
          return Status::Ok();
        });
  }));
  auto cached = std::make_shared<CachedBody>();
  cached->json = SafeJson(body);
  cached->etag = "W/\"" + access::Sha256Hex(cached->json).substr(0, kEtagHexDigits) + "\"";
  services.Cache(key, cached);
  return std::shared_ptr<const CachedBody>(cached);
}

Result<Reply> ForecastMap(Call& call) {
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kForecast, kModelRunColumns);
  std::optional<ReturnedRecord> latest;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return transaction.Query("SELECT id, label FROM model_runs WHERE kind = 'forecast' AND " + filter.sql +
                                 " ORDER BY id DESC LIMIT 1",
                             filter.params, [&](const store::Row& row) {
                               latest = ReturnedRecord{row.Integer(0), Stored(row.Integer(1))};
                               return Status::Ok();
                             });
  }));
  if (!latest) return NotFoundError("no forecast you may read yet; run `tocsin forecast` first");
  TOCSIN_ASSIGN_OR_RETURN(const auto body, MapBody(call.services, latest->id));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kForecast, {*latest}));
  return Reply{.cached_body = body->json, .etag = body->etag};
}

Result<Reply> CountryHistory(Call& call) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t gw, call.IdParameter("gw"));
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kForecast, kModelRunColumns);
  const std::vector<store::Value> params = ParamsBefore(gw, filter);
  nlohmann::json history = nlohmann::json::array();
  std::vector<ReturnedRecord> returned;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    std::map<std::int64_t, bool> drivers_visible;
    std::vector<std::pair<std::int64_t, std::string>> contributions;
    TOCSIN_RETURN_IF_ERROR(
        transaction.Query("SELECT model_runs.id, model_runs.model, model_runs.created_at, "
                          "forecasts.data_year, forecasts.probability, "
                          "forecasts.rank, forecasts.contributions, model_runs.label FROM forecasts "
                          "JOIN model_runs ON model_runs.id = forecasts.run_id "
                          "WHERE model_runs.kind = 'forecast' AND forecasts.gw = ? AND " +
                              filter.sql + " ORDER BY forecasts.data_year, model_runs.id",
                          params, [&](const store::Row& row) {
                            history.push_back({{"run_id", row.Integer(0)},
                                               {"model", row.Text(1)},
                                               {"created_at", row.Text(2)},
                                               {"data_year", row.Integer(3)},
                                               {"probability", row.Real(4)},
                                               {"rank", row.Integer(5)}});
                            contributions.emplace_back(row.Integer(0), row.IsNull(6) ? "" : row.Text(6));
                            returned.push_back({row.Integer(0), Stored(row.Integer(7))});
                            return Status::Ok();
                          }));
    // Drivers carry their own label: decide per run, through the policy.
    for (std::size_t i = 0; i < history.size(); ++i) {
      const std::int64_t run = contributions[i].first;
      if (!drivers_visible.contains(run)) {
        TOCSIN_ASSIGN_OR_RETURN(const RunLabels labels, LoadRunLabels(transaction, Resource::kForecast, run));
        drivers_visible[run] =
            access::Decide(call.principal, Action::kRead, Resource::kForecast, DriversLabel(labels)).allowed;
        if (drivers_visible[run]) returned[i].label = DriversLabel(labels).label;
      }
      if (!drivers_visible[run] || contributions[i].second.empty()) continue;
      nlohmann::json drivers = nlohmann::json::parse(contributions[i].second, nullptr, false);
      if (!drivers.is_discarded()) history[i]["drivers"] = std::move(drivers);
    }
    return Status::Ok();
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kForecast, returned));
  return Reply{.body = {{"gw", gw}, {"forecasts", std::move(history)}}};
}

}  // namespace

void AddForecastRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/forecasts",
       .summary = "The forecast map: every country's risk in the latest forecast the caller may read",
       .tag = "forecasts",
       .resource = Resource::kForecast,
       .response_schema = "ForecastMap",
       .handler = ForecastMap});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/forecasts/runs",
                    .summary = "Forecast runs the caller may read, newest first",
                    .tag = "forecasts",
                    .resource = Resource::kForecast,
                    .response_schema = "RunList",
                    .handler = [](Call& call) { return ListRuns(call, Resource::kForecast); }});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/forecasts/runs/{id}",
                    .summary = "One forecast run: every country's risk, rank and (if cleared) drivers",
                    .tag = "forecasts",
                    .resource = Resource::kForecast,
                    .response_schema = "Run",
                    .handler = [](Call& call) { return GetRun(call, Resource::kForecast); }});
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/countries/{gw}/forecasts",
       .summary = "A country's forecast history across the runs the caller may read, with drivers",
       .tag = "forecasts",
       .resource = Resource::kForecast,
       .response_schema = "CountryForecastHistory",
       .handler = CountryHistory});
}

void AddBacktestRoutes(std::vector<Route>& routes) {
  routes.push_back({.method = "GET",
                    .path = "/api/v1/backtests",
                    .summary = "Backtest runs the caller may read, with their metrics (AUC, recall, Brier)",
                    .tag = "backtests",
                    .resource = Resource::kBacktest,
                    .response_schema = "RunList",
                    .handler = [](Call& call) { return ListRuns(call, Resource::kBacktest); }});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/backtests/{id}",
                    .summary = "One backtest run with every scored country-year",
                    .tag = "backtests",
                    .resource = Resource::kBacktest,
                    .response_schema = "Run",
                    .handler = [](Call& call) { return GetRun(call, Resource::kBacktest); }});
}

}  // namespace tocsin::server
