#include "tocsin/core/time.h"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

TEST(Time, FormatsUtcAsIso8601) {
  const auto instant = std::chrono::sys_days(std::chrono::year(2026) / 11 / 30) + std::chrono::hours(6) +
                       std::chrono::minutes(14) + std::chrono::milliseconds(44900);
  EXPECT_EQ(FormatUtc(instant), "2026-11-30T06:14:44Z");
}

}  // namespace
}  // namespace tocsin
