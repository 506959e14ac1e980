// The calendar of upcoming trigger dates analysts maintain (indicator 8.8):
// elections, referendums, censuses, transitions of power, anniversaries.
// Installation-wide reference data; writes are audited as assessment updates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tocsin/access/audit_log.h"
#include "tocsin/store/store.h"

namespace tocsin::judge {

struct TriggerDate {
  std::int64_t id = 0;  // set when stored
  int gw = 0;
  std::string date = {};  // YYYY-MM-DD
  std::string kind = {};  // election, referendum, census, transition, anniversary, other
  std::string description = {};
  std::string source = {};
  std::string added_by = {};
  std::string added_at = {};
};

// Errors: InvalidArgument naming the field (country, date, kind, description).
Result<std::int64_t> AddTriggerDate(store::Transaction& transaction, const access::AuditActor& actor,
                                    const TriggerDate& trigger);

// Trigger dates of `gw` (every country when absent) from `from` on (every date
// when empty), by date.
Result<std::vector<TriggerDate>> ListTriggerDates(store::Transaction& transaction, std::optional<int> gw,
                                                  const std::string& from = "");

}  // namespace tocsin::judge
