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

Series SeriesSet::Dense(const Place& place) const {
  Series series;
  series.place = place;
  series.first_period = first_period;
  series.values.assign(static_cast<std::size_t>(std::max(0, last_period - first_period + 1)), 0.0);
  const auto found = points.find(place);
  if (found == points.end()) return series;
  for (const auto& [period, value] : found->second) {
    if (period >= first_period && period <= last_period) series.values[period - first_period] += value;
  }
  return series;
}

bool Counts(const SeriesSpec& spec, const EventSummary& event) {
  if ((spec.violence & ViolenceBit(event.violence_type)) == 0) return false;
  return !spec.source || *spec.source == event.source;
}

Result<std::vector<SeriesSet>> BuildSeries(store::Store& store, std::span<const SeriesSpec> specs,
                                           const SeriesRange& range) {
  std::vector<SeriesSet> sets(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) sets[i].spec = specs[i];
  EventQuery query;
  query.from = range.from;
  query.to = range.to;
  query.country_gw = range.country_gw;
  DayNumber first_day = std::numeric_limits<DayNumber>::max();
  DayNumber last_day = std::numeric_limits<DayNumber>::min();
  Place place;
  TOCSIN_RETURN_IF_ERROR(ScanEvents(store, query, [&](const EventSummary& event) {
    first_day = std::min(first_day, event.day);
    last_day = std::max(last_day, event.day);
    for (SeriesSet& set : sets) {
      if (!Counts(set.spec, event)) continue;
      place.country_gw = event.country_gw;
      if (set.spec.level == PlaceLevel::kAdmin1) {
        if (event.admin1.empty()) continue;  // not placed within the country
        place.admin1 = event.admin1;
      } else {
        place.admin1.clear();
      }
      const std::int32_t period = PeriodIndex(event.day, set.spec.period);
      const double value = set.spec.measure == Measure::kEvents ? 1.0 : static_cast<double>(event.fatalities);
      auto& points = set.points[place];
      // Events arrive by date, so a period's events are adjacent.
      if (!points.empty() && points.back().first == period) {
        points.back().second += value;
      } else {
        points.emplace_back(period, value);
      }
    }
    return Status::Ok();
  }));
  const DayNumber from = range.from.value_or(first_day);
  const DayNumber to = range.to.value_or(last_day);
  for (SeriesSet& set : sets) {
    if (from > to) {
      set.first_period = 0;
      set.last_period = -1;
      continue;
    }
    set.first_period = PeriodIndex(from, set.spec.period);
    set.last_period = PeriodIndex(to, set.spec.period);
  }
  return sets;
}

}  // namespace tocsin::monitor
