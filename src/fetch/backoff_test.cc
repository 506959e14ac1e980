#include "tocsin/fetch/backoff.h"

#include <gtest/gtest.h>

namespace tocsin::fetch {
namespace {

using std::chrono::milliseconds;

TEST(Backoff, DoublesFromTheInitialWaitUpToTheLongest) {
  const BackoffOptions options{
      .initial = milliseconds(1000), .longest = milliseconds(10000), .multiplier = 2, .jitter = 0};
  EXPECT_EQ(BackoffDelay(options, 1, 0.9), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(options, 2, 0.9), milliseconds(2000));
  EXPECT_EQ(BackoffDelay(options, 4, 0.9), milliseconds(8000));
  EXPECT_EQ(BackoffDelay(options, 5, 0.9), milliseconds(10000));
  EXPECT_EQ(BackoffDelay(options, 10000, 0.9), milliseconds(10000));  // no overflow
}

TEST(Backoff, JitterTakesUpToItsShareOff) {
  const BackoffOptions options{
      .initial = milliseconds(1000), .longest = milliseconds(60000), .multiplier = 2, .jitter = 0.5};
  EXPECT_EQ(BackoffDelay(options, 1, 0), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(options, 1, 0.5), milliseconds(750));
  EXPECT_EQ(BackoffDelay(options, 2, 0.5), milliseconds(1500));
  EXPECT_EQ(BackoffDelay(options, 2, 0.999), milliseconds(1001));
}

}  // namespace
}  // namespace tocsin::fetch
