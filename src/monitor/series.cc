#include "tocsin/monitor/series.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace tocsin::monitor {

std::string_view PlaceLevelName(PlaceLevel level) { return level == PlaceLevel::kCountry ? "country" : "admin1"; }

std::optional<PlaceLevel> ParsePlaceLevel(std::string_view name) {
  if (name == "country") return PlaceLevel::kCountry;
  if (name == "admin1") return PlaceLevel::kAdmin1;
  return std::nullopt;
}

std::string_view MeasureName(Measure measure) { return measure == Measure::kEvents ? "events" : "fatalities"; }

std::optional<Measure> ParseMeasure(std::string_view name) {
  if (name == "events") return Measure::kEvents;
  if (name == "fatalities") return Measure::kFatalities;
  return std::nullopt;
}

std::string SeriesSpec::Describe() const {
  std::vector<std::string_view> types;
  for (int type = 1; type <= kViolenceTypeCount; ++type) {
    if (violence & ViolenceBit(static_cast<ViolenceType>(type))) types.push_back(ViolenceTypeName(ViolenceType(type)));
  }
  std::string text = fmt::format("{} of {} per {} by {}", MeasureName(measure),
                                 violence == kLethalViolence ? "lethal violence" : fmt::format("{}", fmt::join(types, "+")),
                                 PeriodName(period), PlaceLevelName(level));
  if (source) text += " from " + *source;
  return text;
}

void PlaceValues::Add(std::int32_t period, double value) {
  if (values.empty()) {
    first_period = period;
    values.push_back(value);
    return;
  }
  if (period < first_period) {
    // Events come in any order; grow towards earlier periods with headroom so
    // that a file read backwards costs amortised constant time per event.
    const std::int32_t grow = std::max(first_period - period, static_cast<std::int32_t>(values.size()));
    values.insert(values.begin(), static_cast<std::size_t>(grow), 0.0);
    first_period -= grow;
  }
  const auto index = static_cast<std::size_t>(period - first_period);
  if (index >= values.size()) values.resize(index + 1, 0.0);
  values[index] += value;
}

Series SeriesSet::Dense(const Place& place) const {
  Series series;
  series.place = place;
  series.first_period = first_period;
  series.values.assign(static_cast<std::size_t>(std::max(0, last_period - first_period + 1)), 0.0);
  const auto found = places.find(place);
  if (found == places.end()) return series;
  const PlaceValues& stored = found->second;
  for (std::size_t i = 0; i < stored.values.size(); ++i) {
    const std::int32_t period = stored.first_period + static_cast<std::int32_t>(i);
    if (period >= first_period && period <= last_period) series.values[period - first_period] += stored.values[i];
  }
  return series;
}

bool Counts(const SeriesSpec& spec, const EventSummary& event) {
  if ((spec.violence & ViolenceBit(event.violence_type)) == 0) return false;
  return !spec.source || *spec.source == event.source;
}

SeriesBuilder::SeriesBuilder(std::span<const SeriesSpec> specs, SeriesRange range)
    : sets_(specs.size()),
      range_(std::move(range)),
      first_day_(std::numeric_limits<DayNumber>::max()),
      last_day_(std::numeric_limits<DayNumber>::min()) {
  for (std::size_t i = 0; i < specs.size(); ++i) sets_[i].spec = specs[i];
}

void SeriesBuilder::Add(const EventSummary& event) {
  if ((range_.from && event.day < *range_.from) || (range_.to && event.day > *range_.to) ||
      (range_.country_gw && event.country_gw != *range_.country_gw)) {
    return;
  }
  first_day_ = std::min(first_day_, event.day);
  last_day_ = std::max(last_day_, event.day);
  for (SeriesSet& set : sets_) {
    if (!Counts(set.spec, event)) continue;
    place_.country_gw = event.country_gw;
    if (set.spec.level == PlaceLevel::kAdmin1) {
      if (event.admin1.empty()) continue;  // not placed within the country
      place_.admin1 = event.admin1;
    } else {
      place_.admin1.clear();
    }
    const double value = set.spec.measure == Measure::kEvents ? 1.0 : static_cast<double>(event.fatalities);
    set.places[place_].Add(PeriodIndex(event.day, set.spec.period), value);
  }
}

std::vector<SeriesSet> SeriesBuilder::Finish() {
  const DayNumber from = range_.from.value_or(first_day_);
  const DayNumber to = range_.to.value_or(last_day_);
  for (SeriesSet& set : sets_) {
    if (from > to) {
      set.first_period = 0;
      set.last_period = -1;
      continue;
    }
    set.first_period = PeriodIndex(from, set.spec.period);
    set.last_period = PeriodIndex(to, set.spec.period);
  }
  return std::move(sets_);
}

Result<std::uint64_t> AddFileEvents(SeriesBuilder& builder, EventFormat format, const std::string& path,
                                    const EventReaderOptions& options, std::uint64_t* skipped) {
  TOCSIN_ASSIGN_OR_RETURN(auto reader, OpenEventReader(format, path, options));
  Event event;
  RejectedRow rejected;
  EventSummary summary;
  std::uint64_t added = 0;
  while (true) {
    TOCSIN_ASSIGN_OR_RETURN(ReadOutcome outcome, reader->Next(event, rejected));
    if (outcome == ReadOutcome::kEnd) return added;
    if (outcome != ReadOutcome::kEvent) {
      if (skipped != nullptr) ++*skipped;
      continue;
    }
    summary.source = std::move(event.source);
    summary.day = event.date_start;
    summary.country_gw = event.country_gw;
    summary.admin1 = std::move(event.admin1);
    summary.violence_type = event.violence_type;
    summary.fatalities = event.fatalities_best.value_or(0);
    builder.Add(summary);
    ++added;
  }
}

Result<std::vector<SeriesSet>> BuildSeries(store::Store& store, std::span<const SeriesSpec> specs,
                                           const SeriesRange& range) {
  SeriesBuilder builder(specs, range);
  EventQuery query;
  query.from = range.from;
  query.to = range.to;
  query.country_gw = range.country_gw;
  query.admin1 = range.admin1;
  query.rows = range.rows;
  query.order_by = "";  // any order: a full scan, not a sort of the whole table
  TOCSIN_RETURN_IF_ERROR(ScanEvents(store, query, [&](const EventSummary& event) {
    builder.Add(event);
    return Status::Ok();
  }));
  return builder.Finish();
}

}  // namespace tocsin::monitor
