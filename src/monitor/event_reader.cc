#include "tocsin/monitor/event_reader.h"

#include "gdelt_reader.h"
#include "jsonl_reader.h"
#include "ucdp_reader.h"

namespace tocsin::monitor {

std::string_view EventFormatName(EventFormat format) {
  switch (format) {
    case EventFormat::kUcdp: return "ucdp";
    case EventFormat::kGdelt: return "gdelt";
    case EventFormat::kJsonLines: return "jsonl";
  }
  return "?";
}

std::optional<EventFormat> ParseEventFormat(std::string_view name) {
  for (EventFormat format : {EventFormat::kUcdp, EventFormat::kGdelt, EventFormat::kJsonLines}) {
    if (EventFormatName(format) == name) return format;
  }
  return std::nullopt;
}

Result<std::unique_ptr<EventReader>> OpenEventReader(EventFormat format, const std::string& path,
                                                     const EventReaderOptions& options) {
  switch (format) {
    case EventFormat::kUcdp: return OpenUcdpReader(path, options);
    case EventFormat::kGdelt: return OpenGdeltReader(path, options);
    case EventFormat::kJsonLines: return OpenJsonLinesReader(path, options);
  }
  return InvalidArgumentError("unknown event format");
}

}  // namespace tocsin::monitor
