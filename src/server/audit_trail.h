// Audit entries written by API handlers: every write, and every read that
// returns confidential or strictly confidential records.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "route.h"
#include "tocsin/access/audit_log.h"

namespace tocsin::server {

// Appends "<resource>.<verb>" by the caller inside the write `transaction`.
Status AuditWrite(store::Transaction& transaction, const Call& call, std::string_view verb,
                  access::Resource resource, std::string record_id, const nlohmann::json& detail,
                  const std::string& reason = "");

// A record a response is about to return, with its label.
struct ReturnedRecord {
  std::int64_t id = 0;
  access::Clearance label = access::Clearance::kPublic;
};

// Records "<resource>.read" with the ids of the returned records labelled
// confidential or above (nothing when there are none). Call it before sending
// the response: if the entry cannot be written the data must not go out.
Status AuditConfidentialReads(const Call& call, access::Resource resource,
                              const std::vector<ReturnedRecord>& records);

}  // namespace tocsin::server
