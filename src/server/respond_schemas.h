// The JSON schemas of the response-workflow routes (components/schemas): the
// watchlist and its proposals, options, cases, tasks, decisions, the gap report
// and partner briefs. The shapes are respond::ToJson's (tocsin/respond/json.h).
#pragma once

#include <nlohmann/json.hpp>

namespace tocsin::server {

nlohmann::json RespondSchemas();

}  // namespace tocsin::server
