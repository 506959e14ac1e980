// The GDELT reader (see event_reader.h and, for the CAMEO mapping, cameo.h).
#pragma once

#include <memory>
#include <string>

#include "tocsin/monitor/event_reader.h"

namespace tocsin::monitor {

inline constexpr std::string_view kGdeltSource = "gdelt";

Result<std::unique_ptr<EventReader>> OpenGdeltReader(const std::string& path, const EventReaderOptions& options);

}  // namespace tocsin::monitor
