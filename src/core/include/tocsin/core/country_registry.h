// The country registry: one record per Gleditsch–Ward state, with the codes other
// sources use for it (COW for the Early Warning Project's `ccode`, ISO 3166-1
// alpha-3 for maps, FIPS 10-4 for GDELT).
//
// Built from public facts stored as data (src/core/data/*.csv, compiled into the
// binary; scripts/make-country-registry.py regenerates them). The irregular cases
// live in that data, not here: COW 255 Germany is GW 260; COW 345 is GW 345
// Yugoslavia until 2005 and GW 340 Serbia from 2006; COW 678 and 679 are both GW
// 678 Yemen; Sudan 625 and South Sudan 626; Zanzibar 511 (1963–64).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin {

// The codes and years a file may give: GW and COW codes are below 1,000 and years
// have four digits. Readers check them with CsvReader::IntegerIn, so a mistyped
// value is an error instead of a number cut down to fit an int.
inline constexpr int kLargestCountryCode = 99999;
inline constexpr int kFirstYear = 1;
inline constexpr int kLastYear = 9999;

struct Country {
  int gw = 0;          // Gleditsch–Ward number (the key; UCDP's country_id)
  std::string iso3;    // empty for states that no longer exist
  std::string fips;    // FIPS 10-4 (GDELT); may be empty
  std::string name;
  std::string region;  // World Bank region
  std::string iso_numeric;  // ISO 3166-1 numeric, 3 digits (Natural Earth map ids); may be empty
};

// A COW code's meaning over a span of years.
struct CowCode {
  int cow = 0;
  int gw = 0;
  int from_year = 0;
  int to_year = 0;
  std::string ewp_name;  // the Early Warning Project's name for it, if any
};

// Immutable after construction; safe to share between threads.
class CountryRegistry {
 public:
  // The registry compiled into the binary. Built once, thread-safe.
  static const CountryRegistry& Default();
  // Parses the two tables (the formats of src/core/data/countries.csv and
  // cow_codes.csv). Errors name the table, line and column.
  static Result<CountryRegistry> Parse(std::string_view countries_csv, std::string_view cow_codes_csv);

  const Country* ByGw(int gw) const;
  const Country* ByIso3(std::string_view iso3) const;
  const Country* ByFips(std::string_view fips) const;
  // The GW state that COW code `cow` denotes in `year`, or nullptr.
  const Country* ByCow(int cow, int year) const;

  std::span<const Country> countries() const { return countries_; }
  std::span<const CowCode> cow_codes() const { return cow_codes_; }

 private:
  std::vector<Country> countries_;
  std::vector<CowCode> cow_codes_;
  std::unordered_map<int, std::size_t> by_gw_;
  std::unordered_map<std::string, std::size_t> by_iso3_;
  std::unordered_map<std::string, std::size_t> by_fips_;
};

}  // namespace tocsin
