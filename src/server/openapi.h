// The OpenAPI 3 document of the API, generated from the route table so that it
// cannot list a route that does not exist or miss one that does.
#pragma once

#include <nlohmann/json.hpp>
#include <span>

#include "route.h"

namespace tocsin::server {

nlohmann::json OpenApiDocument(std::span<const Route> routes);

// The schemas routes may name (components/schemas).
const nlohmann::json& OpenApiSchemas();
// Those of the event, series and alert routes (monitor_schemas.cc).
nlohmann::json MonitorSchemas();

}  // namespace tocsin::server
