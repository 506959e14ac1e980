// tocsin series: one place's event series as CSV, by violence type.
#include "tocsin/monitor/series.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <thread>

#include "command.h"
#include "monitor_flags.h"
#include "tocsin/core/country_registry.h"

namespace tocsin::cli {
namespace {

struct SeriesOptions {
  std::string country;  // empty: every country
  std::string admin1;
  std::string period = "week";
  std::string from;
  std::string to;
  std::string source;
  std::string file;  // read this file instead of the database
  std::string format = "ucdp";
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
};

std::string Header() {
  std::string header = "country,admin1,period_start,period_end";
  for (std::string_view measure : {"events", "fatalities"}) {
    for (int type = 1; type <= monitor::kViolenceTypeCount; ++type) {
      std::string name(monitor::ViolenceTypeName(static_cast<monitor::ViolenceType>(type)));
      std::replace(name.begin(), name.end(), '-', '_');  // column names that need no quoting anywhere
      header += fmt::format(",{}_{}", measure, name);
    }
  }
  return header + ",one_sided_share_of_fatalities";
}

void Append(fmt::memory_buffer& out, std::string_view text) {
  out.append(text.data(), text.data() + text.size());
}

// ",YYYY-MM-DD" without a format string: two per row of a series that may have
// hundreds of thousands of rows.
void AppendDate(fmt::memory_buffer& out, const monitor::CivilDate& date) {
  char text[] = ",0000-00-00";
  const auto put = [&](std::size_t end, unsigned value, int digits) {
    for (int i = 0; i < digits; ++i, value /= 10) text[end - i] = static_cast<char>('0' + value % 10);
  };
  put(4, static_cast<unsigned>(date.year), 4);
  put(7, date.month, 2);
  put(10, date.day, 2);
  Append(out, std::string_view(text, sizeof(text) - 1));
}

// One place's rows: events and fatalities per violence type, and the share of
// lethal-violence fatalities that were civilians killed in one-sided violence.
// (Written straight into a memory_buffer: fmt's format_to through a
// back_inserter went through a small buffer and a call per few characters.)
void PrintPlace(const monitor::Place& place, const std::vector<monitor::SeriesSet>& sets,
                monitor::Period period, fmt::memory_buffer& out) {
  std::vector<monitor::Series> series;
  for (const monitor::SeriesSet& set : sets) series.push_back(set.Dense(place));
  const Country* country = CountryRegistry::Default().ByGw(place.country_gw);
  const std::string name = country != nullptr ? country->iso3 : std::to_string(place.country_gw);
  const std::size_t fatalities = monitor::kViolenceTypeCount;  // where the fatality columns begin
  const std::size_t one_sided = static_cast<std::size_t>(monitor::ViolenceType::kOneSided) - 1;
  const std::size_t periods = series.empty() ? 0 : series.front().values.size();
  for (std::size_t i = 0; i < periods; ++i) {
    const std::int32_t index = series.front().first_period + static_cast<std::int32_t>(i);
    Append(out, name);
    out.push_back(',');
    Append(out, place.admin1);
    AppendDate(out, monitor::CivilFromDay(monitor::PeriodStart(index, period)));
    AppendDate(out, monitor::CivilFromDay(monitor::PeriodEnd(index, period)));
    double lethal = 0;
    for (std::size_t column = 0; column < series.size(); ++column) {
      // Counts and sums of counts: whole numbers, printed in full (not as 1.2e+06).
      const double value = series[column].values[i];
      constexpr double kLargestExactInteger = 9007199254740992.0;
      out.push_back(',');
      if (value == std::trunc(value) && std::abs(value) < kLargestExactInteger) {
        const fmt::format_int whole(static_cast<std::int64_t>(value));
        out.append(whole.data(), whole.data() + whole.size());
      } else {
        fmt::format_to(fmt::appender(out), "{:g}", value);
      }
      const auto type = static_cast<monitor::ViolenceType>(column % monitor::kViolenceTypeCount + 1);
      if (column >= fatalities && monitor::IsLethalViolence(type)) lethal += series[column].values[i];
    }
    if (lethal > 0) {
      fmt::format_to(fmt::appender(out), ",{:.3f}\n", series[fatalities + one_sided].values[i] / lethal);
    } else {
      Append(out, ",\n");
    }
  }
}

int PrintSeries(const CommonOptions& common, const SeriesOptions& options) {
  std::optional<int> gw;
  if (!options.country.empty()) {
    const auto parsed = CountryFlag(options.country, "--country");
    if (!parsed.ok()) return Fail(parsed.status());
    gw = *parsed;
  }
  const auto dates = DateRangeFlags(options.from, options.to);
  if (!dates.ok()) return Fail(dates.status());
  const monitor::Period period = *monitor::ParsePeriod(options.period);

  // One series per violence type and measure.
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
  const monitor::SeriesRange range{.from = dates->from, .to = dates->to, .country_gw = gw};
  Result<std::vector<monitor::SeriesSet>> sets = InternalError("not built");
  if (!options.file.empty()) {
    monitor::SeriesBuilder builder(specs, range);
    std::uint64_t skipped = 0;
    const auto added = monitor::AddFileEvents(builder, *monitor::ParseEventFormat(options.format),
                                              options.file, {}, &skipped, options.threads);
    if (!added.ok()) return Fail(added.status());
    sets = builder.Finish();
    fmt::print(stderr, "{}: {} events, {} rows skipped (rejected or out of scope).\n", options.file, *added, skipped);
  } else {
    auto store = OpenStore(common);
    if (!store.ok()) return Fail(store.status());
    sets = monitor::BuildSeries(**store, specs, range);
  }
  if (!sets.ok()) return Fail(sets.status());

  // An empty result is an answer, but most often a misspelt name: say so.
  const bool any_events = std::any_of(sets->begin(), sets->end(),
                                      [](const monitor::SeriesSet& set) { return !set.places.empty(); });
  if (!any_events) {
    fmt::print(stderr, "No events match{}{}{}{}; the series below are empty.\n",
               options.country.empty() ? "" : fmt::format(" --country {}", options.country),
               options.admin1.empty() ? "" : fmt::format(" --admin1 '{}'", options.admin1),
               options.source.empty() ? "" : fmt::format(" --source '{}'", options.source),
               options.from.empty() && options.to.empty() ? "" : " in those dates");
  }
  std::set<monitor::Place> places;
  if (gw) places.insert({*gw, options.admin1});
  for (const monitor::SeriesSet& set : *sets) {
    for (const auto& [place, values] : set.places) {
      if (!gw) places.insert(place);
    }
  }
  fmt::memory_buffer out;
  Append(out, Header() + "\n");
  for (const monitor::Place& place : places) {
    PrintPlace(place, *sets, period, out);
    std::fwrite(out.data(), 1, out.size(), stdout);
    out.clear();
  }
  return kExitOk;
}

Command RegisterSeries(CLI::App& app, CommonOptions& common) {
  CLI::App* command = app.add_subcommand("series", "Print a place's event series by violence type (CSV)");
  auto options = std::make_shared<SeriesOptions>();
  command->add_option("--country", options->country, "ISO3 code or GW number (default: every country)");
  command->add_option("--admin1", options->admin1, "A first-level unit within the country, as the source names it");
  command->add_option("--period", options->period, "day, week or month")
      ->check(CLI::IsMember({"day", "week", "month"}))
      ->capture_default_str();
  command->add_option("--from", options->from, "First day (YYYY-MM-DD; default: the first event)");
  command->add_option("--to", options->to, "Last day (YYYY-MM-DD; default: the last event)");
  command->add_option("--source", options->source, "Only events of this source (ucdp-ged, gdelt, ...)");
  command->add_option("--file", options->file, "Read the events from this file instead of the database")
      ->check(CLI::ExistingFile);
  command->add_option("--format", options->format, "Format of --file")
      ->check(CLI::IsMember({"ucdp", "gdelt", "jsonl"}))
      ->capture_default_str();
  command
      ->add_option(
          "--threads", options->threads,
          "Read a large uncompressed --file in this many parts at once (the result does not depend on it)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  AddDbOption(command, common);
  command->footer(
      "Examples:\n  tocsin series --country CAF --period month --from 2012-01-01 --to 2014-12-31\n"
      "  tocsin series --file ged.csv.gz --format ucdp > weekly.csv   # every country, without importing\n"
      "Columns: events and fatalities (best estimates) per violence type, and the share of lethal-violence\n"
      "fatalities that were civilians killed in one-sided violence.");
  return {command, [&common, options] { return PrintSeries(common, *options); }};
}

}  // namespace

TOCSIN_REGISTER_COMMAND(62, RegisterSeries);

}  // namespace tocsin::cli
