// Properties every event accepted from any source must have, checked by the fuzz
// targets of the event readers and of the JSON-lines format.
#pragma once

#include <cstdio>
#include <string>

#include "fuzz_input.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/event.h"
#include "tocsin/monitor/jsonl_format.h"

namespace tocsin::fuzz {

// It ends no earlier than it starts and lies in a registry state.
inline void CheckEventInvariants(const monitor::Event& event, const CountryRegistry& registry) {
  if (event.date_end < event.date_start) Violated("an event ending before it starts");
  if (registry.ByGw(event.country_gw) == nullptr) Violated("an event placed in no registry state");
}

// It is written as a line of Tocsin's JSON-lines format (the API's intake) that
// reads back as the same event.
inline void CheckJsonLinesRoundTrip(const monitor::Event& event, const CountryRegistry& registry) {
  const std::string line = monitor::FormatJsonEvent(event, registry);
  monitor::Event again;
  const Status reread = monitor::ParseJsonEvent(line, registry, again);
  if (!reread.ok()) {
    std::fprintf(stderr, "%s\n%s\n", line.c_str(), reread.ToString().c_str());
    Violated("an accepted event's JSON-lines form is refused");
  }
  if (monitor::ContentHash(again) != monitor::ContentHash(event)) {
    std::fprintf(stderr, "%s\n", line.c_str());
    Violated("an accepted event changes on its way through its JSON-lines form");
  }
}

}  // namespace tocsin::fuzz
