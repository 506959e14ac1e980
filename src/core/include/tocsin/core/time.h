// Dates and times. Tocsin stores every instant in UTC as ISO 8601 text
// ("2026-11-30T06:14:44Z"), which sorts as it reads.
#pragma once

#include <chrono>
#include <string>

namespace tocsin {

// `instant` as "YYYY-MM-DDTHH:MM:SSZ" (UTC, whole seconds).
std::string FormatUtc(std::chrono::system_clock::time_point instant);

// The current instant, formatted by FormatUtc.
std::string NowUtc();

}  // namespace tocsin
