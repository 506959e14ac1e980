#include "tocsin/monitor/series.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
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

void PlaceValues::AddOutside(std::int32_t period, double value) {
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
  by_country_.resize(sets_.size());
}

// GW numbers run below 1,000; anything else (a hand-made event) takes the map.
constexpr int kCachedCountries = 1000;

[[gnu::always_inline]] inline PlaceValues& SeriesBuilder::ValuesOf(std::size_t set,
                                                                   const EventSummary& event) {
  if (sets_[set].spec.level == PlaceLevel::kCountry && event.country_gw >= 0 &&
      event.country_gw < kCachedCountries && !by_country_[set].empty()) {
    if (PlaceValues* known = by_country_[set][static_cast<std::size_t>(event.country_gw)]; known != nullptr) {
      return *known;
    }
  }
  return FindValuesOf(set, event);
}

PlaceValues& SeriesBuilder::FindValuesOf(std::size_t set, const EventSummary& event) {
  place_.country_gw = event.country_gw;
  if (sets_[set].spec.level == PlaceLevel::kAdmin1) {
    place_.admin1 = event.admin1;
    return sets_[set].places[place_];
  }
  place_.admin1.clear();
  if (event.country_gw < 0 || event.country_gw >= kCachedCountries) return sets_[set].places[place_];
  std::vector<PlaceValues*>& cache = by_country_[set];
  if (cache.empty()) cache.assign(kCachedCountries, nullptr);
  PlaceValues*& values = cache[static_cast<std::size_t>(event.country_gw)];
  if (values == nullptr) values = &sets_[set].places[place_];
  return *values;
}

void SeriesBuilder::Add(const EventSummary& event) {
  if ((range_.from && event.day < *range_.from) || (range_.to && event.day > *range_.to) ||
      (range_.country_gw && event.country_gw != *range_.country_gw)) {
    return;
  }
  first_day_ = std::min(first_day_, event.day);
  last_day_ = std::max(last_day_, event.day);
  // The event's period of each kind, found once for all the sets of that kind.
  constexpr std::size_t kPeriodKinds = 3;
  std::array<std::int32_t, kPeriodKinds> periods{};
  std::array<bool, kPeriodKinds> found{};
  for (std::size_t i = 0; i < sets_.size(); ++i) {
    const SeriesSpec& spec = sets_[i].spec;
    if (!Counts(spec, event)) continue;
    if (spec.level == PlaceLevel::kAdmin1 && event.admin1.empty()) continue;  // not placed within the country
    const double value = spec.measure == Measure::kEvents ? 1.0 : static_cast<double>(event.fatalities);
    const auto kind = static_cast<std::size_t>(spec.period);
    if (!found[kind]) {
      periods[kind] = PeriodIndex(event.day, spec.period);
      found[kind] = true;
    }
    ValuesOf(i, event).Add(periods[kind], value);
  }
}

SeriesBuilder SeriesBuilder::Sibling() const {
  std::vector<SeriesSpec> specs;
  for (const SeriesSet& set : sets_) specs.push_back(set.spec);
  return SeriesBuilder(specs, range_);
}

void SeriesBuilder::Merge(SeriesBuilder&& other) {
  first_day_ = std::min(first_day_, other.first_day_);
  last_day_ = std::max(last_day_, other.last_day_);
  for (std::size_t i = 0; i < sets_.size() && i < other.sets_.size(); ++i) {
    for (auto& [place, theirs] : other.sets_[i].places) {
      auto [found, inserted] = sets_[i].places.try_emplace(place);
      if (inserted) {
        found->second = std::move(theirs);
        continue;
      }
      for (std::size_t k = 0; k < theirs.values.size(); ++k) {
        if (theirs.values[k] != 0)
          found->second.Add(theirs.first_period + static_cast<std::int32_t>(k), theirs.values[k]);
      }
    }
  }
  other.sets_.clear();
  other.by_country_.clear();
}

std::vector<SeriesSet> SeriesBuilder::Finish() {
  by_country_.clear();
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
