// The audit log for auditors: its entries a page at a time, and its head.
#include "api_routes.h"
#include "labelled_tables.h"
#include "services.h"
#include "tocsin/access/audit_log.h"

namespace tocsin::server {
namespace {

using access::Action;
using access::Resource;

constexpr std::int64_t kDefaultPageEntries = 100;
constexpr std::int64_t kMaximumPageEntries = 1000;
// Audit entries name records and people: restricted, for auditors of every organisation.
const access::RecordLabel kAuditLabel = {.label = access::Clearance::kRestricted};

nlohmann::json EntryJson(const access::AuditEntry& entry) {
  nlohmann::json detail = nlohmann::json::parse(entry.detail_json, nullptr, false);
  if (detail.is_discarded()) detail = entry.detail_json;
  return {{"sequence", entry.sequence},
          {"at", entry.at},
          {"actor",
           {{"user_id", entry.actor.user ? nlohmann::json(entry.actor.user->value()) : nlohmann::json()},
            {"name", entry.actor.name},
            {"organisation_id", entry.actor.organisation ? nlohmann::json(entry.actor.organisation->value())
                                                         : nlohmann::json()}}},
          {"action", entry.action},
          {"resource", entry.resource},
          {"record_id", entry.record_id},
          {"reason", entry.reason},
          {"detail", std::move(detail)},
          {"previous_hash", entry.previous_hash},
          {"hash", entry.hash}};
}

Result<Reply> ListEntries(Call& call) {
  if (!access::Decide(call.principal, Action::kRead, Resource::kAuditLog, kAuditLabel)) {
    return Hidden(Resource::kAuditLog);
  }
  TOCSIN_ASSIGN_OR_RETURN(const auto after, call.IntegerQuery("after"));
  TOCSIN_ASSIGN_OR_RETURN(const std::int64_t page, call.LimitQuery(kDefaultPageEntries, kMaximumPageEntries));
  nlohmann::json entries = nlohmann::json::array();
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(const auto found, access::ReadAuditEntries(transaction, after.value_or(0), page));
    for (const access::AuditEntry& entry : found) entries.push_back(EntryJson(entry));
    return Status::Ok();
  }));
  const nlohmann::json next = entries.empty() ? nlohmann::json() : entries.back()["sequence"];
  return Reply{.body = {{"entries", std::move(entries)}, {"next", next}}};
}

Result<Reply> Head(Call& call) {
  if (!access::Decide(call.principal, Action::kRead, Resource::kAuditLog, kAuditLabel)) {
    return Hidden(Resource::kAuditLog);
  }
  access::AuditHead head;
  TOCSIN_RETURN_IF_ERROR(call.store().Read([&](store::Transaction& transaction) -> Status {
    TOCSIN_ASSIGN_OR_RETURN(head, access::ReadAuditHead(transaction));
    return Status::Ok();
  }));
  return Reply{.body = {{"sequence", head.sequence}, {"hash", head.hash}, {"head", head.ToString()}}};
}

}  // namespace

void AddAuditRoutes(std::vector<Route>& routes) {
  routes.push_back(
      {.method = "GET",
       .path = "/api/v1/audit",
       .summary = "Audit log entries after a sequence number, oldest first",
       .tag = "audit",
       .resource = Resource::kAuditLog,
       .query = {{"after", "integer", "Entries after this sequence number (the previous page's `next`)"},
                 {"limit", "integer", "Entries per page, 1-1000 (default 100)"}},
       .response_schema = "AuditPage",
       .handler = ListEntries});
  routes.push_back({.method = "GET",
                    .path = "/api/v1/audit/head",
                    .summary = "The audit log's head (SEQUENCE:HASH), to keep and verify against later",
                    .tag = "audit",
                    .resource = Resource::kAuditLog,
                    .response_schema = "AuditHead",
                    .handler = Head});
}

}  // namespace tocsin::server
