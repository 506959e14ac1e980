// threshold: the sum of the last `window_periods` periods reaches `level`, for
// instance 100 fatalities of one-sided violence within four weeks.
#include <fmt/format.h>

#include "detectors.h"

namespace tocsin::monitor {
namespace {

constexpr int kDefaultWindowPeriods = 4;
constexpr int kLongestWindow = 520;
constexpr double kLargestLevel = 1e9;

class ThresholdDetector final : public Detector {
 public:
  ThresholdDetector(int window_periods, double level)
      : window_periods_(static_cast<std::size_t>(window_periods)), level_(level) {}

  std::string_view name() const override { return "threshold"; }
  std::string_view statistic_name() const override { return "ratio of the window's sum to the level"; }
  std::optional<std::size_t> lookback_periods() const override { return std::size_t{0}; }

  std::vector<Firing> Evaluate(std::span<const double> values, std::size_t from,
                               const SeriesContext& context) const override {
    std::vector<Firing> firings;
    double sum = 0;
    for (std::size_t t = 0; t < values.size(); ++t) {
      sum += values[t];
      if (t >= window_periods_) sum -= values[t - window_periods_];
      if (t < from || sum < level_) continue;
      Firing firing;
      firing.index = t;
      firing.window_periods = std::min(window_periods_, t + 1);
      firing.observed = sum;
      firing.expected = level_;
      firing.statistic = sum / level_;
      firing.reason = fmt::format("{} in {}, at or above the level of {}", DescribeAmount(context, sum),
                                  DescribeWindow(context, t, firing.window_periods), DescribeAmount(context, level_));
      firings.push_back(std::move(firing));
    }
    return firings;
  }

 private:
  std::size_t window_periods_;
  double level_;
};

}  // namespace

Result<std::unique_ptr<Detector>> MakeThresholdDetector(DetectorParameters& parameters) {
  TOCSIN_ASSIGN_OR_RETURN(int window,
                          parameters.WholeNumber("window_periods", kDefaultWindowPeriods, 1, kLongestWindow));
  // A level of zero would fire on every window; the smallest meaningful level is one.
  TOCSIN_ASSIGN_OR_RETURN(double level, parameters.Number("level", std::nullopt, 1, kLargestLevel));
  return std::unique_ptr<Detector>(std::make_unique<ThresholdDetector>(window, level));
}

}  // namespace tocsin::monitor
