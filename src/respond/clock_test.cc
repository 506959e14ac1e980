#include "tocsin/respond/clock.h"

#include <gtest/gtest.h>

namespace tocsin::respond {
namespace {

TEST(ParseUtc, ReadsDatesMinutesAndSecondsWithOrWithoutZ) {
  EXPECT_EQ(FormatTime(*ParseUtc("2026-03-02")), "2026-03-02T00:00:00Z");
  EXPECT_EQ(FormatTime(*ParseUtc("2026-03-02T08:05")), "2026-03-02T08:05:00Z");
  EXPECT_EQ(FormatTime(*ParseUtc("2026-03-02T08:05:09Z")), "2026-03-02T08:05:09Z");
  EXPECT_EQ(FormatTime(*ParseUtc("2026-03-02 08:05Z")), "2026-03-02T08:05:00Z");
}

TEST(ParseUtc, RefusesImpossibleOrMalformedTimesNamingThem) {
  for (const char* text : {"2026-02-30", "2026-13-01", "2026-03-02T24:00", "02/03/2026", "2026-03-02T8:05", ""}) {
    const auto parsed = ParseUtc(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.status().ToString().find("is not a UTC time"), std::string::npos);
  }
}

TEST(HoursBetween, CountsAcrossMonthsAndBackwards) {
  EXPECT_DOUBLE_EQ(HoursBetween(*ParseUtc("2026-02-28T12:00"), *ParseUtc("2026-03-01T18:30")), 30.5);
  EXPECT_DOUBLE_EQ(HoursBetween(*ParseUtc("2026-03-01"), *ParseUtc("2026-02-28")), -24);
}

TEST(FixedClock, SaysWhatItIsTold) {
  FixedClock clock(*ParseUtc("2026-03-02T08:00"));
  EXPECT_EQ(clock.NowText(), "2026-03-02T08:00:00Z");
  clock.Set(*ParseUtc("2026-03-04T12:00"));
  EXPECT_EQ(clock.NowText(), "2026-03-04T12:00:00Z");
}

}  // namespace
}  // namespace tocsin::respond
