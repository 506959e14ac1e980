#include "tocsin/judge/probability_scores.h"

#include <cassert>
#include <cmath>

namespace tocsin::judge {

double BrierScore(double probability, bool outcome) {
  const double error = probability - (outcome ? 1.0 : 0.0);
  return error * error;
}

double LogScore(double probability, bool outcome) {
  return std::log(outcome ? probability : 1.0 - probability);
}

double LogOdds(double probability) {
  return std::log(probability / (1.0 - probability));
}

double FromLogOdds(double log_odds) {
  return 1.0 / (1.0 + std::exp(-log_odds));
}

double PoolProbability(std::span<const double> probabilities, double extremising) {
  assert(!probabilities.empty());
  double sum = 0;
  for (double probability : probabilities) sum += LogOdds(probability);
  return FromLogOdds(extremising * sum / static_cast<double>(probabilities.size()));
}

ExtremisingChoice ChooseExtremising(std::span<const ResolvedForecasts> resolved, ExtremisingOptions options) {
  ExtremisingChoice choice;
  for (const ResolvedForecasts& question : resolved) {
    if (!question.probabilities.empty()) ++choice.questions;
  }
  auto mean_brier = [&](double factor) {
    double total = 0;
    for (const ResolvedForecasts& question : resolved) {
      if (question.probabilities.empty()) continue;
      total += BrierScore(PoolProbability(question.probabilities, factor), question.outcome);
    }
    return choice.questions == 0 ? 0.0 : total / choice.questions;
  };
  choice.mean_brier = mean_brier(1.0);
  if (choice.questions < options.minimum_questions) return choice;
  choice.fitted = true;
  const int steps = static_cast<int>(std::lround((options.highest - options.lowest) / options.step));
  choice.factor = options.lowest;
  choice.mean_brier = mean_brier(options.lowest);
  for (int i = 1; i <= steps; ++i) {
    const double factor = options.lowest + i * options.step;
    const double brier = mean_brier(factor);
    if (brier < choice.mean_brier) {
      choice.factor = factor;
      choice.mean_brier = brier;
    }
  }
  return choice;
}

}  // namespace tocsin::judge
