// tocsin series: one place's event series as CSV, by violence type.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "command.h"
#include "monitor_flags.h"
#include "tocsin/core/country_registry.h"
#include "tocsin/monitor/series.h"

namespace tocsin::cli {
namespace {

struct SeriesOptions {
  std::string country;
  std::string admin1;
  std::string period = "week";
  std::string from;
  std::string to;
  std::string source;
};

int PrintSeries(const CommonOptions& common, const SeriesOptions& options) {
  const auto gw = CountryFlag(options.country, "--country");
  if (!gw.ok()) return Fail(gw.status());
  const auto from = DateFlag(options.from, "--from");
  if (!from.ok()) return Fail(from.status());
  const auto to = DateFlag(options.to, "--to");
  if (!to.ok()) return Fail(to.status());
  const monitor::Period period = *monitor::ParsePeriod(options.period);

  // One series per violence type and measure, all for this one place.
  std::vector<monitor::SeriesSpec> specs;
  for (monitor::Measure measure : {monitor::Measure::kEvents, monitor::Measure::kFatalities}) {
    for (int type = 1; type <= monitor::kViolenceTypeCount; ++type) {
      monitor::SeriesSpec spec;
      spec.level = options.admin1.empty() ? monitor::PlaceLevel::kCountry : monitor::PlaceLevel::kAdmin1;
      spec.violence = monitor::ViolenceBit(static_cast<monitor::ViolenceType>(type));
      spec.period = period;
      spec.measure = measure;
      if (!options.source.empty()) spec.source = options.source;
      specs.push_back(spec);
    }
  }
  auto store = OpenStore(common);
  if (!store.ok()) return Fail(store.status());
  const auto sets = monitor::BuildSeries(**store, specs, {.from = *from, .to = *to, .country_gw = *gw});
  if (!sets.ok()) return Fail(sets.status());
  const monitor::Place place{*gw, options.admin1};
  std::vector<monitor::Series> series;
  for (const monitor::SeriesSet& set : *sets) series.push_back(set.Dense(place));

  std::string header = "period_start,period_end";
  for (std::string_view measure : {"events", "fatalities"}) {
    for (int type = 1; type <= monitor::kViolenceTypeCount; ++type) {
      std::string name(monitor::ViolenceTypeName(static_cast<monitor::ViolenceType>(type)));
      std::replace(name.begin(), name.end(), '-', '_');  // column names that need no quoting anywhere
      header += fmt::format(",{}_{}", measure, name);
    }
  }
  fmt::print("{},one_sided_share_of_fatalities\n", header);
  const std::size_t periods = series.empty() ? 0 : series.front().values.size();
  const std::size_t fatalities = monitor::kViolenceTypeCount;  // where the fatality columns begin
  const std::size_t one_sided = static_cast<std::size_t>(monitor::ViolenceType::kOneSided) - 1;
  for (std::size_t i = 0; i < periods; ++i) {
    const std::int32_t index = series.front().first_period + static_cast<std::int32_t>(i);
    std::string line = fmt::format("{},{}", monitor::FormatDate(monitor::PeriodStart(index, period)),
                                   monitor::FormatDate(monitor::PeriodEnd(index, period)));
    double lethal = 0;
    for (std::size_t column = 0; column < series.size(); ++column) {
      line += fmt::format(",{:g}", series[column].values[i]);
      const auto type = static_cast<monitor::ViolenceType>(column % monitor::kViolenceTypeCount + 1);
      if (column >= fatalities && monitor::IsLethalViolence(type)) lethal += series[column].values[i];
    }
    const double share = lethal > 0 ? series[fatalities + one_sided].values[i] / lethal : 0;
    line += lethal > 0 ? fmt::format(",{:.3f}", share) : ",";
    fmt::print("{}\n", line);
  }
  return kExitOk;
}

Command RegisterSeries(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("series", "Print a place's event series by violence type (CSV)");
  auto options = std::make_shared<SeriesOptions>();
  command->add_option("--country", options->country, "ISO3 code or GW number")->required();
  command->add_option("--admin1", options->admin1, "A first-level unit within the country, as the source names it");
  command->add_option("--period", options->period, "day, week or month")
      ->check(CLI::IsMember({"day", "week", "month"}))
      ->capture_default_str();
  command->add_option("--from", options->from, "First day (YYYY-MM-DD; default: the first event)");
  command->add_option("--to", options->to, "Last day (YYYY-MM-DD; default: the last event)");
  command->add_option("--source", options->source, "Only events of this source (ucdp-ged, gdelt, ...)");
  AddDbOption(command, common);
  command->footer(
      "Example:\n  tocsin series --country CAF --period month --from 2012-01-01 --to 2014-12-31\n"
      "Columns: events and fatalities (best estimates) per violence type, and the share of lethal-violence\n"
      "fatalities that were civilians killed in one-sided violence.");
  return {command, [&common, options] { return PrintSeries(common, *options); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(62, RegisterSeries);

}  // namespace tocsin::cli
