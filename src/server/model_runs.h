// Forecast and backtest runs (table model_runs) as the API returns them. Both
// kinds share the listing, the detail with per-country risks, and the rule that
// a run's drivers are shown only to callers cleared for the drivers' label.
#pragma once

#include "route.h"

namespace tocsin::server {

// GET of the runs of `resource`'s kind the caller may read, newest first.
Result<Reply> ListRuns(Call& call, access::Resource resource);

// GET of run {id} with its per-country risks, and their drivers when permitted.
Result<Reply> GetRun(Call& call, access::Resource resource);

}  // namespace tocsin::server
