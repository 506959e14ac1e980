// exceedance: how surprising is this period's value given its baseline? The
// upper tail probability P(X >= observed) under a Poisson or negative-binomial
// model whose mean (and, for the negative binomial, variance) comes from an
// exponentially weighted moving average of the periods before, or from the same
// time of year in earlier years. Fires when that probability is at most `alpha`
// and the value is at least `minimum`.
#include <fmt/format.h>

#include <array>
#include <cmath>
#include <limits>

#include "detectors.h"
#include "tail_probability.h"

namespace tocsin::monitor {
namespace {

constexpr std::array<std::string_view, 2> kDistributions = {"negative-binomial", "poisson"};
constexpr std::array<std::string_view, 2> kBaselines = {"ewma", "seasonal"};
constexpr double kDefaultSmoothing = 0.2;
constexpr int kDefaultWarmup = 8;
constexpr double kDefaultAlpha = 0.001;
constexpr double kExceedanceDefaultMinimum = 5;
constexpr double kDefaultMeanFloor = 0.5;  // a quiet place still expects a little
constexpr int kDefaultSeasons = 3;
constexpr int kSeasonalHalfWidth = 1;  // neighbours on each side of the same period a year back
constexpr int kYearInWeeks = 52;
constexpr int kYearInMonths = 12;
constexpr int kYearInDays = 365;
constexpr double kSmallestSize = 0.1;  // the most overdispersed negative binomial allowed
constexpr double kExceedanceLargestAmount = 1e9;
constexpr int kLongestWarmup = 520;
constexpr int kMostSeasons = 20;
constexpr double kLargestStatistic = 300;  // -log10 of the smallest double worth reporting

struct Baseline {
  double mean = 0;
  double variance = 0;
  bool ready = false;
};

class ExceedanceDetector final : public Detector {
 public:
  struct Settings {
    bool negative_binomial = true;
    bool seasonal = false;
    double smoothing = kDefaultSmoothing;
    std::size_t warmup = kDefaultWarmup;
    double alpha = kDefaultAlpha;
    double minimum = kExceedanceDefaultMinimum;
    double mean_floor = kDefaultMeanFloor;
    std::size_t seasons = kDefaultSeasons;
    std::optional<double> size;  // fixed negative-binomial size; estimated when absent
  };

  explicit ExceedanceDetector(Settings settings) : settings_(settings) {}

  std::string_view name() const override { return "exceedance"; }
  std::string_view statistic_name() const override { return "-log10 of the tail probability"; }

  std::vector<Firing> Evaluate(std::span<const double> values, std::size_t from,
                               const SeriesContext& context) const override {
    std::vector<Firing> firings;
    Baseline ewma;
    for (std::size_t t = 0; t < values.size(); ++t) {
      const Baseline baseline = settings_.seasonal ? Seasonal(values, t, context.period) : ewma;
      if (t >= from && baseline.ready && values[t] >= settings_.minimum) Test(values[t], t, baseline, context, firings);
      UpdateEwma(values, t, ewma);
    }
    return firings;
  }

 private:
  // Folds values[t] into the moving baseline once `warmup` periods are known.
  void UpdateEwma(std::span<const double> values, std::size_t t, Baseline& ewma) const {
    if (t + 1 < settings_.warmup) return;
    if (!ewma.ready) {
      double sum = 0;
      for (std::size_t i = 0; i <= t; ++i) sum += values[i];
      ewma.mean = sum / static_cast<double>(t + 1);
      double squares = 0;
      for (std::size_t i = 0; i <= t; ++i) squares += (values[i] - ewma.mean) * (values[i] - ewma.mean);
      ewma.variance = squares / static_cast<double>(t + 1);
      ewma.ready = true;
      return;
    }
    const double deviation = values[t] - ewma.mean;
    ewma.mean += settings_.smoothing * deviation;
    ewma.variance = (1 - settings_.smoothing) * (ewma.variance + settings_.smoothing * deviation * deviation);
  }

  Baseline Seasonal(std::span<const double> values, std::size_t t, Period period) const {
    const std::size_t year = period == Period::kWeek    ? kYearInWeeks
                             : period == Period::kMonth ? kYearInMonths
                                                        : kYearInDays;
    Baseline baseline;
    if (t < settings_.seasons * year + kSeasonalHalfWidth) return baseline;
    double sum = 0;
    double squares = 0;
    int count = 0;
    for (std::size_t season = 1; season <= settings_.seasons; ++season) {
      for (int offset = -kSeasonalHalfWidth; offset <= kSeasonalHalfWidth; ++offset) {
        const double value = values[t - season * year + offset];
        sum += value;
        squares += value * value;
        ++count;
      }
    }
    baseline.mean = sum / count;
    baseline.variance = std::max(0.0, squares / count - baseline.mean * baseline.mean);
    baseline.ready = true;
    return baseline;
  }

  void Test(double observed, std::size_t t, const Baseline& baseline, const SeriesContext& context,
            std::vector<Firing>& firings) const {
    const double mean = std::max(baseline.mean, settings_.mean_floor);
    double size = std::numeric_limits<double>::infinity();
    if (settings_.negative_binomial) {
      if (settings_.size) {
        size = *settings_.size;
      } else if (baseline.variance > mean) {
        size = std::max(kSmallestSize, mean * mean / (baseline.variance - mean));
      }
    }
    const double tail = NegativeBinomialUpperTail(observed, mean, size);
    if (tail > settings_.alpha) return;
    Firing firing;
    firing.index = t;
    firing.observed = observed;
    firing.expected = mean;
    firing.statistic = std::min(kLargestStatistic, -std::log10(std::max(tail, 1e-300)));
    firing.reason = fmt::format(
        "{} in {} against an expected {:.1f} ({} baseline); {} probability of at least this many: {:.2g} "
        "(fires at {:g} or less)",
        DescribeAmount(context, observed), DescribeWindow(context, t, 1), mean,
        settings_.seasonal ? "same time in earlier years" : "moving average",
        std::isfinite(size) ? fmt::format("negative-binomial (size {:.2g})", size) : std::string("Poisson"), tail,
        settings_.alpha);
    firings.push_back(std::move(firing));
  }

  Settings settings_;
};

}  // namespace

Result<std::unique_ptr<Detector>> MakeExceedanceDetector(DetectorParameters& parameters) {
  ExceedanceDetector::Settings settings;
  TOCSIN_ASSIGN_OR_RETURN(std::string distribution,
                          parameters.Choice("distribution", kDistributions[0], kDistributions));
  settings.negative_binomial = distribution == kDistributions[0];
  TOCSIN_ASSIGN_OR_RETURN(std::string baseline, parameters.Choice("baseline", kBaselines[0], kBaselines));
  settings.seasonal = baseline == kBaselines[1];
  TOCSIN_ASSIGN_OR_RETURN(settings.smoothing, parameters.Number("smoothing", kDefaultSmoothing, 0.001, 1));
  TOCSIN_ASSIGN_OR_RETURN(int warmup, parameters.WholeNumber("warmup_periods", kDefaultWarmup, 1, kLongestWarmup));
  settings.warmup = static_cast<std::size_t>(warmup);
  TOCSIN_ASSIGN_OR_RETURN(settings.alpha, parameters.Number("alpha", kDefaultAlpha, 1e-300, 0.5));
  TOCSIN_ASSIGN_OR_RETURN(
      settings.minimum, parameters.Number("minimum", kExceedanceDefaultMinimum, 0, kExceedanceLargestAmount));
  TOCSIN_ASSIGN_OR_RETURN(settings.mean_floor, parameters.Number("mean_floor", kDefaultMeanFloor, 0.001,
                                                                 kExceedanceLargestAmount));
  TOCSIN_ASSIGN_OR_RETURN(int seasons, parameters.WholeNumber("seasons", kDefaultSeasons, 1, kMostSeasons));
  settings.seasons = static_cast<std::size_t>(seasons);
  TOCSIN_ASSIGN_OR_RETURN(double size, parameters.Number("size", 0, 0, kExceedanceLargestAmount));
  if (size > 0) settings.size = std::max(size, kSmallestSize);
  return std::unique_ptr<Detector>(std::make_unique<ExceedanceDetector>(settings));
}

}  // namespace tocsin::monitor
