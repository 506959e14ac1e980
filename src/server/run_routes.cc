// The forecast map (GET /api/v1/forecasts), forecast and backtest runs, and one
// country's forecast history with its drivers.
#include <fmt/format.h>

#include <map>

#include "api_routes.h"
#include "audit_trail.h"
#include "dispatcher.h"
#include "http_status.h"
#include "labelled_tables.h"
#include "model_runs.h"
#include "services.h"
#include "tocsin/access/secret.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

// The body of the map for run `run_id`, with each country's change since
// `previous_id` (the run of the year before, when the caller may read one): the
// same for every caller who may see both runs, so it is built once per pair and
// cached until a run is relabelled.
Result<std::shared_ptr<const CachedBody>> MapBody(Services& services, std::int64_t run_id,
                                                  std::optional<std::int64_t> previous_id) {
  const std::string key = fmt::format("forecast-map:{}:{}", run_id, previous_id.value_or(0));
  if (auto cached = services.Cached(key)) return cached;
  nlohmann::json body = {{"run", nullptr}, {"previous_run", nullptr}, {"countries", nlohmann::json::array()}};
  auto run_json = [](const store::Row& row) {
    return nlohmann::json{
        {"id", row.Integer(0)},
        {"model", row.Text(1)},
        {"data_year", row.IsNull(2) ? nlohmann::json() : nlohmann::json(row.Integer(2))},
        {"trained_through", row.IsNull(3) ? nlohmann::json() : nlohmann::json(row.Integer(3))},
        {"created_at", row.Text(4)},
        {"label", access::ClearanceName(StoredClearance(row.Integer(5)))},
        {"intervals", row.IsNull(7) ? nlohmann::json()
                                    : nlohmann::json{{"level", NullableReal(row, 6)},
                                                     {"resamples", row.Integer(7)},
                                                     {"resamples_used", row.Integer(8)}}}};
  };
  constexpr std::string_view kSelectRun =
      "SELECT id, model, forecast_year, trained_through, created_at, label, interval_level, "
      "interval_resamples, interval_resamples_used FROM model_runs WHERE id = ?";
  const std::vector<store::Value> params = {run_id};
  const std::vector<store::Value> previous_params = {previous_id.value_or(0)};
  std::map<std::int64_t, double> previous;  // gw -> probability
  TOCSIN_RETURN_IF_ERROR(services.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_RETURN_IF_ERROR(transaction.Query(kSelectRun, params, [&](const store::Row& row) {
      body["run"] = run_json(row);
      return Status::Ok();
    }));
    if (previous_id) {
      TOCSIN_RETURN_IF_ERROR(transaction.Query(kSelectRun, previous_params, [&](const store::Row& row) {
        body["previous_run"] = run_json(row);
        return Status::Ok();
      }));
      TOCSIN_RETURN_IF_ERROR(transaction.Query(
          "SELECT gw, probability FROM forecasts WHERE run_id = ? AND gw IS NOT NULL", previous_params,
          [&](const store::Row& row) {
            previous[row.Integer(0)] = row.Real(1);
            return Status::Ok();
          }));
    }
    return transaction.Query(
        "SELECT forecasts.gw, countries.iso3, countries.iso_numeric, forecasts.cow, forecasts.country_name, "
        "forecasts.probability, forecasts.rank, forecasts.risk_lower, forecasts.risk_upper FROM forecasts "
        "LEFT JOIN countries ON countries.gw = forecasts.gw "
        "WHERE forecasts.run_id = ? ORDER BY forecasts.rank, forecasts.country_name",
        params, [&](const store::Row& row) {
          nlohmann::json change;
          if (!row.IsNull(0)) {
            const auto before = previous.find(row.Integer(0));
            if (before != previous.end()) change = row.Real(5) - before->second;
          }
          body["countries"].push_back(
              {{"gw", row.IsNull(0) ? nlohmann::json() : nlohmann::json(row.Integer(0))},
               {"iso3", row.IsNull(1) ? nlohmann::json() : nlohmann::json(row.Text(1))},
               {"iso_numeric", row.IsNull(2) ? nlohmann::json() : nlohmann::json(row.Text(2))},
               {"cow", row.Integer(3)},
               {"country", row.Text(4)},
               {"probability", row.Real(5)},
               {"rank", row.Integer(6)},
               {"risk_lower", NullableReal(row, 7)},
               {"risk_upper", NullableReal(row, 8)},
               {"change", std::move(change)}});
          return Status::Ok();
        });
  }));
  auto cached = std::make_shared<CachedBody>();
  cached->json = SafeJson(body);
  cached->etag = "W/\"" + access::Sha256Hex(cached->json).substr(0, kEtagHexDigits) + "\"";
  services.Cache(key, cached);
  return std::shared_ptr<const CachedBody>(cached);
}

// GET /api/v1/forecasts[?model=M][&year=Y]: the latest forecast run the caller
// may read (of model M, forecasting from data year Y), and the change since the
// latest readable run of the same model for an earlier data year.
Result<Reply> ForecastMap(Call& call) {
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, Resource::kForecast, kModelRunColumns);
  TOCSIN_ASSIGN_OR_RETURN(const std::optional<std::int64_t> year, call.IntegerQuery("year"));
  const std::string model = call.request.get_param_value("model");
  // Optional filters are fixed fragments with bound parameters: `? = ''` and
  // `? IS NULL` switch them off.
  std::vector<store::Value> params = {model, model};
  if (year) {
    params.insert(params.end(), {*year, *year});
  } else {
    params.insert(params.end(), {store::Value(), store::Value()});
  }
  params.insert(params.end(), filter.params.begin(), filter.params.end());
  std::optional<ReturnedRecord> latest;
  std::optional<ReturnedRecord> previous;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    std::string latest_model;
    std::int64_t latest_year = 0;
    TOCSIN_RETURN_IF_ERROR(transaction.Query(
        "SELECT id, label, model, coalesce(forecast_year, 0) FROM model_runs WHERE kind = 'forecast' "
        "AND (? = '' OR model = ?) AND (? IS NULL OR forecast_year = ?) AND " +
            filter.sql + " ORDER BY id DESC LIMIT 1",
        params, [&](const store::Row& row) {
          latest = ReturnedRecord{row.Integer(0), StoredClearance(row.Integer(1))};
          latest_model = row.Text(2);
          latest_year = row.Integer(3);
          return Status::Ok();
        }));
    if (!latest) return Status::Ok();
    std::vector<store::Value> previous_params = {latest_model, latest_year};
    previous_params.insert(previous_params.end(), filter.params.begin(), filter.params.end());
    return transaction.Query(
        "SELECT id, label FROM model_runs WHERE kind = 'forecast' AND model = ? AND forecast_year < ? AND " +
            filter.sql + " ORDER BY forecast_year DESC, id DESC LIMIT 1",
        previous_params, [&](const store::Row& row) {
          previous = ReturnedRecord{row.Integer(0), StoredClearance(row.Integer(1))};
          return Status::Ok();
        });
  }));
  if (!latest) {
    if (!model.empty() || year) return NotFoundError("no forecast you may read for that model and year");
    return NotFoundError("no forecast you may read yet; run `tocsin forecast` first");
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto body,
                          MapBody(call.services, latest->id,
                                  previous ? std::optional<std::int64_t>(previous->id) : std::nullopt));
  std::vector<ReturnedRecord> returned = {*latest};
  if (previous) returned.push_back(*previous);
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, Resource::kForecast, returned));
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
                          "forecasts.rank, forecasts.contributions, model_runs.label, forecasts.risk_lower, "
                          "forecasts.risk_upper FROM forecasts "
                          "JOIN model_runs ON model_runs.id = forecasts.run_id "
                          "WHERE model_runs.kind = 'forecast' AND forecasts.gw = ? AND " +
                              filter.sql + " ORDER BY forecasts.data_year, model_runs.id",
                          params, [&](const store::Row& row) {
                            history.push_back({{"run_id", row.Integer(0)},
                                               {"model", row.Text(1)},
                                               {"created_at", row.Text(2)},
                                               {"data_year", row.Integer(3)},
                                               {"probability", row.Real(4)},
                                               {"rank", row.Integer(5)},
                                               {"risk_lower", NullableReal(row, 8)},
                                               {"risk_upper", NullableReal(row, 9)}});
                            contributions.emplace_back(row.Integer(0), row.IsNull(6) ? "" : row.Text(6));
                            returned.push_back({row.Integer(0), StoredClearance(row.Integer(7))});
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
       .summary = "The forecast map: every country's risk, rank and change in the latest forecast the caller "
                  "may read",
       .tag = "forecasts",
       .resource = Resource::kForecast,
       .query =
           {{"model", "string",
             "only runs of this model, named as saved: enet, enet-stable, xgb or ensemble, then "
             "+changes, +platt or +isotonic and @mk_onset_1 as the run used them (e.g. xgb+changes+platt)"},
            {"year", "integer", "only runs forecasting from this data year"}},
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
