#include "views_series.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>

#include "field_values.h"
#include "record_reader.h"

namespace tocsin::monitor {
namespace {

constexpr std::string_view kActuals = "views_cm_actuals_ged_sb_2018_2024.csv.gz";
constexpr std::string_view kFeatures = "views_cm_features_m455_m490.csv.gz";
// VIEWS month 1 is January 1980; Tocsin's month 0 is January 1970.
constexpr std::int32_t kViewsMonthOffset = 10 * 12 - 1;
// Months and ids are below a few thousand; the bound keeps them ints, and a
// country's dense series of months (Densify) a few megabytes at most.
constexpr double kLargestWhole = 1e5;

using Cells = std::map<int, std::map<std::int32_t, double>>;  // GW -> month -> value

// Calls `on_row` with the fields of every data row, columns found by name. The
// first `whole_columns` (months and ids) must be whole numbers within
// +-kLargestWhole: they are converted to ints, and a double beyond an int does not
// convert.
Status ReadColumns(const std::string& path, const std::vector<std::string>& names, std::size_t whole_columns,
                   const std::function<Status(const std::vector<double>&)>& on_row) {
  TOCSIN_ASSIGN_OR_RETURN(RecordReader reader, RecordReader::Open(path));
  TOCSIN_ASSIGN_OR_RETURN(bool has_header, reader.Next());
  if (!has_header) return DataLossError(fmt::format("{}: the file is empty", path));
  std::vector<std::size_t> columns;
  const auto header = reader.fields();
  for (const std::string& name : names) {
    const auto found = std::find(header.begin(), header.end(), name);
    if (found == header.end()) return InvalidArgumentError(fmt::format("{}: no column '{}'", path, name));
    columns.push_back(static_cast<std::size_t>(found - header.begin()));
  }
  const std::size_t width = header.size();
  std::vector<double> values(names.size());
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(bool more, reader.Next());
    if (!more) return Status::Ok();
    if (reader.fields().size() != width) {
      return InvalidArgumentError(fmt::format("{}:{}: expected {} fields", path, reader.line(), width));
    }
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const auto value = ParseReal(reader.fields()[columns[i]]);
      if (!value) {
        return InvalidArgumentError(fmt::format("{}:{}: column '{}': '{}' is not a number", path, reader.line(),
                                                names[i], reader.fields()[columns[i]]));
      }
      if (i < whole_columns && (*value != std::trunc(*value) || std::abs(*value) > kLargestWhole)) {
        return InvalidArgumentError(fmt::format("{}:{}: column '{}': '{}' is not a whole number within +-{}",
                                                path, reader.line(), names[i], reader.fields()[columns[i]],
                                                kLargestWhole));
      }
      values[i] = *value;
    }
    TOCSIN_RETURN_IF_ERROR(on_row(values));
  }
}

std::map<int, MonthlySeries> Densify(const Cells& cells) {
  std::map<int, MonthlySeries> series;
  for (const auto& [gw, months] : cells) {
    MonthlySeries& out = series[gw];
    out.first_month = months.begin()->first;
    out.values.assign(static_cast<std::size_t>(months.rbegin()->first - out.first_month) + 1, 0.0);
    for (const auto& [month, value] : months) out.values[month - out.first_month] = value;
  }
  return series;
}

}  // namespace

Result<ViewsSeries> ReadViewsSeries(const std::string& views_directory) {
  const std::string features = (std::filesystem::path(views_directory) / kFeatures).string();
  const std::string actuals = (std::filesystem::path(views_directory) / kActuals).string();
  std::map<int, int> gw_of_views_country;
  Cells non_state;
  Cells one_sided;
  TOCSIN_RETURN_IF_ERROR(ReadColumns(features,
                                     {"month_id", "country_id", "gleditsch_ward", "ged_ns", "ged_os"}, 3,
                                     [&](const std::vector<double>& row) {
                                       const auto month = static_cast<std::int32_t>(row[0]) + kViewsMonthOffset;
                                       const int gw = static_cast<int>(row[2]);
                                       gw_of_views_country[static_cast<int>(row[1])] = gw;
                                       non_state[gw][month] = row[3];
                                       one_sided[gw][month] = row[4];
                                       return Status::Ok();
                                     }));
  Cells state_based;
  TOCSIN_RETURN_IF_ERROR(
      ReadColumns(actuals, {"month_id", "country_id", "ged_sb"}, 2, [&](const std::vector<double>& row) {
        const auto gw = gw_of_views_country.find(static_cast<int>(row[1]));
        if (gw == gw_of_views_country.end()) {
          return InvalidArgumentError(
              fmt::format("{}: VIEWS country {} is not in {}", actuals, row[1], features));
        }
        state_based[gw->second][static_cast<std::int32_t>(row[0]) + kViewsMonthOffset] = row[2];
        return Status::Ok();
      }));
  ViewsSeries series;
  series.state_based = Densify(state_based);
  series.non_state = Densify(non_state);
  series.one_sided = Densify(one_sided);
  return series;
}

}  // namespace tocsin::monitor
