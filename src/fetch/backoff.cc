#include "tocsin/fetch/backoff.h"

#include <algorithm>
#include <cmath>

namespace tocsin::fetch {

std::chrono::milliseconds BackoffDelay(const BackoffOptions& options, int failures, double unit_random) {
  const double initial = static_cast<double>(options.initial.count());
  const double longest = static_cast<double>(options.longest.count());
  // Computed in doubles and capped before any conversion, so a long run of
  // failures cannot overflow.
  const double exponent = std::max(0, failures - 1);
  const double wait = std::min(longest, initial * std::pow(std::max(1.0, options.multiplier), exponent));
  const double jitter = std::clamp(options.jitter, 0.0, 1.0) * std::clamp(unit_random, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(wait * (1 - jitter))));
}

}  // namespace tocsin::fetch
