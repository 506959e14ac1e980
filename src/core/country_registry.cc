#include "tocsin/core/country_registry.h"

#include <fmt/format.h>

#include <string>

#include "tocsin/core/csv_reader.h"

namespace tocsin {

// Defined in the generated embedded_country_data.cc.
extern const std::string_view kEmbedded0;  // data/countries.csv
extern const std::string_view kEmbedded1;  // data/cow_codes.csv

Result<CountryRegistry> CountryRegistry::Parse(std::string_view countries_csv, std::string_view cow_codes_csv) {
  CountryRegistry registry;
  {
    TOCSIN_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::FromString("countries.csv", std::string(countries_csv)));
    TOCSIN_ASSIGN_OR_RETURN(auto columns, reader.Columns({"gw", "iso3", "fips", "name", "region", "iso_numeric"}));
    while (true) {
      TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
      if (!more) break;
      Country country;
      TOCSIN_ASSIGN_OR_RETURN(country.gw, reader.IntegerIn(columns[0], 0, kLargestCountryCode));
      country.iso3 = std::string(reader.Field(columns[1]));
      country.fips = std::string(reader.Field(columns[2]));
      country.name = std::string(reader.Field(columns[3]));
      country.region = std::string(reader.Field(columns[4]));
      country.iso_numeric = std::string(reader.Field(columns[5]));
      const std::size_t index = registry.countries_.size();
      if (!registry.by_gw_.emplace(country.gw, index).second) {
        return InvalidArgumentError(
            fmt::format("{}: GW {} appears twice", reader.Location(columns[0]), country.gw));
      }
      if (!country.iso3.empty()) registry.by_iso3_.emplace(country.iso3, index);
      if (!country.fips.empty()) registry.by_fips_.emplace(country.fips, index);
      registry.countries_.push_back(std::move(country));
    }
  }
  TOCSIN_ASSIGN_OR_RETURN(CsvReader reader, CsvReader::FromString("cow_codes.csv", std::string(cow_codes_csv)));
  TOCSIN_ASSIGN_OR_RETURN(auto columns, reader.Columns({"cow", "gw", "from_year", "to_year", "ewp_name"}));
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
    if (!more) break;
    CowCode code;
    TOCSIN_ASSIGN_OR_RETURN(code.cow, reader.IntegerIn(columns[0], 0, kLargestCountryCode));
    TOCSIN_ASSIGN_OR_RETURN(code.gw, reader.IntegerIn(columns[1], 0, kLargestCountryCode));
    TOCSIN_ASSIGN_OR_RETURN(code.from_year, reader.IntegerIn(columns[2], kFirstYear, kLastYear));
    TOCSIN_ASSIGN_OR_RETURN(code.to_year, reader.IntegerIn(columns[3], kFirstYear, kLastYear));
    code.ewp_name = std::string(reader.Field(columns[4]));
    if (!registry.by_gw_.contains(code.gw)) {
      return InvalidArgumentError(
          fmt::format("{}: GW {} is not in countries.csv", reader.Location(columns[1]), code.gw));
    }
    registry.cow_codes_.push_back(std::move(code));
  }
  return registry;
}

const CountryRegistry& CountryRegistry::Default() {
  static const CountryRegistry kRegistry = [] {
    auto parsed = Parse(kEmbedded0, kEmbedded1);
    // The embedded tables are checked by tests; failing here is a build defect.
    if (!parsed.ok()) {
      fmt::print(stderr, "internal error: embedded country registry: {}\n", parsed.status().ToString());
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return kRegistry;
}

const Country* CountryRegistry::ByGw(int gw) const {
  const auto found = by_gw_.find(gw);
  return found == by_gw_.end() ? nullptr : &countries_[found->second];
}

const Country* CountryRegistry::ByIso3(std::string_view iso3) const {
  const auto found = by_iso3_.find(std::string(iso3));
  return found == by_iso3_.end() ? nullptr : &countries_[found->second];
}

const Country* CountryRegistry::ByFips(std::string_view fips) const {
  const auto found = by_fips_.find(std::string(fips));
  return found == by_fips_.end() ? nullptr : &countries_[found->second];
}

const Country* CountryRegistry::ByCow(int cow, int year) const {
  for (const CowCode& code : cow_codes_) {
    if (code.cow == cow && code.from_year <= year && year <= code.to_year) return ByGw(code.gw);
  }
  return nullptr;
}

}  // namespace tocsin
