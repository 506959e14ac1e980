#include "tocsin/forecast/risk_interval.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "tocsin/forecast/elastic_net.h"

namespace tocsin::forecast {

Result<std::vector<RiskInterval>> BootstrapRiskIntervals(const Panel& panel, const ModelSpecification& spec,
                                                         const RiskForecast& forecast,
                                                         const RiskIntervalOptions& options) {
  if (forecast.model.learned != nullptr && forecast.model.coefficients.empty()) {
    return FailedPreconditionError("risk intervals are available for enet and enet-stable without calibration");
  }
  if (spec.calibration != "none" || (spec.model != "enet" && spec.model != "enet-stable")) {
    return FailedPreconditionError(
        fmt::format("risk intervals are available for enet and enet-stable without calibration, not {} with {}",
                    spec.model, spec.calibration));
  }
  if (options.resamples < 2 || !(options.level > 0 && options.level < 1)) {
    return InvalidArgumentError(fmt::format("risk intervals need resamples >= 2 and a level in (0, 1), not {} and {}",
                                            options.resamples, options.level));
  }
  TOCSIN_ASSIGN_OR_RETURN(const TrainingSet training, BuildTrainingSet(panel, spec, forecast.model.trained_through));
  std::map<int, std::vector<std::size_t>> rows_by_country;
  for (std::size_t i = 0; i < training.rows.size(); ++i) rows_by_country[panel.key(training.rows[i]).cow].push_back(i);
  std::vector<const std::vector<std::size_t>*> countries;
  for (const auto& [cow, rows] : rows_by_country) countries.push_back(&rows);

  std::vector<std::size_t> predictors;
  for (const std::string& name : spec.predictors) {
    TOCSIN_ASSIGN_OR_RETURN(const std::size_t index, panel.Variable(name));
    predictors.push_back(index);
  }
  const double lambdas[] = {forecast.model.lambda};
  // Same reason as in model_comparison.cc: a generator whose sequence the standard fixes.
  std::mt19937_64 generator(options.seed);
  std::vector<std::vector<double>> risks(forecast.risks.size());
  for (int resample = 0; resample < options.resamples; ++resample) {
    std::vector<std::size_t> chosen;
    for (std::size_t c = 0; c < countries.size(); ++c) {
      const auto& rows = *countries[generator() % countries.size()];
      chosen.insert(chosen.end(), rows.begin(), rows.end());
    }
    Matrix x(chosen.size(), training.x.cols());
    std::vector<double> y(chosen.size());
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      for (std::size_t j = 0; j < x.cols(); ++j) x(i, j) = training.x(chosen[i], j);
      y[i] = training.y[chosen[i]];
    }
    auto path = FitElasticNet(x, y, spec.elastic_net, lambdas);
    // A draw with too few onsets cannot be fitted; it is left out, not fatal.
    if (!path.ok() || path->size() == 0) continue;
    for (std::size_t r = 0; r < forecast.risks.size(); ++r) {
      double log_odds = path->intercepts[0];
      for (std::size_t j = 0; j < predictors.size(); ++j) {
        log_odds += path->coefficients[0][j] * panel.value(forecast.risks[r].panel_row, predictors[j]);
      }
      risks[r].push_back(1.0 / (1.0 + std::exp(-log_odds)));
    }
  }
  if (risks.empty() || risks[0].size() < 2) {
    return FailedPreconditionError("fewer than two bootstrap refits succeeded; the training window is too small");
  }
  std::vector<RiskInterval> intervals;
  const double tail = (1 - options.level) / 2;
  for (std::size_t r = 0; r < forecast.risks.size(); ++r) {
    std::sort(risks[r].begin(), risks[r].end());
    const auto at = [&](double share) {
      return risks[r][static_cast<std::size_t>(std::lround(share * static_cast<double>(risks[r].size() - 1)))];
    };
    intervals.push_back({forecast.risks[r].cow, at(tail), at(1 - tail)});
  }
  return intervals;
}

}  // namespace tocsin::forecast
