#include "tocsin/core/time.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace tocsin {

std::string FormatUtc(std::chrono::system_clock::time_point instant) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(instant));
}

std::string NowUtc() { return FormatUtc(std::chrono::system_clock::now()); }

}  // namespace tocsin
