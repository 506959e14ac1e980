#include "tocsin/forecast/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "tocsin/forecast/metrics.h"

namespace tocsin::forecast {
namespace {

struct IsotonicBlock {
  double raw_sum = 0;
  double outcome_sum = 0;
  double count = 0;
  double mean() const { return outcome_sum / count; }
};

}  // namespace

Result<CalibrationMethod> ParseCalibrationMethod(const std::string& name) {
  if (name == "none") return CalibrationMethod::kNone;
  if (name == "platt") return CalibrationMethod::kPlatt;
  if (name == "isotonic") return CalibrationMethod::kIsotonic;
  return InvalidArgumentError(fmt::format("calibration '{}': use none, platt or isotonic", name));
}

const char* CalibrationMethodName(CalibrationMethod method) {
  switch (method) {
    case CalibrationMethod::kPlatt: return "platt";
    case CalibrationMethod::kIsotonic: return "isotonic";
    case CalibrationMethod::kNone: break;
  }
  return "none";
}

Result<Calibrator> Calibrator::Fit(CalibrationMethod method, std::span<const double> probabilities,
                                   std::span<const double> outcomes) {
  Calibrator calibrator;
  calibrator.method_ = method;
  if (method == CalibrationMethod::kNone) return calibrator;
  if (method == CalibrationMethod::kPlatt) {
    TOCSIN_ASSIGN_OR_RETURN(const LogisticRecalibration fit, FitLogisticRecalibration(probabilities, outcomes));
    calibrator.intercept_ = fit.intercept;
    calibrator.slope_ = fit.slope;
    return calibrator;
  }
  // Validates the input by the metrics' contract before sorting it.
  TOCSIN_RETURN_IF_ERROR(BrierScore(probabilities, outcomes).status());
  std::vector<std::size_t> order(probabilities.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return probabilities[a] < probabilities[b]; });
  std::vector<IsotonicBlock> blocks;
  for (std::size_t i : order) {
    // Tied raw probabilities must map to one value, so they join one block.
    if (!blocks.empty() && blocks.back().raw_sum / blocks.back().count == probabilities[i]) {
      blocks.back().raw_sum += probabilities[i];
      blocks.back().outcome_sum += outcomes[i];
      blocks.back().count += 1;
    } else {
      blocks.push_back({probabilities[i], outcomes[i], 1});
    }
    while (blocks.size() > 1 && blocks[blocks.size() - 2].mean() >= blocks.back().mean()) {
      const IsotonicBlock last = blocks.back();
      blocks.pop_back();
      blocks.back().raw_sum += last.raw_sum;
      blocks.back().outcome_sum += last.outcome_sum;
      blocks.back().count += last.count;
    }
  }
  for (const IsotonicBlock& block : blocks) {
    calibrator.knots_.push_back(block.raw_sum / block.count);
    calibrator.values_.push_back(std::clamp(block.mean(), kIsotonicFloor, 1.0 - kIsotonicFloor));
  }
  return calibrator;
}

double Calibrator::Apply(double probability) const {
  switch (method_) {
    case CalibrationMethod::kNone:
      return probability;
    case CalibrationMethod::kPlatt: {
      const double clamped = std::clamp(probability, kRecalibrationEpsilon, 1.0 - kRecalibrationEpsilon);
      const double log_odds = intercept_ + slope_ * std::log(clamped / (1.0 - clamped));
      return 1.0 / (1.0 + std::exp(-log_odds));
    }
    case CalibrationMethod::kIsotonic:
      break;
  }
  if (knots_.empty()) return probability;
  if (probability <= knots_.front()) return values_.front();
  if (probability >= knots_.back()) return values_.back();
  // Interpolating between block centres keeps distinct raw risks distinct,
  // so the calibrated forecast still ranks countries.
  const auto upper = std::upper_bound(knots_.begin(), knots_.end(), probability) - knots_.begin();
  const double left = knots_[upper - 1];
  const double right = knots_[upper];
  const double share = (probability - left) / (right - left);
  return values_[upper - 1] + share * (values_[upper] - values_[upper - 1]);
}

}  // namespace tocsin::forecast
