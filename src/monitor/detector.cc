#include "tocsin/monitor/detector.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "detectors.h"

namespace tocsin::monitor {
namespace {

using Factory = Result<std::unique_ptr<Detector>> (*)(DetectorParameters&);

struct NamedFactory {
  std::string_view name;
  Factory make;
};

constexpr std::array<NamedFactory, 5> kFactories = {{
    {"surge", MakeSurgeDetector},
    {"exceedance", MakeExceedanceDetector},
    {"cusum", MakeCusumDetector},
    {"resumption", MakeResumptionDetector},
    {"threshold", MakeThresholdDetector},
}};

constexpr std::array<std::string_view, 5> kNames = {"surge", "exceedance", "cusum", "resumption", "threshold"};

}  // namespace

std::span<const std::string_view> DetectorNames() { return kNames; }

Result<std::unique_ptr<Detector>> MakeDetector(std::string_view name, DetectorParameters parameters) {
  for (const NamedFactory& factory : kFactories) {
    if (factory.name != name) continue;
    TOCSIN_ASSIGN_OR_RETURN(std::unique_ptr<Detector> detector, factory.make(parameters));
    TOCSIN_RETURN_IF_ERROR(parameters.CheckAllRead(name));
    return detector;
  }
  return InvalidArgumentError(
      fmt::format("field 'detector': '{}' is not a detector (one of {})", name, fmt::join(kNames, ", ")));
}

std::string DescribeWindow(const SeriesContext& context, std::size_t index, std::size_t periods) {
  const std::int32_t last = context.first_period + static_cast<std::int32_t>(index);
  const std::int32_t first = last - static_cast<std::int32_t>(periods) + 1;
  const std::string_view unit = PeriodName(context.period);
  if (periods == 1) {
    if (context.period == Period::kDay) return FormatDate(PeriodStart(last, context.period));
    constexpr std::size_t kYearMonthLength = 7;  // "YYYY-MM"
    if (context.period == Period::kMonth) {
      return FormatDate(PeriodStart(last, context.period)).substr(0, kYearMonthLength);
    }
    return fmt::format("the {} of {}", unit, FormatDate(PeriodStart(last, context.period)));
  }
  return fmt::format("the {} {}s {} to {}", periods, unit, FormatDate(PeriodStart(first, context.period)),
                     FormatDate(PeriodEnd(last, context.period)));
}

std::string DescribeAmount(const SeriesContext& context, double value) {
  const bool one = value == 1;
  const std::string_view unit = context.measure == Measure::kEvents ? (one ? "event" : "events")
                                                                    : (one ? "fatality" : "fatalities");
  if (value == std::trunc(value)) return fmt::format("{:.0f} {}", value, unit);
  return fmt::format("{:.1f} {}", value, unit);
}

}  // namespace tocsin::monitor
