// The JSON shapes of the response records, shared by the API and the command
// line (docs/api.md documents them): flat objects, times as UTC text, labels
// and statuses by name, absent values as null.
#pragma once

#include <nlohmann/json.hpp>

#include "tocsin/respond/cases.h"
#include "tocsin/respond/decisions.h"
#include "tocsin/respond/options.h"
#include "tocsin/respond/tasks.h"
#include "tocsin/respond/watchlist.h"

namespace tocsin::respond {

nlohmann::json ToJson(const Case& record);
nlohmann::json ToJson(const TimelineEntry& entry);
nlohmann::json ToJson(const Option& option);
nlohmann::json ToJson(const CaseOption& option);
nlohmann::json ToJson(const Task& task);
nlohmann::json ToJson(const DecisionRecord& decision);
nlohmann::json ToJson(const WatchlistEntry& entry);
nlohmann::json ToJson(const Proposal& proposal);
// [3, 5]: organisations by id, as a record's shared_with lists them.
nlohmann::json ToJson(const std::vector<access::OrganisationId>& organisations);

}  // namespace tocsin::respond
