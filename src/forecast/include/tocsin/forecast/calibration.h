// Recalibration of a model's probabilities, fitted on predictions the model made
// for rows it did not train on (out-of-fold predictions inside the training
// window), so that "8%" means about 8 onsets in 100 such forecasts.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "tocsin/core/result.h"

namespace tocsin::forecast {

enum class CalibrationMethod {
  kNone,      // the identity
  kPlatt,     // logistic in the logit of p (Platt 1999): two parameters, smooth
  kIsotonic,  // the monotone step function closest to the outcomes (pool adjacent violators)
};

// "none", "platt" or "isotonic"; InvalidArgument otherwise.
Result<CalibrationMethod> ParseCalibrationMethod(const std::string& name);
const char* CalibrationMethodName(CalibrationMethod method);

// Isotonic steps never reach 0 or 1: a block without an onset does not make an
// onset impossible, and log loss of a 0 forecast that misses is infinite.
inline constexpr double kIsotonicFloor = 1e-4;

// A fitted recalibration map. Copyable; Apply is pure and thread-safe.
class Calibrator {
 public:
  Calibrator() = default;  // the identity

  // Fits `method` on raw probabilities and 0/1 outcomes. Errors: those of the
  // metrics' contract (metrics.h); FailedPrecondition when Platt does not converge.
  static Result<Calibrator> Fit(CalibrationMethod method, std::span<const double> probabilities,
                                std::span<const double> outcomes);

  double Apply(double probability) const;
  CalibrationMethod method() const { return method_; }

 private:
  CalibrationMethod method_ = CalibrationMethod::kNone;
  double intercept_ = 0;  // Platt
  double slope_ = 1;
  // Isotonic: block upper bounds of the raw probability, increasing, and the
  // calibrated value of each block; linear between block centres.
  std::vector<double> knots_;
  std::vector<double> values_;
};

}  // namespace tocsin::forecast
