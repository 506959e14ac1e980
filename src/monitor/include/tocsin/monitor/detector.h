// Detectors: each looks at one series and says in which windows it fired, by how
// much, and why. A finding at period t is computed from periods <= t only, so
// running a detector over history gives exactly what it would have said live.
//
//   surge       the period's value is at least `ratio` times the average of the
//               `baseline_periods` before it, and at least `minimum` (ACLED-style
//               "twice the previous four weeks' average"; the baseline to beat)
//   exceedance  the upper tail probability of the value under a Poisson or
//               negative-binomial model around an EWMA or seasonal baseline is
//               at most `alpha`
//   cusum       a one-sided CUSUM of standardised excesses over a lagged moving
//               baseline crosses `threshold`: a sustained upward shift
//   resumption  a value of at least `minimum` after `quiet_periods` periods at
//               or below `quiet_level`
//   threshold   the sum over the last `window_periods` periods reaches `level`
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tocsin/monitor/calendar.h"
#include "tocsin/monitor/detector_parameters.h"
#include "tocsin/monitor/series.h"

namespace tocsin::monitor {

struct Firing {
  std::size_t index = 0;           // position of the window's last period in the values
  std::size_t window_periods = 1;  // periods in the window that fired, ending at `index`
  double observed = 0;             // the window's value
  double expected = 0;             // the baseline it was compared with
  double statistic = 0;            // the detector's measure of how far beyond (see statistic_name)
  std::string reason;              // one sentence a person can check against the data
};

// What a series counts and where it starts, for reasons that name dates and units.
struct SeriesContext {
  Measure measure = Measure::kEvents;
  Period period = Period::kWeek;
  std::int32_t first_period = 0;  // period index of values[0]
};

// Immutable after construction; thread-safe.
class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string_view name() const = 0;
  // What `Firing::statistic` is, e.g. "ratio to the baseline".
  virtual std::string_view statistic_name() const = 0;
  // Windows ending at positions from `from` to the end of `values`.
  virtual std::vector<Firing> Evaluate(std::span<const double> values, std::size_t from,
                                       const SeriesContext& context) const = 0;
  // How many periods before a firing window its figures read (a surge's baseline),
  // or none for a detector that reads the whole history before it (a moving
  // average, a cumulative sum, the length of a quiet spell). An alert's label
  // covers the events of those periods as well as its windows.
  virtual std::optional<std::size_t> lookback_periods() const { return std::nullopt; }
};

// The detectors' names, as rule files give them.
std::span<const std::string_view> DetectorNames();

// Builds detector `name` from `parameters` (see each detector's parameters in
// docs/monitoring.md). Errors: InvalidArgument naming the detector or the
// parameter at fault.
Result<std::unique_ptr<Detector>> MakeDetector(std::string_view name, DetectorParameters parameters);

// "the week of 2013-12-02", "the 4 weeks 2013-11-11 to 2013-12-08", "2013-12"...
std::string DescribeWindow(const SeriesContext& context, std::size_t index, std::size_t periods);
// "events" or "fatalities" with the value, "1 event", "12 fatalities".
std::string DescribeAmount(const SeriesContext& context, double value);

}  // namespace tocsin::monitor
