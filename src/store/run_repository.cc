#include "tocsin/store/run_repository.h"

#include <fmt/format.h>

#include "tocsin/core/time.h"


namespace tocsin::store {
namespace {

template <typename T>
Value Optional(const std::optional<T>& value) {
  if (!value) return std::monostate();
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(*value);
  } else {
    return static_cast<std::int64_t>(*value);
  }
}

std::optional<int> OptionalInt(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return static_cast<int>(row.Integer(column));
}

std::optional<double> OptionalReal(const Row& row, int column) {
  if (row.IsNull(column)) return std::nullopt;
  return row.Real(column);
}

}  // namespace

Result<std::int64_t> SaveModelRun(Store& store, ModelRunRecord run) {
  run.created_at = NowUtc();
  TOCSIN_RETURN_IF_ERROR(store.Write([&](Transaction& transaction) -> Status {
    const std::vector<Value> params = {run.kind,
                                       run.model,
                                       run.specification_json,
                                       run.dataset_id,
                                       run.data_hash,
                                       Optional(run.trained_through),
                                       Optional(run.forecast_year),
                                       Optional(run.training_rows),
                                       Optional(run.lambda),
                                       run.metrics_json,
                                       run.coefficients_json,
                                       run.seconds,
                                       run.created_at,
                                       run.interval ? Value(run.interval->level) : Value(),
                                       run.interval ? Value(std::int64_t{run.interval->resamples}) : Value(),
                                       run.interval ? Value(std::int64_t{run.interval->used}) : Value()};
    TOCSIN_RETURN_IF_ERROR(
        transaction
            .Execute(
                "INSERT INTO model_runs (kind, model, specification, dataset_id, data_hash, trained_through, "
                "forecast_year, training_rows, lambda, metrics, coefficients, seconds, created_at, "
                "interval_level, interval_resamples, interval_resamples_used) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params)
            .status());
    run.id = transaction.LastInsertId();
    std::vector<std::vector<Value>> rows;
    rows.reserve(run.forecasts.size());
    for (const ForecastRecord& forecast : run.forecasts) {
      rows.push_back(
          {run.id, std::int64_t{forecast.data_year}, std::int64_t{forecast.cow}, Optional(forecast.gw),
           forecast.country, forecast.probability, std::int64_t{forecast.rank}, Optional(forecast.outcome),
           forecast.contributions_json.empty() ? Value(std::monostate()) : Value(forecast.contributions_json),
           Optional(forecast.risk_lower), Optional(forecast.risk_upper)});
    }
    return transaction.ExecuteMany(
        "INSERT INTO forecasts (run_id, data_year, cow, gw, country_name, probability, rank, outcome, "
        "contributions, risk_lower, risk_upper) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }));
  return run.id;
}

Result<ModelRunRecord> LoadLatestRun(Store& store, const RunQuery& query) {
  const std::string& kind = query.kind;
  const std::optional<std::string>& model = query.model;
  ModelRunRecord run;
  bool found = false;
  TOCSIN_RETURN_IF_ERROR(store.Read([&](Transaction& transaction) -> Status {
    std::vector<Value> params = {kind};
    std::string sql =
        "SELECT id, kind, model, specification, dataset_id, data_hash, trained_through, forecast_year, "
        "training_rows, lambda, metrics, coefficients, seconds, created_at, interval_level, "
        "interval_resamples, interval_resamples_used FROM model_runs WHERE kind = ?";
    if (model) {
      sql += " AND model = ?";
      params.emplace_back(*model);
    }
    if (query.forecast_year) {
      sql += " AND forecast_year = ?";
      params.emplace_back(std::int64_t{*query.forecast_year});
    }
    sql += " ORDER BY id DESC LIMIT 1";
    TOCSIN_RETURN_IF_ERROR(transaction.Query(sql, params, [&](const Row& row) {
      found = true;
      run.id = row.Integer(0);
      run.kind = row.Text(1);
      run.model = row.Text(2);
      run.specification_json = row.Text(3);
      run.dataset_id = row.Integer(4);
      run.data_hash = row.Text(5);
      run.trained_through = OptionalInt(row, 6);
      run.forecast_year = OptionalInt(row, 7);
      run.training_rows = OptionalInt(row, 8);
      if (!row.IsNull(9)) run.lambda = row.Real(9);
      run.metrics_json = row.Text(10);
      run.coefficients_json = row.Text(11);
      run.seconds = row.Real(12);
      run.created_at = row.Text(13);
      if (!row.IsNull(15)) {
        run.interval = IntervalRecord{row.IsNull(14) ? 0 : row.Real(14), static_cast<int>(row.Integer(15)),
                                      static_cast<int>(row.Integer(16))};
      }
      return Status::Ok();
    }));
    if (!found) return Status::Ok();
    const std::vector<Value> id = {run.id};
    return transaction.Query(
        "SELECT data_year, cow, gw, country_name, probability, rank, outcome, contributions, risk_lower, "
        "risk_upper FROM forecasts "
        "WHERE run_id = ? ORDER BY data_year, rank, country_name",
        id, [&](const Row& row) {
          ForecastRecord forecast;
          forecast.data_year = static_cast<int>(row.Integer(0));
          forecast.cow = static_cast<int>(row.Integer(1));
          forecast.gw = OptionalInt(row, 2);
          forecast.country = row.Text(3);
          forecast.probability = row.Real(4);
          forecast.rank = static_cast<int>(row.Integer(5));
          forecast.outcome = OptionalInt(row, 6);
          forecast.contributions_json = row.Text(7);
          forecast.risk_lower = OptionalReal(row, 8);
          forecast.risk_upper = OptionalReal(row, 9);
          run.forecasts.push_back(std::move(forecast));
          return Status::Ok();
        });
  }));
  if (!found) {
    return NotFoundError(fmt::format("no {} run{} in {}; run `tocsin {}` first", kind,
                                     model ? " of model " + *model : "", store.url(), kind));
  }
  return run;
}

}  // namespace tocsin::store
