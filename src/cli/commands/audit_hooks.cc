#include "audit_hooks.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tocsin/access/audit_log.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/store/transaction_store.h"

namespace tocsin::cli {
namespace {

Status AppendEntry(store::Transaction& transaction, std::string action, std::string resource,
                   std::string record_id, const nlohmann::json& detail, std::string reason = {}) {
  access::AuditEntry entry;
  entry.actor = access::LocalOperator();
  entry.action = std::move(action);
  entry.resource = std::move(resource);
  entry.record_id = std::move(record_id);
  entry.reason = std::move(reason);
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

Status WriteAudited(store::Store& store,
                    const std::function<Result<std::optional<LocalWrite>>(store::Store&)>& write) {
  return store.Write([&](store::Transaction& transaction) -> Status {
    store::TransactionStore joined(store, transaction);
    TOCSIN_ASSIGN_OR_RETURN(std::optional<LocalWrite> written, write(joined));
    if (!written) return Status::Ok();
    return AppendEntry(transaction, std::move(written->action), std::move(written->resource),
                       std::move(written->record_id), written->detail, std::move(written->reason));
  });
}

Result<std::int64_t> SaveRunAudited(store::Store& store, store::ModelRunRecord run, const std::string& via) {
  std::int64_t id = 0;
  TOCSIN_RETURN_IF_ERROR(WriteAudited(store, [&](store::Store& joined) -> Result<std::optional<LocalWrite>> {
    TOCSIN_ASSIGN_OR_RETURN(id, store::SaveModelRun(joined, run));
    return std::make_optional(LocalWrite{
        .action = run.kind + ".create",
        .resource = run.kind,
        .record_id = std::to_string(id),
        .detail = {
            {"via", via}, {"model", run.model}, {"dataset", run.dataset_id}, {"data_hash", run.data_hash}}});
  }));
  return id;
}

Status AuditPanel(store::Transaction& transaction, const Panel& panel, const store::SavedPanel& saved,
                  const std::string& via) {
  return AppendEntry(transaction, "panel.create", "panel", std::to_string(saved.dataset_id),
                     {{"via", via},
                      {"file", std::filesystem::path(panel.source).filename().string()},
                      {"rows", panel.rows()},
                      {"data_hash", panel.data_hash}});
}

Result<store::SavedPanel> SavePanelAudited(store::Store& store, const Panel& panel, const std::string& via) {
  return store::SavePanel(store, panel, CountryRegistry::Default(),
                          [&](store::Transaction& transaction, const store::SavedPanel& saved) {
                            return AuditPanel(transaction, panel, saved, via);
                          });
}

}  // namespace tocsin::cli
