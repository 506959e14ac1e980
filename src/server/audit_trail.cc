#include "audit_trail.h"

#include "services.h"

namespace tocsin::server {
namespace {

std::string ActionName(access::Resource resource, std::string_view verb) {
  std::string action(access::ResourceName(resource));
  for (char& c : action) {
    if (c == ' ') c = '_';
  }
  return action + "." + std::string(verb);
}

}  // namespace

Status AuditWrite(store::Transaction& transaction, const Call& call, std::string_view verb,
                  access::Resource resource, std::string record_id, const nlohmann::json& detail,
                  const std::string& reason) {
  access::AuditEntry entry;
  entry.actor = access::ActorOf(call.principal);
  entry.action = ActionName(resource, verb);
  entry.resource = std::string(access::ResourceName(resource));
  entry.record_id = std::move(record_id);
  entry.reason = reason;
  entry.detail_json = detail.dump();
  return access::AppendAudit(transaction, std::move(entry)).status();
}

Status AuditConfidentialReads(const Call& call, access::Resource resource,
                              const std::vector<ReturnedRecord>& records) {
  nlohmann::json ids = nlohmann::json::array();
  for (const ReturnedRecord& record : records) {
    if (record.label >= access::Clearance::kConfidential) ids.push_back(record.id);
  }
  if (ids.empty()) return Status::Ok();
  const std::string record_id = ids.size() == 1 ? std::to_string(ids.front().get<std::int64_t>()) : "several";
  return call.store().Write([&](store::Transaction& transaction) {
    return AuditWrite(transaction, call, "read", resource, record_id,
                      {{"ids", ids}, {"path", call.route_path}});
  });
}

}  // namespace tocsin::server
