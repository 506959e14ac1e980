// Audit entries for what the monitoring commands write by themselves (imported
// event batches, stored alerts): by the local operator, in the transaction of
// the write, naming the command in the detail, so that they reach the audit
// log and the server's change stream like writes made through the API.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "tocsin/core/panel.h"
#include "tocsin/monitor/event_import.h"
#include "tocsin/monitor/monitor.h"
#include "tocsin/store/panel_repository.h"
#include "tocsin/store/run_repository.h"

namespace tocsin::cli {

// "alert.create" or "alert.update" for each alert a monitoring run stores.
monitor::AlertSaveHook AuditAlertsVia(std::string via);

// One "event.create" entry per imported batch that wrote anything: the file's
// name and how many events were inserted and updated.
decltype(monitor::EventImportOptions::on_batch_written) AuditEventBatchesVia(std::string via);

// What a command wrote, for its audit entry: "<resource>.<verb>" on one record.
struct LocalWrite {
  std::string action;    // e.g. "forecast.create"
  std::string resource;  // e.g. "forecast"
  std::string record_id;
  nlohmann::json detail = nlohmann::json::object();
  std::string reason = {};
};

// Runs `write` against `store` inside one write transaction and appends the
// audit entry it returns (none when it wrote nothing), by the local operator,
// in the same commit: the change and its entry are stored together or not at
// all. `write` gets a store whose reads and writes join that transaction.
Status WriteAudited(store::Store& store,
                    const std::function<Result<std::optional<LocalWrite>>(store::Store&)>& write);

// A model run saved with its "forecast.create" or "backtest.create" entry (the
// run's id, model and data), naming the command in `via`.
Result<std::int64_t> SaveRunAudited(store::Store& store, store::ModelRunRecord run, const std::string& via);

// A panel saved with its "panel.create" entry (dataset, file, rows, data hash);
// identical content already stored writes neither.
Result<store::SavedPanel> SavePanelAudited(store::Store& store, const Panel& panel, const std::string& via);

// The audit entry of a panel written by `via`, for hooks that run inside the write.
Status AuditPanel(store::Transaction& transaction, const Panel& panel, const store::SavedPanel& saved,
                  const std::string& via);

}  // namespace tocsin::cli
