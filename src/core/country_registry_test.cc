#include "tocsin/core/country_registry.h"

#include <gtest/gtest.h>

namespace tocsin {
namespace {

const CountryRegistry& registry = CountryRegistry::Default();

TEST(CountryRegistry, FindsStateByEveryCode) {
  const Country* kenya = registry.ByGw(501);
  ASSERT_NE(kenya, nullptr);
  EXPECT_EQ(kenya->iso3, "KEN");
  EXPECT_EQ(registry.ByIso3("KEN"), kenya);
  EXPECT_EQ(registry.ByFips("KE"), kenya);
  EXPECT_EQ(registry.ByCow(501, 2020), kenya);
}

TEST(CountryRegistry, GermanyCowCodeMapsToGw260) {
  ASSERT_NE(registry.ByCow(255, 2024), nullptr);
  EXPECT_EQ(registry.ByCow(255, 2024)->gw, 260);
  EXPECT_EQ(registry.ByCow(255, 2024)->iso3, "DEU");
}

TEST(CountryRegistry, SerbiaCowCodeChangesGwStateIn2006) {
  EXPECT_EQ(registry.ByCow(345, 1990)->gw, 345);
  EXPECT_EQ(registry.ByCow(345, 1990)->name, "Yugoslavia");
  EXPECT_EQ(registry.ByCow(345, 2010)->gw, 340);
  EXPECT_EQ(registry.ByCow(345, 2010)->iso3, "SRB");
}

TEST(CountryRegistry, BothYemenCowCodesAreGw678) {
  EXPECT_EQ(registry.ByCow(678, 1980)->gw, 678);
  EXPECT_EQ(registry.ByCow(679, 2015)->gw, 678);
  EXPECT_EQ(registry.ByCow(680, 1980)->gw, 680);
  EXPECT_EQ(registry.ByIso3("YEM")->gw, 678);
}

TEST(CountryRegistry, SudanSouthSudanAndZanzibarAreDistinct) {
  EXPECT_EQ(registry.ByIso3("SDN")->gw, 625);
  EXPECT_EQ(registry.ByIso3("SSD")->gw, 626);
  EXPECT_EQ(registry.ByFips("OD")->gw, 626);
  ASSERT_NE(registry.ByGw(511), nullptr);
  EXPECT_EQ(registry.ByGw(511)->name, "Zanzibar");
}

TEST(CountryRegistry, CoversEveryEarlyWarningProjectCountry) {
  int with_ewp_name = 0;
  for (const CowCode& code : registry.cow_codes()) {
    if (!code.ewp_name.empty()) ++with_ewp_name;
  }
  // 173 EWP country codes; Serbia's spans two GW states.
  EXPECT_EQ(with_ewp_name, 174);
}

TEST(CountryRegistry, CarriesIsoNumericCodesForTheMap) {
  EXPECT_EQ(registry.ByGw(260)->iso_numeric, "276");  // Germany
  EXPECT_EQ(registry.ByGw(482)->iso_numeric, "140");  // Central African Republic
  EXPECT_EQ(registry.ByGw(345)->iso_numeric, "");     // Yugoslavia: no code today
}

TEST(CountryRegistry, UnknownCodesGiveNull) {
  EXPECT_EQ(registry.ByGw(1), nullptr);
  EXPECT_EQ(registry.ByIso3("XYZ"), nullptr);
  EXPECT_EQ(registry.ByCow(345, 1700), nullptr);
}

TEST(CountryRegistry, RejectsDuplicateGwNumbers) {
  const auto parsed = CountryRegistry::Parse("gw,iso3,fips,name,region,iso_numeric\n2,USA,US,A,X,840\n2,USB,UB,B,X,\n",
                                             "cow,gw,from_year,to_year,ewp_name\n");
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().message(), "countries.csv:3:1 (gw): GW 2 appears twice");
}

}  // namespace
}  // namespace tocsin
