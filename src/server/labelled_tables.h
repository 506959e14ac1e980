// The labelled tables the API reads so far (model runs and panel datasets): their
// columns for access::SqlFilterFor and the labels of one record for access::Decide.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "tocsin/access/policy.h"
#include "tocsin/store/store.h"

namespace tocsin::server {

// A stored clearance (a label column); the most restrictive one for a value
// out of range.
access::Clearance StoredClearance(std::int64_t value);

// A column as JSON: null when it is NULL.
nlohmann::json NullableInteger(const store::Row& row, int column);
nlohmann::json NullableReal(const store::Row& row, int column);

inline constexpr access::RecordColumns kModelRunColumns = {.id = "model_runs.id",
                                                           .label = "model_runs.label",
                                                           .owner = "model_runs.owner_organisation_id",
                                                           .case_id = "model_runs.case_id"};
inline constexpr access::RecordColumns kPanelColumns = {.id = "panel_datasets.id",
                                                        .label = "panel_datasets.label",
                                                        .owner = "panel_datasets.owner_organisation_id",
                                                        .case_id = "panel_datasets.case_id"};

// Forecast and backtest runs share the model_runs table; `kind` tells them apart.
std::string_view RunKind(access::Resource resource);

struct RunLabels {
  access::RecordLabel record;
  access::Clearance drivers = access::Clearance::kPublic;  // the per-country drivers' own label
};

// The labels of run `id` of the kind `resource` names. Errors: NotFound (also for
// a run of the other kind).
Result<RunLabels> LoadRunLabels(store::Transaction& transaction, access::Resource resource, std::int64_t id);

// The label of panel dataset `id`. Errors: NotFound.
Result<access::RecordLabel> LoadPanelLabel(store::Transaction& transaction, std::int64_t id);

// The drivers of a run are a field with their own label: the run's label, raised
// to the drivers label, under the same owner, sharing and case.
access::RecordLabel DriversLabel(const RunLabels& labels);

// `first` followed by the filter's parameters: for queries whose own `?` comes
// before the filter's fragment.
std::vector<store::Value> ParamsBefore(store::Value first, const access::SqlFilter& filter);

// The error for a record that does not exist or that the caller may not see;
// the two are indistinguishable on purpose.
Status Hidden(access::Resource resource);

}  // namespace tocsin::server
