// The JSON schemas of the judgement routes (components/schemas): assessments,
// the trigger calendar, the combined view and the opinion pool.
#pragma once

#include <nlohmann/json.hpp>

namespace tocsin::server {

nlohmann::json JudgementSchemas();

}  // namespace tocsin::server
