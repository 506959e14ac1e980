// How sure a country's risk is: a bootstrap interval from refitting the model on
// resampled training windows.
#pragma once

#include <cstdint>
#include <vector>

#include "tocsin/core/panel.h"
#include "tocsin/core/result.h"
#include "tocsin/forecast/risk_forecast.h"
#include "tocsin/forecast/specification.h"

namespace tocsin::forecast {

struct RiskIntervalOptions {
  int resamples = 200;
  std::uint64_t seed = 90035;
  double level = 0.9;  // central share of the resampled risks in an interval
};

struct RiskInterval {
  int cow = 0;
  double lower = 0;
  double upper = 0;
};

// One interval per country of `forecast.risks`, in the same order. Each resample
// draws the training window's countries with replacement (a country's years stay
// together: they are not independent) and refits the elastic net at the lambda
// the forecast chose, so the interval shows how much the risk rests on which
// countries happened to be in the data; the choice of lambda itself is held
// fixed. Errors: FailedPrecondition for a model other than enet or enet-stable
// without calibration (trees and calibrated models are not refitted this way);
// InvalidArgument for options out of range; those of the fits.
Result<std::vector<RiskInterval>> BootstrapRiskIntervals(const Panel& panel, const ModelSpecification& spec,
                                                         const RiskForecast& forecast,
                                                         const RiskIntervalOptions& options);

}  // namespace tocsin::forecast
