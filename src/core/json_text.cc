#include "tocsin/core/json_text.h"

#include <set>
#include <vector>

namespace tocsin {

nlohmann::json ParseJsonNotingDuplicates(std::string_view text, std::string* duplicate) {
  std::vector<std::set<std::string>> open_objects;
  const nlohmann::json::parser_callback_t note = [&](int /*depth*/, nlohmann::json::parse_event_t event,
                                                     nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) {
      open_objects.emplace_back();
    } else if (event == Event::object_end) {
      if (!open_objects.empty()) open_objects.pop_back();
    } else if (event == Event::key && !open_objects.empty()) {
      std::string key = parsed.get<std::string>();
      if (!open_objects.back().insert(key).second && duplicate->empty()) *duplicate = std::move(key);
    }
    return true;
  };
  return nlohmann::json::parse(text, note, /*allow_exceptions=*/false);
}

}  // namespace tocsin
