// The VIEWS country-month fatality files as monthly series per country (GW).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::monitor {

// Fatalities per month (index as PeriodIndex(day, Period::kMonth)), from first to last.
struct MonthlySeries {
  std::int32_t first_month = 0;
  std::vector<double> values;
};

struct ViewsSeries {
  std::map<int, MonthlySeries> state_based;  // by GW; views_cm_actuals_ged_sb_2018_2024
  std::map<int, MonthlySeries> non_state;    // views_cm_features_m455_m490 (ged_ns)
  std::map<int, MonthlySeries> one_sided;    // views_cm_features_m455_m490 (ged_os)
};

// Reads both files from `views_directory`. VIEWS country ids are mapped to GW
// numbers through the features file's gleditsch_ward column. Errors name the file.
Result<ViewsSeries> ReadViewsSeries(const std::string& views_directory);

}  // namespace tocsin::monitor
