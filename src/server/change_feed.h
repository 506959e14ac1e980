// The change feed behind the event stream: audit entries of writes, each shown
// to a caller only when the policy lets them read the record it changed.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "tocsin/access/principal.h"
#include "tocsin/store/store.h"

namespace tocsin::server {

struct Change {
  std::int64_t sequence = 0;  // the audit entry's; the stream's event id
  nlohmann::json event;       // {"action", "resource", "id", "at"}: no detail, no actor
};

struct ChangePage {
  std::vector<Change> changes;     // visible changes, oldest first
  std::int64_t last_sequence = 0;  // the last entry examined, visible or not
};

// Changes after audit entry `after` that `principal` may see: writes (not
// reads, logins or logouts) to forecasts, backtests, panels, users,
// organisations, events, alerts, assessments, questions and the response records
// (cases, tasks, decisions, options, the watchlist, briefs) the policy lets them read now, and their own API tokens.
// Examines at most `limit` entries. Default deny: any other entry is skipped.
Result<ChangePage> VisibleChanges(store::Transaction& transaction, const access::Principal& principal,
                                  std::int64_t after, std::int64_t limit);

}  // namespace tocsin::server
