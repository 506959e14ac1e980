// The UCDP GED reader (see event_reader.h).
#pragma once

#include <memory>
#include <string>

#include "tocsin/monitor/event_reader.h"

namespace tocsin::monitor {

inline constexpr std::string_view kUcdpSource = "ucdp-ged";

Result<std::unique_ptr<EventReader>> OpenUcdpReader(const std::string& path, const EventReaderOptions& options);

}  // namespace tocsin::monitor
