#include "audit_hooks.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tocsin/access/audit_log.h"

namespace tocsin::cli {
namespace {

Status AppendEntry(store::Transaction& transaction, std::string action, std::string resource,
                   std::string record_id, const nlohmann::json& detail) {
  access::AuditEntry entry;
  entry.actor = access::LocalOperator();
  entry.action = std::move(action);
  entry.resource = std::move(resource);
  entry.record_id = std::move(record_id);
  entry.detail_json = detail.dump();
  return access::AppendAudit(transaction, std::move(entry)).status();
}

}  // namespace

monitor::AlertSaveHook AuditAlertsVia(std::string via) {
  return [via = std::move(via)](store::Transaction& transaction,
                                const monitor::AlertSaveCounts& saved) -> Status {
    for (const auto& [ids, verb] :
         {std::pair{&saved.raised_ids, "create"}, std::pair{&saved.updated_ids, "update"}}) {
      for (const std::int64_t id : *ids) {
        TOCSIN_RETURN_IF_ERROR(AppendEntry(transaction, fmt::format("alert.{}", verb), "alert",
                                           std::to_string(id), {{"via", via}}));
      }
    }
    return Status::Ok();
  };
}

decltype(monitor::EventImportOptions::on_batch_written) AuditEventBatchesVia(std::string via) {
  return [via = std::move(via)](store::Transaction& transaction, const std::string& file,
                                const monitor::UpsertCounts& batch) -> Status {
    if (batch.inserted == 0 && batch.updated == 0) return Status::Ok();  // nothing was written
    return AppendEntry(transaction, "event.create", "event", "batch",
                       {{"via", via},
                        {"file", std::filesystem::path(file).filename().string()},
                        {"inserted", batch.inserted},
                        {"updated", batch.updated}});
  };
}

}  // namespace tocsin::cli
