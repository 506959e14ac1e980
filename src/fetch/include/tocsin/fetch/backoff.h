// Exponential back-off with jitter, for retrying a server that failed.
#pragma once

#include <chrono>

namespace tocsin::fetch {

struct BackoffOptions {
  std::chrono::milliseconds initial{std::chrono::seconds(5)};   // the wait after the first failure
  std::chrono::milliseconds longest{std::chrono::minutes(15)};  // GDELT publishes every 15 minutes
  double multiplier = 2;                                        // each further failure multiplies the wait
  // Share of the wait drawn at random (0: none, 1: anywhere from 0 to the full
  // wait), so that many followers that failed together do not retry together.
  double jitter = 0.5;
};

// The wait after `failures` consecutive failures (1 for the first):
// min(longest, initial * multiplier^(failures-1)) * (1 - jitter * unit_random),
// with `unit_random` drawn from [0, 1). Pure: the caller supplies the randomness.
std::chrono::milliseconds BackoffDelay(const BackoffOptions& options, int failures, double unit_random);

}  // namespace tocsin::fetch
