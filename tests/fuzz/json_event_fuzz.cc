// One line of Tocsin's JSON-lines event format (files and the API's intake): any
// bytes give an event or an error naming the field; an event accepted is written
// back as a line that reads as the same event.
#include <cstdint>
#include <string>

#include "event_checks.h"
#include "fuzz_input.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/event.h"
#include "tocsin/monitor/jsonl_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tocsin::monitor;
  tocsin::fuzz::FuzzInput input(data, size);
  const auto& registry = tocsin::CountryRegistry::Default();
  Event event;
  const tocsin::Status status = ParseJsonEvent(input.Rest(), registry, event);
  if (!status.ok()) {
    if (status.message().empty()) tocsin::fuzz::Violated("a refused line without a reason");
    return 0;
  }
  tocsin::fuzz::CheckEventInvariants(event, registry);
  tocsin::fuzz::CheckJsonLinesRoundTrip(event, registry);
  return 0;
}
