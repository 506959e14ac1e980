// The event readers (UCDP GED, GDELT, JSON lines) on any bytes, plain or gzip: each
// row is an event, a rejection with its line, or left out, and the file ends or
// fails with a located error. Every event read must satisfy the event's invariants
// and come back equal from Tocsin's JSON-lines form (the API's intake). The first
// byte chooses the format, the summary-only mode and the row size limit.
#include <cstdint>
#include <string>

#include "event_checks.h"
#include "fuzz_input.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/event.h"
#include "tocsin/monitor/event_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tocsin::monitor;
  tocsin::fuzz::FuzzInput input(data, size);
  const std::uint8_t shape = input.Byte();
  static constexpr EventFormat kFormats[] = {EventFormat::kUcdp, EventFormat::kGdelt, EventFormat::kJsonLines,
                                             EventFormat::kUcdp};
  const EventFormat format = kFormats[shape & 3];
  EventReaderOptions options;
  options.summary_only = (shape & 4) != 0;
  if ((shape & 8) != 0) options.max_row_bytes = 64 + (shape >> 4) * 32;
  const tocsin::fuzz::ScratchFile file(input.Rest(), format == EventFormat::kJsonLines ? ".jsonl" : ".csv");

  auto reader = OpenEventReader(format, file.path(), options);
  if (!reader.ok()) return 0;
  const auto& registry = tocsin::CountryRegistry::Default();
  Event event;
  RejectedRow rejected;
  for (int guard = 0; guard < 1 << 20; ++guard) {
    auto outcome = (*reader)->Next(event, rejected);
    if (!outcome.ok()) {
      if (outcome.status().message().empty()) tocsin::fuzz::Violated("a file fault without a message");
      return 0;
    }
    switch (*outcome) {
      case ReadOutcome::kEnd:
        return 0;
      case ReadOutcome::kFiltered:
        break;
      case ReadOutcome::kRejected:
        if (rejected.line == 0 || rejected.reason.empty()) {
          tocsin::fuzz::Violated("a rejected row without its line or reason");
        }
        break;
      case ReadOutcome::kEvent: {
        if (event.source.empty() || event.source_id.empty())
          tocsin::fuzz::Violated("an event without its key");
        tocsin::fuzz::CheckEventInvariants(event, registry);
        if (!options.summary_only) tocsin::fuzz::CheckJsonLinesRoundTrip(event, registry);
        break;
      }
    }
  }
  tocsin::fuzz::Violated("an event reader did not reach the end of a finite file");
}
