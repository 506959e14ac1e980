// Event series: counts or fatalities per place (a country, or an admin-1 unit
// within one) and period (day, ISO week, month), for chosen violence types.
//
// Every series of a set spans the same periods, from the first to the last
// period of the range asked for, with zeros where nothing was reported: a quiet
// place is quiet up to the end, not missing.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tocsin/monitor/calendar.h"
#include "tocsin/monitor/event.h"
#include "tocsin/monitor/event_reader.h"
#include "tocsin/monitor/event_repository.h"
#include "tocsin/store/store.h"

namespace tocsin::monitor {

enum class PlaceLevel : std::uint8_t { kCountry = 0, kAdmin1 = 1 };
enum class Measure : std::uint8_t { kEvents = 0, kFatalities = 1 };

std::string_view PlaceLevelName(PlaceLevel level);  // "country", "admin1"
std::optional<PlaceLevel> ParsePlaceLevel(std::string_view name);
std::string_view MeasureName(Measure measure);      // "events", "fatalities"
std::optional<Measure> ParseMeasure(std::string_view name);

// What a series counts.
struct SeriesSpec {
  PlaceLevel level = PlaceLevel::kCountry;
  ViolenceMask violence = kLethalViolence;
  Period period = Period::kWeek;
  Measure measure = Measure::kEvents;
  std::optional<std::string> source;  // only events of this source (UCDP and GDELT count different things)

  auto operator<=>(const SeriesSpec&) const = default;
  // "events of one-sided violence per week" (+ " from ucdp-ged").
  std::string Describe() const;
};

struct Place {
  int country_gw = 0;
  std::string admin1;  // empty for the whole country
  auto operator<=>(const Place&) const = default;
};

// One series: values[i] belongs to period first_period + i.
struct Series {
  Place place;
  std::int32_t first_period = 0;
  std::vector<double> values;
};

// One place's values from its first period with an event to its last.
struct PlaceValues {
  std::int32_t first_period = 0;
  std::vector<double> values;
  // Inline for a period already within the values (most events); AddOutside
  // grows them.
  void Add(std::int32_t period, double value) {
    const auto index = static_cast<std::size_t>(static_cast<std::uint32_t>(period - first_period));
    if (index < values.size() && period >= first_period) {
      values[index] += value;
      return;
    }
    AddOutside(period, value);
  }
  void AddOutside(std::int32_t period, double value);
};

// The series of one spec for every place with at least one matching event.
struct SeriesSet {
  SeriesSpec spec;
  std::int32_t first_period = 0;  // shared by all places
  std::int32_t last_period = 0;
  std::map<Place, PlaceValues> places;

  // The dense series of `place` over [first_period, last_period] (all zeros for
  // a place without events).
  Series Dense(const Place& place) const;
};

struct SeriesRange {
  std::optional<DayNumber> from;  // default: the first event's date
  std::optional<DayNumber> to;    // default: the last event's date
  std::optional<int> country_gw;  // only this country
  std::optional<std::string> admin1 = {};  // only this admin-1 unit (with country_gw)
  RowFilter rows = {};       // only the events this fragment allows (a caller's visible events)
};

// Accumulates the series of several specs from events given in any order.
// Memory is one value per place and period between its first and last event,
// whatever the number of events. Not thread-safe.
class SeriesBuilder {
 public:
  SeriesBuilder(std::span<const SeriesSpec> specs, SeriesRange range);
  void Add(const EventSummary& event);
  // Adds what `other` (built from the same specs and range, over other events)
  // holds, as if its events had been added here; `other` is left empty. Sums
  // of whole numbers, so the order of events and merges does not matter.
  void Merge(SeriesBuilder&& other);
  // An empty builder of the same specs and range.
  SeriesBuilder Sibling() const;
  // The sets, in the order of the specs; the builder is left empty.
  std::vector<SeriesSet> Finish();

 private:
  PlaceValues& ValuesOf(std::size_t set, const EventSummary& event);      // a known country's at once
  PlaceValues& FindValuesOf(std::size_t set, const EventSummary& event);  // from the map

  std::vector<SeriesSet> sets_;
  // Per set, a country's values by GW number (country-level sets): one map
  // lookup per country and set instead of one per event. Map nodes do not move.
  std::vector<std::vector<PlaceValues*>> by_country_;
  SeriesRange range_;
  DayNumber first_day_;
  DayNumber last_day_;
  Place place_;  // reused to avoid an allocation per event
};

// Feeds the events of a file to `builder` without importing it; rows the reader
// rejects or filters are skipped and counted in `skipped`. Returns the number of
// events fed. Errors: the reader's faults of the whole file.
//
// With `threads` > 1, a large file that is not compressed is read in that many
// parts at once, each from the first line after its share of the bytes. A part
// counts only once the part before it has ended exactly where it begins (its
// first line is then known to start a row, not to lie inside a quoted field);
// otherwise the part before reads on to the end. A fault in any part but the
// first is reported by reading the file again from the start, so that the line
// it names is right. The result is always what one reader would give. Parts
// are at least `smallest_part_bytes` long.
inline constexpr std::uint64_t kSmallestFilePartBytes = std::uint64_t{32} << 20;
Result<std::uint64_t> AddFileEvents(SeriesBuilder& builder, EventFormat format, const std::string& path,
                                    const EventReaderOptions& options, std::uint64_t* skipped,
                                    int threads = 1,
                                    std::uint64_t smallest_part_bytes = kSmallestFilePartBytes);

// Builds the series of every spec in one pass over the stored events.
Result<std::vector<SeriesSet>> BuildSeries(store::Store& store, std::span<const SeriesSpec> specs,
                                           const SeriesRange& range = {});

// True when an event counts in series of `spec` at all (source and violence type).
bool Counts(const SeriesSpec& spec, const EventSummary& event);

}  // namespace tocsin::monitor
