// The labelled tables that more than one module reads on a caller's behalf
// (events, alerts, forecast runs): their columns for SqlFilterFor, in one place
// so that every reader applies the same rule.
#pragma once

#include "tocsin/access/policy.h"

namespace tocsin::access {

inline constexpr RecordColumns kEventColumns = {.id = "events.id",
                                                .label = "events.label",
                                                .owner = "events.owner_organisation_id",
                                                .case_id = "events.case_id"};
inline constexpr RecordColumns kAlertColumns = {.id = "alerts.id",
                                                .label = "alerts.label",
                                                .owner = "alerts.owner_organisation_id",
                                                .case_id = "alerts.case_id"};
inline constexpr RecordColumns kForecastRunColumns = {.id = "model_runs.id",
                                                      .label = "model_runs.label",
                                                      .owner = "model_runs.owner_organisation_id",
                                                      .case_id = "model_runs.case_id"};

}  // namespace tocsin::access
