// surge: the value of a period is at least `ratio` times the average of the
// `baseline_periods` periods before it and at least `minimum`. With weekly
// lethal events, ratio 2 and four baseline weeks this is the surge rule of
// conflict-monitoring dashboards, and the baseline the other detectors must beat.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "detectors.h"

namespace tocsin::monitor {
namespace {

constexpr double kDefaultRatio = 2;
constexpr int kSurgeDefaultBaselinePeriods = 4;
constexpr double kSurgeDefaultMinimum = 10;
constexpr double kLargestRatio = 1000;
constexpr int kSurgeLongestBaseline = 520;
constexpr double kLargestMinimum = 1e9;

class SurgeDetector final : public Detector {
 public:
  SurgeDetector(double ratio, int baseline_periods, double minimum)
      : ratio_(ratio), baseline_periods_(static_cast<std::size_t>(baseline_periods)), minimum_(minimum) {}

  std::string_view name() const override { return "surge"; }
  std::string_view statistic_name() const override { return "ratio to the baseline average"; }
  std::optional<std::size_t> lookback_periods() const override { return baseline_periods_; }

  std::vector<Firing> Evaluate(std::span<const double> values, std::size_t from,
                               const SeriesContext& context) const override {
    std::vector<Firing> firings;
    for (std::size_t t = std::max(from, baseline_periods_); t < values.size(); ++t) {
      const double observed = values[t];
      if (observed < minimum_) continue;
      const double baseline =
          std::accumulate(values.begin() + static_cast<std::ptrdiff_t>(t - baseline_periods_),
                          values.begin() + static_cast<std::ptrdiff_t>(t), 0.0) /
          static_cast<double>(baseline_periods_);
      if (observed < ratio_ * baseline) continue;
      // A zero baseline is floored at one unit over the baseline window, so the
      // ratio stays finite and comparable.
      const double floor = 1.0 / static_cast<double>(baseline_periods_);
      Firing firing;
      firing.index = t;
      firing.observed = observed;
      firing.expected = baseline;
      firing.statistic = observed / std::max(baseline, floor);
      firing.reason = fmt::format(
          "{} in {}, {:.1f} times the average of {} over the previous {} {}s (fires at {:g} times and at least {})",
          DescribeAmount(context, observed), DescribeWindow(context, t, 1), firing.statistic,
          DescribeAmount(context, baseline), baseline_periods_, PeriodName(context.period), ratio_,
          DescribeAmount(context, minimum_));
      firings.push_back(std::move(firing));
    }
    return firings;
  }

 private:
  double ratio_;
  std::size_t baseline_periods_;
  double minimum_;
};

}  // namespace

Result<std::unique_ptr<Detector>> MakeSurgeDetector(DetectorParameters& parameters) {
  TOCSIN_ASSIGN_OR_RETURN(double ratio, parameters.Number("ratio", kDefaultRatio, 1, kLargestRatio));
  TOCSIN_ASSIGN_OR_RETURN(
      int baseline,
      parameters.WholeNumber("baseline_periods", kSurgeDefaultBaselinePeriods, 1, kSurgeLongestBaseline));
  TOCSIN_ASSIGN_OR_RETURN(double minimum,
                          parameters.Number("minimum", kSurgeDefaultMinimum, 0, kLargestMinimum));
  return std::unique_ptr<Detector>(std::make_unique<SurgeDetector>(ratio, baseline, minimum));
}

}  // namespace tocsin::monitor
