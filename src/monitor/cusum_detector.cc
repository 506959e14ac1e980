// cusum: a sustained upward shift. Each period's excess over a moving baseline
// (the mean of `baseline_periods` periods ending `guard_periods` before it, so a
// shift in progress does not raise its own baseline at once) is standardised
// and accumulated, less an allowance `allowance`; the sum fires when it reaches
// `threshold`, and starts again from zero.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "detectors.h"

namespace tocsin::monitor {
namespace {

constexpr int kCusumDefaultBaselinePeriods = 26;
constexpr int kDefaultGuardPeriods = 2;
constexpr double kDefaultAllowance = 0.5;
constexpr double kDefaultThreshold = 5;
constexpr double kCusumDefaultMinimum = 1;
constexpr double kSmallestVariance = 1;  // counts vary by at least one around a quiet baseline
constexpr int kCusumLongestBaseline = 520;
constexpr double kCusumLargestAmount = 1e9;

class CusumDetector final : public Detector {
 public:
  CusumDetector(int baseline_periods, int guard_periods, double allowance, double threshold, double minimum)
      : baseline_periods_(static_cast<std::size_t>(baseline_periods)),
        guard_periods_(static_cast<std::size_t>(guard_periods)),
        allowance_(allowance),
        threshold_(threshold),
        minimum_(minimum) {}

  std::string_view name() const override { return "cusum"; }
  std::string_view statistic_name() const override { return "cumulative standardised excess"; }

  std::vector<Firing> Evaluate(std::span<const double> values, std::size_t from,
                               const SeriesContext& context) const override {
    std::vector<Firing> firings;
    const std::size_t lag = baseline_periods_ + guard_periods_;
    double sum = 0;
    std::size_t run = 0;  // periods since the sum left zero
    for (std::size_t t = lag; t < values.size(); ++t) {
      double mean = 0;
      double squares = 0;
      for (std::size_t i = t - lag; i < t - guard_periods_; ++i) {
        mean += values[i];
        squares += values[i] * values[i];
      }
      mean /= static_cast<double>(baseline_periods_);
      const double variance = std::max({squares / static_cast<double>(baseline_periods_) - mean * mean, mean,
                                        kSmallestVariance});
      sum = std::max(0.0, sum + (values[t] - mean) / std::sqrt(variance) - allowance_);
      run = sum > 0 ? run + 1 : 0;
      if (t < from || sum < threshold_ || values[t] < minimum_) continue;
      Firing firing;
      firing.index = t;
      firing.window_periods = std::max<std::size_t>(run, 1);
      firing.observed = values[t];
      firing.expected = mean;
      firing.statistic = sum;
      firing.reason = fmt::format(
          "{} in {} against a baseline of {:.1f}; the cumulative excess since {} reached {:.1f} standard "
          "deviations (fires at {:g})",
          DescribeAmount(context, values[t]), DescribeWindow(context, t, 1), mean,
          DescribeWindow(context, t - firing.window_periods + 1, 1), sum, threshold_);
      firings.push_back(std::move(firing));
      sum = 0;
      run = 0;
    }
    return firings;
  }

 private:
  std::size_t baseline_periods_;
  std::size_t guard_periods_;
  double allowance_;
  double threshold_;
  double minimum_;
};

}  // namespace

Result<std::unique_ptr<Detector>> MakeCusumDetector(DetectorParameters& parameters) {
  TOCSIN_ASSIGN_OR_RETURN(
      int baseline,
      parameters.WholeNumber("baseline_periods", kCusumDefaultBaselinePeriods, 1, kCusumLongestBaseline));
  TOCSIN_ASSIGN_OR_RETURN(
      int guard, parameters.WholeNumber("guard_periods", kDefaultGuardPeriods, 0, kCusumLongestBaseline));
  TOCSIN_ASSIGN_OR_RETURN(double allowance,
                          parameters.Number("allowance", kDefaultAllowance, 0, kCusumLargestAmount));
  TOCSIN_ASSIGN_OR_RETURN(double threshold,
                          parameters.Number("threshold", kDefaultThreshold, 0.001, kCusumLargestAmount));
  TOCSIN_ASSIGN_OR_RETURN(double minimum,
                          parameters.Number("minimum", kCusumDefaultMinimum, 0, kCusumLargestAmount));
  return std::unique_ptr<Detector>(std::make_unique<CusumDetector>(baseline, guard, allowance, threshold, minimum));
}

}  // namespace tocsin::monitor
