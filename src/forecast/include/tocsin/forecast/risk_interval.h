// How sure a country's risk is: a bootstrap interval from refitting the model on
// resampled training windows.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
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
  // Fewest resamples, as a share of `resamples`, that must be fitted for the
  // intervals to be given (and never fewer than two). Resamples that cannot be
  // fitted are those with few onsets, so the fitted ones over-represent
  // onset-rich draws; once most are left out, the interval describes them, not
  // the window.
  double minimum_used_share = 0.5;
  int threads = 1;     // resamples refitted at once; the intervals do not depend on it
  // Called after each refit with the refits done so far and `resamples`, from the
  // refitting threads but never from two at once. May be empty.
  std::function<void(int done, int total)> progress;
};

struct RiskInterval {
  int cow = 0;
  double lower = 0;
  double upper = 0;
};

struct RiskIntervals {
  std::vector<RiskInterval> countries;  // one per forecast.risks, in the same order
  int resamples = 0;                    // asked for (options.resamples)
  int used = 0;                         // fitted: the intervals are made of these
  std::string first_failure;            // why the first resample left out was; empty when none was
};

// One interval per country of `forecast.risks`, in the same order, for every
// model and calibration. Each resample draws the training window's countries
// with replacement (a country's years stay together: they are not independent)
// and refits the model with every choice the forecast made held fixed
// (forecast.model.choices): the elastic nets at the forecast's lambda, xgb at the
// tree setting its inner cross-validation chose (that search is not redone: it
// would cost 15 fits more per resample), the ensemble with its members' settings
// and its weight. A calibrator is refitted on the resample's out-of-fold
// predictions, whose folds are the full window's (each drawn row keeps its
// original row's fold, so copies of a row are never on both sides of a split).
// The interval thus shows how much the risk rests on which countries happened to
// be in the data, calibration included; it does not show the uncertainty of the
// choices themselves (lambda, tree setting, weight), of xgb's own row and column
// subsampling (each refit uses the specification's seed), of the predictors'
// values in the data year, or whether the next two years are like the past.
// Draws are made in order from `seed`, so the intervals depend on the seed but
// not on options.threads. A resample that cannot be fitted (say, one with too
// few onsets in a fold) is left out and counted: the result tells how many were
// used. Errors: InvalidArgument for options out of range or an unknown model or
// calibration; FailedPrecondition when `forecast` was not fitted with `spec` or
// fewer resamples were fitted than options.minimum_used_share of them (the
// message gives both counts and why the first left out failed); those of
// BuildTrainingSet.
Result<RiskIntervals> BootstrapRiskIntervals(const Panel& panel, const ModelSpecification& spec,
                                             const RiskForecast& forecast,
                                             const RiskIntervalOptions& options);

}  // namespace tocsin::forecast
