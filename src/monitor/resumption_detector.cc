// resumption: violence again after a quiet spell: a period with at least
// `minimum` after `quiet_periods` periods each at or below `quiet_level`.
#include <fmt/format.h>

#include "detectors.h"

namespace tocsin::monitor {
namespace {

constexpr int kDefaultQuietPeriods = 8;
constexpr double kDefaultQuietLevel = 0;
constexpr double kResumptionDefaultMinimum = 1;
constexpr int kLongestQuiet = 520;
constexpr double kResumptionLargestAmount = 1e9;

class ResumptionDetector final : public Detector {
 public:
  ResumptionDetector(int quiet_periods, double quiet_level, double minimum)
      : quiet_periods_(static_cast<std::size_t>(quiet_periods)), quiet_level_(quiet_level), minimum_(minimum) {}

  std::string_view name() const override { return "resumption"; }
  std::string_view statistic_name() const override { return "quiet periods before"; }

  std::vector<Firing> Evaluate(std::span<const double> values, std::size_t from,
                               const SeriesContext& context) const override {
    std::vector<Firing> firings;
    std::size_t quiet_run = 0;  // quiet periods just before t
    for (std::size_t t = 0; t < values.size(); ++t) {
      if (t >= from && quiet_run >= quiet_periods_ && values[t] >= minimum_) {
        Firing firing;
        firing.index = t;
        firing.observed = values[t];
        firing.expected = quiet_level_;
        firing.statistic = static_cast<double>(quiet_run);
        firing.reason = fmt::format("{} in {} after {} {}s with at most {}", DescribeAmount(context, values[t]),
                                    DescribeWindow(context, t, 1), quiet_run, PeriodName(context.period),
                                    DescribeAmount(context, quiet_level_));
        firings.push_back(std::move(firing));
      }
      quiet_run = values[t] <= quiet_level_ ? quiet_run + 1 : 0;
    }
    return firings;
  }

 private:
  std::size_t quiet_periods_;
  double quiet_level_;
  double minimum_;
};

}  // namespace

Result<std::unique_ptr<Detector>> MakeResumptionDetector(DetectorParameters& parameters) {
  TOCSIN_ASSIGN_OR_RETURN(int quiet, parameters.WholeNumber("quiet_periods", kDefaultQuietPeriods, 1, kLongestQuiet));
  TOCSIN_ASSIGN_OR_RETURN(double quiet_level,
                          parameters.Number("quiet_level", kDefaultQuietLevel, 0, kResumptionLargestAmount));
  TOCSIN_ASSIGN_OR_RETURN(
      double minimum, parameters.Number("minimum", kResumptionDefaultMinimum, 0, kResumptionLargestAmount));
  if (minimum <= quiet_level) {
    return InvalidArgumentError(
        fmt::format("field 'parameters.minimum': must be above quiet_level ({:g}), or a quiet period would fire",
                    quiet_level));
  }
  return std::unique_ptr<Detector>(std::make_unique<ResumptionDetector>(quiet, quiet_level, minimum));
}

}  // namespace tocsin::monitor
