// Audit entries for what the monitoring commands write by themselves (imported
// event batches, stored alerts): by the local operator, in the transaction of
// the write, naming the command in the detail, so that they reach the audit
// log and the server's change stream like writes made through the API.
#pragma once

#include <string>

#include "tocsin/monitor/event_import.h"
#include "tocsin/monitor/monitor.h"

namespace tocsin::cli {

// "alert.create" or "alert.update" for each alert a monitoring run stores.
monitor::AlertSaveHook AuditAlertsVia(std::string via);

// One "event.create" entry per imported batch that wrote anything: the file's
// name and how many events were inserted and updated.
decltype(monitor::EventImportOptions::on_batch_written) AuditEventBatchesVia(std::string via);

}  // namespace tocsin::cli
