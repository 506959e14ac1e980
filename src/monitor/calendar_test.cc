#include "tocsin/monitor/calendar.h"

#include <gtest/gtest.h>

namespace tocsin::monitor {
namespace {

TEST(Calendar, EpochIsDayZero) {
  EXPECT_EQ(*ParseDate("1970-01-01"), 0);
  EXPECT_EQ(FormatDate(0), "1970-01-01");
}

TEST(Calendar, RoundTripsEveryDayOverCenturies) {
  for (DayNumber day = DayFromCivil(1899, 12, 25); day < DayFromCivil(2101, 1, 5); ++day) {
    const auto parsed = ParseDate(FormatDate(day));
    ASSERT_TRUE(parsed.ok()) << FormatDate(day);
    ASSERT_EQ(*parsed, day);
  }
}

TEST(Calendar, AcceptsTheDateFormsSourcesWrite) {
  const DayNumber expected = DayFromCivil(2009, 2, 20);
  EXPECT_EQ(*ParseDate("2009-02-20"), expected);
  EXPECT_EQ(*ParseDate("2009-02-20 00:00:00.000"), expected);
  EXPECT_EQ(*ParseDate("2009-02-20T00:00:00Z"), expected);
  EXPECT_EQ(*ParseDate("20090220"), expected);
}

TEST(Calendar, RejectsImpossibleDatesWithTheirText) {
  for (const char* text : {"2019-02-29", "2020-13-01", "2020-00-10", "20-01-01", "2020/01/01", "", "2020-01-0x"}) {
    const auto parsed = ParseDate(text);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.status().message().find(std::string("'") + text + "'"), std::string::npos);
  }
  EXPECT_TRUE(ParseDate("2020-02-29").ok());
}

TEST(Calendar, TheIsoFastPathAgreesWithTheGeneralParser) {
  for (DayNumber day = DayFromCivil(1999, 12, 1); day < DayFromCivil(2001, 3, 5); ++day) {
    DayNumber parsed = -1;
    ASSERT_TRUE(ParseIsoDate(FormatDate(day), &parsed)) << FormatDate(day);
    ASSERT_EQ(parsed, day);
  }
  // The other forms and impossible days go to the general parser, which explains them.
  for (const char* text : {"2019-02-29", "2020-13-01", "2020-00-10", "0999-01-01", "2009-02-20 00:00:00.000",
                           "20090220", "2020-01-0x", ""}) {
    DayNumber parsed = -1;
    EXPECT_FALSE(ParseIsoDate(text, &parsed)) << text;
    EXPECT_EQ(parsed, -1) << text;
  }
}

TEST(Calendar, WeeksStartOnMonday) {
  const DayNumber monday = *ParseDate("2013-12-02");
  const std::int32_t week = PeriodIndex(monday, Period::kWeek);
  EXPECT_EQ(PeriodIndex(monday + 6, Period::kWeek), week);
  EXPECT_EQ(PeriodIndex(monday - 1, Period::kWeek), week - 1);
  EXPECT_EQ(PeriodStart(week, Period::kWeek), monday);
  EXPECT_EQ(PeriodEnd(week, Period::kWeek), monday + 6);
  EXPECT_EQ(PeriodIndex(*ParseDate("1969-12-29"), Period::kWeek), 0);
  EXPECT_EQ(PeriodIndex(*ParseDate("1969-12-28"), Period::kWeek), -1);
}

TEST(Calendar, MonthsAreConsecutiveAcrossYears) {
  const std::int32_t december = PeriodIndex(*ParseDate("2012-12-31"), Period::kMonth);
  EXPECT_EQ(PeriodIndex(*ParseDate("2013-01-01"), Period::kMonth), december + 1);
  EXPECT_EQ(FormatDate(PeriodStart(december, Period::kMonth)), "2012-12-01");
  EXPECT_EQ(FormatDate(PeriodEnd(december + 2, Period::kMonth)), "2013-02-28");
  EXPECT_EQ(FormatDate(PeriodStart(PeriodIndex(*ParseDate("1969-03-15"), Period::kMonth), Period::kMonth)),
            "1969-03-01");
}

}  // namespace
}  // namespace tocsin::monitor
