#include "model_runs.h"

#include "audit_trail.h"
#include "labelled_tables.h"
#include "services.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Clearance;

constexpr std::string_view kSelectRun =
    "SELECT id, kind, model, forecast_year, trained_through, training_rows, lambda, metrics, created_at, "
    "label, "
    "drivers_label, interval_level, interval_resamples, interval_resamples_used FROM model_runs";

nlohmann::json RunJson(const store::Row& row) {
  nlohmann::json metrics = nlohmann::json::parse(row.Text(7), nullptr, false);
  if (metrics.is_discarded()) metrics = nullptr;
  return {{"id", row.Integer(0)},
          {"kind", row.Text(1)},
          {"model", row.Text(2)},
          {"forecast_year", NullableInteger(row, 3)},
          {"trained_through", NullableInteger(row, 4)},
          {"training_rows", NullableInteger(row, 5)},
          {"lambda", row.IsNull(6) ? nlohmann::json() : nlohmann::json(row.Real(6))},
          {"metrics", std::move(metrics)},
          {"created_at", row.Text(8)},
          {"label", access::ClearanceName(StoredClearance(row.Integer(9)))},
          {"drivers_label", access::ClearanceName(
                                std::max(StoredClearance(row.Integer(9)), StoredClearance(row.Integer(10))))},
          // How the forecasts' risk_lower and risk_upper were made; null without intervals.
          {"intervals", row.IsNull(12) ? nlohmann::json()
                                       : nlohmann::json{{"level", NullableReal(row, 11)},
                                                        {"resamples", row.Integer(12)},
                                                        {"resamples_used", NullableInteger(row, 13)}}}};
}

}  // namespace

Result<Reply> ListRuns(Call& call, access::Resource resource) {
  const access::SqlFilter filter =
      access::SqlFilterFor(call.principal, Action::kRead, resource, kModelRunColumns);
  const std::vector<store::Value> params = ParamsBefore(std::string(RunKind(resource)), filter);
  nlohmann::json runs = nlohmann::json::array();
  std::vector<ReturnedRecord> returned;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) {
    return transaction.Query(
        std::string(kSelectRun) + " WHERE kind = ? AND " + filter.sql + " ORDER BY id DESC", params,
        [&](const store::Row& row) {
          runs.push_back(RunJson(row));
          returned.push_back({row.Integer(0), StoredClearance(row.Integer(9))});
          return Status::Ok();
        });
  }));
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, resource, returned));
  return Reply{.body = {{"runs", std::move(runs)}}};
}

Result<Reply> GetRun(Call& call, access::Resource resource) {
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t id, call.IdParameter("id"));
  nlohmann::json run;
  RunLabels labels;
  bool drivers = false;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(labels, LoadRunLabels(transaction, resource, id));
    if (!access::Decide(call.principal, Action::kRead, resource, labels.record)) return Hidden(resource);
    drivers = access::Decide(call.principal, Action::kRead, resource, DriversLabel(labels)).allowed;
    const std::vector<store::Value> params = {id};
    TOCSIN_RETURN_IF_ERROR(
        transaction.Query(std::string(kSelectRun) + " WHERE id = ?", params, [&](const store::Row& row) {
          run = RunJson(row);
          return Status::Ok();
        }));
    run["forecasts"] = nlohmann::json::array();
    return transaction.Query(
        "SELECT forecasts.data_year, forecasts.cow, forecasts.gw, countries.iso3, forecasts.country_name, "
        "forecasts.probability, forecasts.rank, forecasts.outcome, forecasts.contributions, "
        "forecasts.risk_lower, "
        "forecasts.risk_upper FROM forecasts "
        "LEFT JOIN countries ON countries.gw = forecasts.gw WHERE forecasts.run_id = ? "
        "ORDER BY forecasts.data_year, forecasts.rank, forecasts.country_name",
        params, [&](const store::Row& row) {
          nlohmann::json forecast = {{"data_year", row.Integer(0)},
                                     {"cow", row.Integer(1)},
                                     {"gw", NullableInteger(row, 2)},
                                     {"iso3", row.IsNull(3) ? nlohmann::json() : nlohmann::json(row.Text(3))},
                                     {"country", row.Text(4)},
                                     {"probability", row.Real(5)},
                                     {"rank", row.Integer(6)},
                                     {"outcome", NullableInteger(row, 7)},
                                     {"risk_lower", NullableReal(row, 9)},
                                     {"risk_upper", NullableReal(row, 10)}};
          if (drivers && !row.IsNull(8)) {
            nlohmann::json contributions = nlohmann::json::parse(row.Text(8), nullptr, false);
            if (!contributions.is_discarded()) forecast["drivers"] = std::move(contributions);
          }
          run["forecasts"].push_back(std::move(forecast));
          return Status::Ok();
        });
  }));
  const Clearance shown = drivers ? DriversLabel(labels).label : labels.record.label;
  TOCSIN_RETURN_IF_ERROR(AuditConfidentialReads(call, resource, {{id, shown}}));
  return Reply{.body = std::move(run)};
}

}  // namespace tocsin::server
