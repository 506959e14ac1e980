// The JSON-lines reader (see jsonl_format.h).
#pragma once

#include <memory>
#include <string>

#include "tocsin/monitor/event_reader.h"

namespace tocsin::monitor {

Result<std::unique_ptr<EventReader>> OpenJsonLinesReader(const std::string& path, const EventReaderOptions& options);

}  // namespace tocsin::monitor
