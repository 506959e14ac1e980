// The labelled tables of the monitor (events and alerts, migration 0005): their
// columns for access::SqlFilterFor and the label of one record for access::Decide.
#pragma once

#include <cstdint>

#include "tocsin/access/policy.h"
#include "tocsin/access/record_columns.h"
#include "tocsin/store/store.h"

namespace tocsin::server {

using access::kAlertColumns;
using access::kEventColumns;
// The events a series counts: decided as series, shared as events.
inline constexpr access::RecordColumns kSeriesEventColumns = {.id = "events.id",
                                                              .label = "events.label",
                                                              .owner = "events.owner_organisation_id",
                                                              .case_id = "events.case_id",
                                                              .shares_of = access::Resource::kEvent};

// The label of event `id`. Errors: NotFound (the same as for a hidden one).
Result<access::RecordLabel> LoadEventLabel(store::Transaction& transaction, std::int64_t id);
// The label of alert `id`. Errors: NotFound.
Result<access::RecordLabel> LoadAlertLabel(store::Transaction& transaction, std::int64_t id);

// Reads the label, owner and case columns starting at `column` of `row`.
access::RecordLabel ReadRecordLabel(const store::Row& row, int column);

}  // namespace tocsin::server
