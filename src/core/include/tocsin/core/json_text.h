// JSON text as Tocsin reads it from outside (request bodies, JSON-lines files).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tocsin {

// Parses `text` (discarded when it is not JSON), noting in `duplicate` the first
// key that appears twice in one object: JSON allows it, and the parser would
// silently keep the last, so a caller refuses it instead.
nlohmann::json ParseJsonNotingDuplicates(std::string_view text, std::string* duplicate);

}  // namespace tocsin
