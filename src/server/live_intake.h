// POST /api/v1/events: the live path of the API. A batch of events in the
// JSON-lines event schema (src/monitor/include/tocsin/monitor/jsonl_format.h)
// is checked whole, written in one durable transaction with its audit entry,
// and then only the series of the countries it touched are re-evaluated with
// the rules' detectors (monitor::RunMonitor with `countries`, the path `tocsin
// monitor --watch` takes too); the alerts raised are stored with an audit entry
// each, which puts them on the change stream.
//
// Body: {"events": [{...}, ...], "label": "public", "owner_organisation_id": N,
//        "reason": "..."}; label (default public) may not exceed the caller's
// clearance, and the owner, when given, must be the caller's organisation.
#pragma once

#include "route.h"

namespace tocsin::server {

// Most events one request may carry; the body limit (1 MiB) usually comes first.
inline constexpr std::size_t kMaximumBatchEvents = 10000;

Result<Reply> SubmitEvents(Call& call);

}  // namespace tocsin::server
